package dev.baton;

import dev.baton.support.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@code baton -c} and {@code haproxy -c} on the same {@code peers} configurations: the same errors and warnings,
 * word for word (HAProxy's {@code [ALERT]}/{@code [WARNING]} prefixes and {@code parsing [FILE:LINE] :} left out),
 * and the same verdict.
 */
class PeersCheckSameAsHaproxyTest {
    private static final String HEAD = String.join("\n",
        "defaults",
        "    mode http",
        "    timeout client 1s",
        "    timeout server 1s",
        "    timeout connect 1s",
        "frontend fe",
        "    bind 127.0.0.1:18080",
        "");
    private static final String RETURN = "    http-request return status 200";

    @TempDir
    Path tmp;

    private record Outcome(boolean valid, List<String> messages) {
    }

    private Outcome haproxy(final Path cfg, final String localPeer) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("haproxy", "-c", "-f", cfg.toString()));
        if (localPeer != null) {
            command.addAll(List.of("-L", localPeer));
        }
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        final List<String> messages = new ArrayList<>();
        for (final String line : out.split("\n")) {
            if (!line.startsWith("[ALERT]") && !line.startsWith("[WARNING]")) {
                continue;
            }
            String m = line.substring(line.indexOf(": config : ") + ": config : ".length());
            m = m.replaceFirst("^[Pp]arsing \\[[^]]+\\] ?: ", "");
            if (m.startsWith("Fatal errors found") || m.startsWith("Error(s) found")) {
                continue;
            }
            messages.add(m);
        }
        return new Outcome(p.exitValue() == 0, messages.stream().sorted().toList());
    }

    private static Outcome baton(final Path cfg, final String localPeer) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final List<String> args = new ArrayList<>(List.of("-c", "-f", cfg.toString()));
        if (localPeer != null) {
            args.addAll(List.of("-L", localPeer));
        }
        final int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = Baton.commandLine(o, e).execute(args.toArray(new String[0]));
        }
        final List<String> messages = new ArrayList<>();
        for (final String line : err.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isEmpty() || line.startsWith("Configuration file has")) {
                continue;
            }
            messages.add(line.replaceFirst("^\\[WARNING\\] ", "").replaceFirst("^" + cfg + ":\\d+: ", ""));
        }
        return new Outcome(exit == 0, messages.stream().sorted().toList());
    }

    private void same(final String localPeer, final String... lines) throws Exception {
        ExternalTool.requireHaproxy();
        final Path cfg = Files.writeString(tmp.resolve("peers.cfg"), HEAD + String.join("\n", lines) + "\n");
        final Outcome h = haproxy(cfg, localPeer);
        assertEquals(h, baton(cfg, localPeer), String.join("\n", lines));
    }

    @Test
    void aValidSectionAndItsTables() throws Exception {
        same("me",
            "    stick-table type ip size 1k expire 1m store http_req_cnt,gpc0 peers mesh",
            "    http-request track-sc0 src",
            "    http-request track-sc1 src table mesh/t",
            RETURN,
            "peers mesh",
            "    peer me 127.0.0.1:10000",
            "    peer other 127.0.0.1:10001",
            "    table t type string len 16 size 10 expire 5s store gpc0,http_req_rate(10s)",
            "peers alt",
            "    bind 127.0.0.1:10002",
            "    server me",
            "    server other 127.0.0.1:10003",
            "    disabled");
    }

    @Test
    void anUnknownSection() throws Exception {
        same("me",
            "    stick-table type ip size 1k peers nope",
            "    http-request track-sc0 src",
            RETURN,
            "peers p",
            "    peer me 127.0.0.1:10000");
    }

    @Test
    void duplicatesAndMixedForms() throws Exception {
        same("me",
            RETURN,
            "peers p",
            "    peer me 127.0.0.1:10000",
            "    peer me 127.0.0.1:10001",
            "peers p",
            "    peer me 127.0.0.1:10002",
            "    bind 127.0.0.1:10003",
            "    table t type ip size 1k peers p",
            "    foo bar");
    }

    @Test
    void aTableNamedAsAProxyTableDeclaredBefore() throws Exception {
        same("me",
            "    stick-table type ip size 1k peers mesh",
            RETURN,
            "peers mesh",
            "    peer me 127.0.0.1:10000",
            "    table fe type ip size 10");
    }

    @Test
    void aSectionWithoutTheLocalPeerIsDropped() throws Exception {
        same("nobody",
            "    stick-table type ip size 1k peers mesh",
            "    http-request track-sc0 src",
            RETURN,
            "peers mesh",
            "    peer me 127.0.0.1:10000",
            "    peer other 127.0.0.1:10001",
            "global",
            "    localpeer me");
    }

    @Test
    void localpeerAfterASectionOrUnderMinusL() throws Exception {
        final String[] lines = {
            RETURN,
            "global",
            "    localpeer me",
            "peers mesh",
            "    peer me 127.0.0.1:10000",
            "global",
            "    localpeer other"};
        same(null, lines);
        same("me", lines);
        assertFalse(baton(tmp.resolve("peers.cfg"), "me").messages().isEmpty(), "the warnings are there to compare");
    }
}
