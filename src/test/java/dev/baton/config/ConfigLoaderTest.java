package dev.baton.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(final String name, final String... lines) throws IOException {
        final Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, ConfigTexts.lines(lines));
        return file;
    }

    private static List<String> errors(final List<Path> paths) {
        final ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(paths, Map.of()));
        return ConfigTexts.render(e.errors());
    }

    @Test
    void filesLoadInOrderAndDefaultsCarryOver() throws Exception {
        final Path common = write("common.cfg",
            "global",
            "    nbthread 2",
            "defaults",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "    retries 5");
        final Path app = write("app.cfg",
            "frontend web",
            "    bind \"${ADDR}:8080\"",
            "    default_backend app",
            "backend app",
            "    server s1 127.0.0.1:9000");
        final BatonConfig config = ConfigLoader.load(List.of(common, app), Map.of("ADDR", "127.0.0.1"));
        assertEquals(2, config.global().nbthread());
        assertEquals(5, config.backend("app").retries());
        assertEquals(List.of(new BindConfig("127.0.0.1", 8080, new SourceLocation(app.toString(), 2))),
            config.proxies().get(0).binds());
        assertEquals(new SourceLocation(app.toString(), 5), config.backend("app").servers().get(0).where());
        assertEquals(List.of(), config.warnings());
    }

    @Test
    void aSectionEndsWithItsFile() throws IOException {
        final Path a = write("a.cfg", "backend app", "    server s1 127.0.0.1:9000");
        final Path b = write("b.cfg", "    server s2 127.0.0.1:9001");
        assertEquals(List.of(b + ":1: 'server' outside of any section"), errors(List.of(a, b)));
    }

    @Test
    void errorsAreSortedByLoadingOrderThenLine() throws IOException {
        final Path z = write("z.cfg",
            "frontend web",
            "    bind :80",
            "    default_backend nope",
            "    bnid :81");
        final Path a = write("a.cfg",
            "global",
            "    maxconn x",
            "frontend web");
        assertEquals(List.of(
            z + ":3: default_backend 'nope': no such backend",
            z + ":4: unknown keyword 'bnid' in 'frontend' section; did you mean 'bind'?",
            a + ":2: 'maxconn' expects a positive integer, got 'x'",
            a + ":3: frontend 'web' is already defined at " + z + ":1"),
            errors(List.of(z, a)));
    }

    @Test
    void aFileWithSeveralErrorsReportsAllOfThemInLineOrder() {
        // Found in three passes (tokenizer, line parsers, cross-checks at the end), reported by line.
        assertEquals(List.of(
            "t.cfg:1: 'timeout' outside of any section",
            "t.cfg:3: 'nbthread' expects an integer between 1 and 64, got 'many'",
            "t.cfg:4: unterminated double quote",
            "t.cfg:6: port 99999 out of range 1..65535 in 'bind'",
            "t.cfg:7: 'mode' expects tcp or http, got 'udp'",
            "t.cfg:8: 'log-format-sd' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:10: server keyword 'namespace' is not implemented yet",
            "t.cfg:11: server 's1' is already defined at t.cfg:10",
            "t.cfg:12: frontend 'web' is already defined at t.cfg:5",
            "t.cfg:13: bind 127.0.0.1:80 is already used by frontend 'web' at t.cfg:13"),
            ConfigTexts.errors(
                "timeout client 1s",                     // 1
                "global",                                // 2
                "    nbthread many",                     // 3
                "    pidfile \"/run/baton.pid",          // 4
                "frontend web",                          // 5
                "    bind :99999",                       // 6
                "    mode udp",                          // 7
                "    log-format-sd %{+Q,+E}o\\ [id@1\\ h=%hr]", // 8
                "backend app",                           // 9
                "    server s1 127.0.0.1:1 namespace n", // 10
                "    server s1 127.0.0.1:2",             // 11
                "frontend web",                          // 12
                "    bind *:80,127.0.0.1:80",            // 13
                "    default_backend app"));             // 14
    }

    @Test
    void aDirectoryContributesItsCfgFilesInNameOrder() throws IOException {
        final Path conf = dir.resolve("conf.d");
        write("conf.d/20-backend.cfg",
            "backend app",
            "    server s1 127.0.0.1:9000",
            "    sever s2 127.0.0.1:9001");
        write("conf.d/10-frontend.cfg",
            "frontend web",
            "    bind :80",
            "    default_backend app",
            "    maxconn -1");
        write("conf.d/README.txt", "not a configuration");
        write("conf.d/old.cfg.bak", "not a configuration");
        write("conf.d/sub.cfg/ignored.cfg", "not read: subdirectories are not walked");
        assertEquals(List.of(
            conf.resolve("10-frontend.cfg") + ":4: 'maxconn' expects a positive integer, got '-1'",
            conf.resolve("20-backend.cfg") + ":3: unknown keyword 'sever' in 'backend' section; did you mean 'server'?"),
            errors(List.of(conf)));
    }

    @Test
    void unreadableFilesAreReportedWithTheOtherErrors() throws IOException {
        final Path good = write("good.cfg", "global", "    nbthread 0");
        final Path missing = dir.resolve("missing.cfg");
        // Not UTF-8, but any byte may stand in a comment, as in HAProxy: no error.
        final Path latin1 = write("latin1.cfg", "global");
        Files.write(latin1, new byte[] {'#', (byte) 0xff, (byte) 0xfe, '\n'});
        assertEquals(List.of(
            good + ":2: 'nbthread' expects an integer between 1 and 64, got '0'",
            missing + ":0: cannot read file: no such file or directory"),
            errors(List.of(good, missing, latin1)));
    }

    @Test
    void theExceptionSummarisesTheFirstError() {
        final ConfigException e = assertThrows(ConfigException.class,
            () -> ConfigLoader.parse("x.cfg", "maxconn 1\nfoo\n", Map.of()));
        assertEquals("2 configuration error(s), first: x.cfg:1: 'maxconn' outside of any section", e.getMessage());
    }

    @Test
    void windowsLineEndingsAndAMissingFinalNewlineAreFine() throws ConfigException {
        final BatonConfig config = ConfigLoader.parse("crlf.cfg",
            "global\r\n    maxconn 7\r\n    nbthread 3", Map.of());
        assertEquals(7, config.global().maxconn());
        assertEquals(3, config.global().nbthread());
    }

    @Test
    void tokenizerProblemsAreReportedAtTheirLine() throws ConfigException {
        assertEquals(List.of(
            "t.cfg:2: unterminated double quote",
            "t.cfg:3: unterminated single quote"),
            ConfigTexts.errors("global", "    pidfile \"/run/x", "    pidfile '/run/y"));
        assertEquals(List.of("t.cfg:2: environment variable 'PIDDIR' is not set; using an empty string"),
            ConfigTexts.warnings("global", "    pidfile \"${PIDDIR}/baton.pid\""));
    }
}
