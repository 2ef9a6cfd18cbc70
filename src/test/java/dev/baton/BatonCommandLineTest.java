package dev.baton;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code baton} command line run in-process: {@code -c} checks, usage errors, version, and the order in
 * which a configuration directory loads. What is printed and the exit code are both part of the contract
 * (scripts and systemd's {@code ExecStartPre=baton -c} rely on them).
 */
class BatonCommandLineTest {
    private static final Pattern ERROR_LINE = Pattern.compile("^.+:\\d+: .+$");

    private static final String VALID = String.join("\n",
        "global",
        "    maxconn 100",
        "    nbthread 1",
        "defaults",
        "    mode tcp",
        "    timeout connect 1s",
        "    timeout client 5s",
        "    timeout server 5s",
        "frontend fe",
        "    bind 127.0.0.1:18080",
        "    default_backend be",
        "backend be",
        "    server s1 127.0.0.1:9001",
        "");

    @TempDir
    Path dir;

    @Test
    void checkOfValidFilePrintsOneLineAndExitsZero() throws IOException {
        final Path file = write("valid.cfg", VALID);

        final CommandLineRun run = run("-c", "-f", file.toString());

        assertEquals(0, run.exit());
        assertEquals("Configuration file is valid\n", run.out());
        assertEquals("", run.err());
    }

    /**
     * {@code -L NAME} names the local peer, as HAProxy's: the peers section keeps the peer of that name as this
     * process; without it (the host name) the section has no local peer and is dropped with HAProxy's warning.
     */
    @Test
    void dashLNamesTheLocalPeer() throws IOException {
        final Path file = write("peers.cfg", VALID + String.join("\n",
            "peers mesh",
            "    peer baton-test-peer 127.0.0.1:10000",
            "    peer other 127.0.0.1:10001",
            ""));
        final CommandLineRun named = run("-c", "-L", "baton-test-peer", "-f", file.toString());
        assertEquals(0, named.exit());
        assertEquals("", named.err());
        final CommandLineRun unnamed = run("-c", "-f", file.toString());
        assertEquals(0, unnamed.exit());
        assertTrue(unnamed.err().contains("Removing incomplete section 'peers mesh' (no peer named '"), unnamed.err());
    }

    /**
     * A server name that does not resolve yet is an error, unless a {@code resolvers} section re-resolves it and no
     * {@code init-addr} is written: then, as HAProxy 2.6, a warning, and the server starts in maintenance (the usual
     * case of a container not started yet). An {@code init-addr} written without {@code none} keeps the error.
     * Under {@code zero-warning} (-dW) the warning stops {@code -c} and a start, as HAProxy's does.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60) // a start that zero-warning failed to stop would run on: fail, not hang
    void anUnresolvedNameWithResolversIsAWarningUnlessInitAddrSaysOtherwise() throws IOException {
        final String withResolvers = VALID.replace("    server s1 127.0.0.1:9001", "    server s1 app.invalid:9001"
            + " resolvers dns") + "resolvers dns\n    nameserver ns1 127.0.0.1:53\n";
        final CommandLineRun warned = run("-c", "-f", write("resolvers.cfg", withResolvers).toString());
        assertEquals(0, warned.exit(), warned.err());
        assertEquals("Configuration file is valid\n", warned.out());
        assertTrue(warned.err().matches("\\[WARNING] .*resolvers\\.cfg:13: server 'be/s1': could not resolve address "
            + "'app\\.invalid', disabling server\n"), warned.err());
        final CommandLineRun zero = run("-c", "-dW", "-f", dir.resolve("resolvers.cfg").toString());
        assertEquals(1, zero.exit(), zero.err());
        assertTrue(zero.err().endsWith(Baton.ZERO_WARNING_ABORT + "\n"), "zero-warning counts it too: " + zero.err());
        final CommandLineRun zeroStart = run("-dW", "-db", "-f", dir.resolve("resolvers.cfg").toString());
        assertEquals(1, zeroStart.exit(), zeroStart.err());
        assertTrue(zeroStart.err().endsWith(Baton.ZERO_WARNING_ABORT + "\n"), "and refuses to start: " + zeroStart.err());

        final CommandLineRun plain = run("-c", "-f", write("plain.cfg", VALID.replace("127.0.0.1:9001", "app.invalid:9001"))
            .toString());
        assertEquals(1, plain.exit(), plain.err());
        assertTrue(plain.err().contains("server 'be/s1': could not resolve address 'app.invalid'\n"), plain.err());

        final CommandLineRun written = run("-c", "-f", write("written.cfg", withResolvers.replace("resolvers dns\nresolvers",
            "resolvers dns init-addr last,libc\nresolvers")).toString());
        assertEquals(1, written.exit(), written.err());
        assertTrue(written.err().contains("could not resolve address 'app.invalid'\n"), written.err());
    }

    @Test
    void haproxyHarnessFlagsAreAcceptedOrRefusedWithTheAlternative() throws IOException {
        final Path file = write("valid.cfg", VALID);

        final CommandLineRun quietForeground = run("-c", "-q", "-db", "-W", "-f", file.toString());
        assertEquals(0, quietForeground.exit(), quietForeground.err());
        assertEquals("", quietForeground.out(), "-q: nothing on success, as haproxy -c -q");
        assertEquals("", quietForeground.err());

        final Path warned = write("warned.cfg", VALID.replace("    timeout client 5s\n", ""));
        assertTrue(run("-c", "-f", warned.toString()).err().contains("[WARNING]"), "without -q it warns");
        final CommandLineRun quietWarnings = run("-c", "-q", "-f", warned.toString());
        assertEquals(0, quietWarnings.exit());
        assertEquals("", quietWarnings.err(), "-q hides warnings too");

        final CommandLineRun badMaster = run("-S", dir.resolve("m.sock") + ",mode,999", "-f", file.toString());
        assertEquals(2, badMaster.exit(), "-S takes a 'stats socket' line's options, checked as there");
        assertTrue(badMaster.err().contains("-S " + dir.resolve("m.sock") + ",mode,999: 'stats socket mode' expects"),
            badMaster.err());
        final CommandLineRun masterCheck = run("-c", "-S", dir.resolve("m.sock") + ",mode,600,level,operator", "-f",
            file.toString());
        assertEquals(0, masterCheck.exit(), masterCheck.err());
        final CommandLineRun systemdCheck = run("-Ws", "-c", "-f", file.toString());
        assertEquals(0, systemdCheck.exit(), systemdCheck.err());
        final CommandLineRun handOver = run("-f", file.toString(), "-sf", "1234", "5678");
        assertEquals(2, handOver.exit());
        assertTrue(handOver.err().contains("-sf/-st") && handOver.err().contains("-Ws for Type=notify")
            && handOver.err().contains("SIGUSR2") && handOver.err().contains("baton reload -S"), handOver.err());
    }

    @Test
    void checkOfBrokenFileReportsEveryErrorWithFileAsGivenAndExitsOne() throws IOException {
        write("broken.cfg", String.join("\n",
            "global",
            "    maxconn 100",
            "    maxcon 10",
            "defaults",
            "    mode tcp",
            "    timeout connect abc",
            "frontend fe",
            "    bind 127.0.0.1:18080",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:99999",
            ""));
        Files.createDirectories(dir.resolve("sub"));
        // Not normalised on purpose: messages must name the file the way the user wrote it.
        final String asGiven = dir + "/sub/../broken.cfg";

        final CommandLineRun run = run("-c", "-f", asGiven);

        assertEquals(1, run.exit(), run.err());
        assertEquals("", run.out());
        final List<String> errors = errorLines(run.err());
        assertEquals(List.of(
            asGiven + ":3: unknown keyword 'maxcon' in 'global' section; did you mean 'maxconn'?",
            asGiven + ":6: 'timeout connect' expects a time such as 30s, got 'abc'",
            asGiven + ":11: port 99999 out of range 1..65535 in 'server s1'"), errors);
    }

    /** As HAProxy 2.6's {@code -c}: "Configuration file has no error but will not start (no listener)". */
    @Test
    void checkOfAConfigurationWithoutListenerSaysItWillNotStartAndExitsOne() throws IOException {
        final Path file = write("backend-only.cfg", String.join("\n",
            "defaults",
            "    mode tcp",
            "    timeout connect 1s",
            "    timeout server 5s",
            "backend be",
            "    server s1 127.0.0.1:9001",
            ""));

        final CommandLineRun run = run("-c", "-f", file.toString());

        assertEquals(1, run.exit(), run.err());
        assertEquals("", run.out());
        assertEquals("no listener: no frontend or listen section has a 'bind' line, and there is no 'stats socket'\n"
            + "Configuration file has no error but will not start (no listener)\n", run.err());
    }

    @Test
    void checkOfAnEmptyConfigurationDirectoryFailsTheSameWay() throws IOException {
        final Path conf = Files.createDirectories(dir.resolve("conf.d"));

        final CommandLineRun run = run("-c", "-f", conf.toString());

        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().endsWith("will not start (no listener)\n"), run.err());
    }

    /** HAProxy counts a stats socket as a listener: such a configuration starts, serving the runtime API. */
    @Test
    void checkCountsAStatsSocketAsAListener() throws IOException {
        final Path file = write("stats-only.cfg", String.join("\n",
            "global",
            "    stats socket 127.0.0.1:19999 level admin",
            "backend be",
            "    timeout connect 1s",
            "    timeout server 5s",
            "    server s1 127.0.0.1:9001",
            ""));

        final CommandLineRun run = run("-c", "-f", file.toString());

        assertEquals(0, run.exit(), run.err());
        assertEquals("Configuration file is valid\n", run.out());
    }

    /**
     * {@code -c} resolves server addresses as start-up does (HAProxy: "could not resolve address"), so
     * that a file it accepts does not fail to start. {@code .invalid} never resolves (RFC 6761).
     */
    @Test
    void checkResolvesServerAddressesAsStartUpDoes() throws IOException {
        final Path file = write("unresolvable.cfg", VALID + String.join("\n",
            "    server s2 -127.0.0.1:9001",
            "    server s3 localhost:9001",
            "backend other",
            "    server s1 nosuchhost.invalid:80",
            "    server s2 nosuchhost.invalid:81",
            ""));

        final CommandLineRun run = run("-c", "-f", file.toString());

        assertEquals(1, run.exit(), run.err());
        assertEquals("", run.out());
        assertEquals(List.of(
            file + ":14: server 'be/s2': could not resolve address '-127.0.0.1'",
            file + ":17: server 'other/s1': could not resolve address 'nosuchhost.invalid'",
            file + ":18: server 'other/s2': could not resolve address 'nosuchhost.invalid'"), errorLines(run.err()));
        assertTrue(run.err().endsWith("Configuration file has 3 error(s)\n"), run.err());
    }

    @Test
    void missingConfigurationIsAUsageErrorExitingTwo() {
        final CommandLineRun run = run("-c");

        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertTrue(run.err().contains("Missing required option: '-f=FILE|DIR'"), run.err());
        assertTrue(run.err().contains("Usage: baton"), run.err());
    }

    @Test
    void unknownOptionIsAUsageErrorExitingTwo() {
        final CommandLineRun run = run("-c", "-f", "x.cfg", "--frobnicate");

        assertEquals(2, run.exit());
        assertTrue(run.err().contains("Unknown option: '--frobnicate'"), run.err());
    }

    @Test
    void versionPrintsNameAndVersionAndExitsZero() {
        for (final String flag : new String[] {"-v", "--version"}) {
            final CommandLineRun run = run(flag);

            assertEquals(0, run.exit(), flag);
            assertTrue(run.out().matches("baton \\S+ \\(Java [^)]+\\)\n"), flag + ": " + run.out());
            assertEquals("", run.err(), flag);
        }
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        final CommandLineRun run = run("-h");

        assertEquals(0, run.exit());
        assertTrue(run.out().startsWith("Usage: baton"), run.out());
        assertTrue(run.out().contains("Exit codes:"), run.out());
    }

    @Test
    void missingFileIsAConfigurationErrorAtLineZero() {
        final String missing = dir.resolve("nope.cfg").toString();

        final CommandLineRun run = run("-c", "-f", missing);

        assertEquals(1, run.exit());
        assertEquals(List.of(missing + ":0: cannot read file: no such file or directory"), errorLines(run.err()));
    }

    @Test
    void directoryLoadsItsCfgFilesInNameOrder() throws IOException {
        final Path conf = Files.createDirectories(dir.resolve("conf.d"));
        // Created in reverse order, so that creation order cannot pass for name order.
        write("conf.d/20-b.cfg", String.join("\n",
            "frontend fe",
            "    bind 127.0.0.1:18080",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:9001",
            ""));
        write("conf.d/10-a.cfg", VALID.substring(0, VALID.indexOf("frontend fe")));
        write("conf.d/30-ignored.cfg.bak", "this is not configuration\n");

        final CommandLineRun valid = run("-c", "-f", conf.toString());

        assertEquals(0, valid.exit(), valid.err());
        assertEquals("Configuration file is valid\n", valid.out());

        write("conf.d/20-b.cfg", "backend be\n    balance nosuchalgo\n    server s1 127.0.0.1:9001\n");
        write("conf.d/10-a.cfg", "global\n    nbthread zero\n");

        final CommandLineRun broken = run("-c", "-f", conf.toString());

        assertEquals(1, broken.exit());
        final List<String> errors = errorLines(broken.err());
        assertEquals(2, errors.size(), broken.err());
        assertTrue(errors.get(0).startsWith(conf.resolve("10-a.cfg") + ":2: "), errors.get(0));
        assertTrue(errors.get(0).contains("nbthread"), errors.get(0));
        assertTrue(errors.get(1).startsWith(conf.resolve("20-b.cfg") + ":2: "), errors.get(1));
        assertTrue(errors.get(1).contains("nosuchalgo"), errors.get(1));
    }

    @Test
    void repeatedFileOptionsLoadInCommandLineOrder() throws IOException {
        final Path second = write("second.cfg", "backend other\n    balance nosuchalgo\n");
        final Path first = write("first.cfg", "global\n    maxconn lots\n");

        final CommandLineRun run = run("-c", "-f", second.toString(), "-f", first.toString());

        assertEquals(1, run.exit());
        final List<String> errors = errorLines(run.err());
        assertEquals(2, errors.size(), run.err());
        assertTrue(errors.get(0).startsWith(second + ":2: "), errors.get(0));
        assertTrue(errors.get(1).startsWith(first + ":2: "), errors.get(1));
    }

    /** {@link #VALID} without its timeouts: valid, with HAProxy's two "missing timeouts" warnings. */
    private static final String WARNED = VALID.replace("    timeout connect 1s\n", "")
        .replace("    timeout client 5s\n", "").replace("    timeout server 5s\n", "");

    @Test
    void quietInTheGlobalSectionSilencesWarningsAndTheValidLine() throws IOException {
        final CommandLineRun loud = run("-c", "-f", write("loud.cfg", WARNED).toString());
        assertEquals(0, loud.exit());
        assertTrue(loud.err().contains("[WARNING]"), loud.err());

        final CommandLineRun quiet = run("-c", "-f", write("quiet.cfg", WARNED.replace("global\n", "global\n    quiet\n"))
            .toString());

        assertEquals(0, quiet.exit());
        assertEquals("", quiet.out());
        assertEquals("", quiet.err());
    }

    @Test
    void zeroWarningOrDashDwRefusesAWarnedConfigurationButNotACleanOne() throws IOException {
        final Path warned = write("warned.cfg", WARNED.replace("global\n", "global\n    zero-warning\n"));
        final CommandLineRun zero = run("-c", "-f", warned.toString());
        assertEquals(1, zero.exit());
        assertTrue(zero.err().contains("[WARNING]"), zero.err());
        assertTrue(zero.err().contains(Baton.ZERO_WARNING_ABORT), zero.err());

        final CommandLineRun dashDw = run("-dW", "-c", "-f", write("plain.cfg", WARNED).toString());
        assertEquals(1, dashDw.exit());
        assertTrue(dashDw.err().contains(Baton.ZERO_WARNING_ABORT), dashDw.err());

        final CommandLineRun clean = run("-dW", "-dM", "-c", "-f", write("clean.cfg",
            VALID.replace("global\n", "global\n    zero-warning\n")).toString());
        assertEquals(0, clean.exit(), clean.err());
        assertEquals("Configuration file is valid\n", clean.out());
    }

    private Path write(final String name, final String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    /** The {@code FILE:LINE: message} lines, without the closing count or warnings. */
    private static List<String> errorLines(final String err) {
        return err.lines()
            .filter(l -> ERROR_LINE.matcher(l).matches() && !l.startsWith("[WARNING]"))
            .collect(Collectors.toList());
    }

    private static CommandLineRun run(final String... args) {
        return CommandLineRun.run(args);
    }
}
