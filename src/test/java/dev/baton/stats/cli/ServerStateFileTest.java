package dev.baton.stats.cli;

import dev.baton.support.DaemonProcess;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code server-state-file} with {@code load-server-state-from-file}: the states saved with {@code show servers state}
 * come back after a restart, in baton and in HAProxy 2.6 alike, from each other's files; the configuration wins
 * where it changed; a broken file changes nothing and says why.
 */
class ServerStateFileTest {
    @TempDir
    Path dir;

    /** A backend of four servers nobody checks (nothing listens on their ports: no traffic is sent). */
    private String config(final String globalExtra, final String backendExtra, final String weights, final int fePort)
        throws Exception {
        final String[] w = weights.split(",");
        final StringBuilder servers = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            servers.append("    server s").append(i + 1).append(" 127.0.0.1:").append(RunningDaemon.freePort())
                .append(" weight ").append(w[i]).append('\n');
        }
        return String.join("\n",
            "global",
            "    stats socket " + dir.resolve("admin.sock") + " level admin",
            "    " + globalExtra,
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 10s",
            "    timeout server 10s",
            "frontend fe",
            "    bind 127.0.0.1:" + fePort,
            "    default_backend be",
            "backend be",
            "    " + backendExtra,
            servers.toString());
    }

    /** Each server line of {@code show servers state}: name, op state, admin state, user weight, initial weight. */
    private static List<String> states(final String show) {
        final List<String> out = new ArrayList<>();
        for (final String line : show.split("\n")) {
            final String[] f = line.split(" ");
            if (f.length > 8 && !line.startsWith("#")) {
                out.add(f[3] + " " + f[5] + " " + f[6] + " " + f[7] + " " + f[8]);
            }
        }
        return out;
    }

    /** Waits until the runtime API answers on {@code socket} (it may start a moment after the frontends). */
    private static void awaitRuntimeApi(final Path socket) {
        org.awaitility.Awaitility.await("runtime API on " + socket).atMost(java.time.Duration.ofSeconds(10))
            .ignoreExceptions().until(() -> CliClient.exchange(socket, "show info").contains("Name:"));
    }

    private static final String CHANGES = "set server be/s1 state maint; set server be/s2 weight 7; "
        + "set server be/s3 state drain; set server be/s4 health down";

    @Test
    void aRestartKeepsWhatTheRuntimeApiChanged() throws Exception {
        final Path admin = dir.resolve("admin.sock");
        final Path saved = dir.resolve("state");
        final int port = RunningDaemon.freePort();
        final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config("server-state-file " + saved,
            "load-server-state-from-file global", "1,1,1,1", port));
        final List<String> before;
        try (DaemonProcess first = DaemonProcess.start(dir, "-f", cfg.toString())) {
            first.awaitAccepting(port);
            awaitRuntimeApi(admin);
            CliClient.exchange(admin, CHANGES);
            final String show = CliClient.exchange(admin, "show servers state");
            before = states(show);
            Files.writeString(saved, show);
            assertEquals(0, first.stop());
        }
        assertEquals(List.of("s1 0 1 1 1", "s2 2 0 7 1", "s3 2 8 1 1", "s4 0 0 1 1"), before);
        try (DaemonProcess second = DaemonProcess.start(dir, "-f", cfg.toString())) {
            second.awaitAccepting(port);
            awaitRuntimeApi(admin);
            assertEquals(before, states(CliClient.exchange(admin, "show servers state")));
            assertTrue(second.stderr().contains("Server be/s4 is DOWN, changed from server-state after a reload"),
                second.stderr());
            assertEquals(0, second.stop());
        }
    }

    @Test
    void batonAndHaproxyReadEachOthersFiles() throws Exception {
        final Path admin = dir.resolve("admin.sock");
        final Path fromHaproxy = dir.resolve("from-haproxy");
        final Path fromBaton = dir.resolve("from-baton");
        final int port = RunningDaemon.freePort();
        final String haproxyCfg = config("server-state-file " + fromBaton, "load-server-state-from-file global",
            "1,1,1,1", port);
        final List<String> haproxyStates;
        // HAProxy makes the changes and saves; baton starts from HAProxy's file
        final HaproxyProcess saving = HaproxyProcess.start(dir, haproxyCfg, port);
        try {
            CliClient.exchange(admin, CHANGES);
            final String show = CliClient.exchange(admin, "show servers state");
            haproxyStates = states(show);
            Files.writeString(fromHaproxy, show);
        } finally {
            saving.close();
        }
        final Path batonCfg = Files.writeString(dir.resolve("baton.cfg"), config("server-state-file " + fromHaproxy,
            "load-server-state-from-file global", "1,1,1,1", port));
        try (DaemonProcess baton = DaemonProcess.start(dir, "-f", batonCfg.toString())) {
            baton.awaitAccepting(port);
            awaitRuntimeApi(admin);
            final String show = CliClient.exchange(admin, "show servers state");
            assertEquals(haproxyStates, states(show), "baton restored HAProxy's states");
            Files.writeString(fromBaton, show);
            assertEquals(0, baton.stop());
        }
        // and HAProxy starts from baton's file
        final HaproxyProcess restoring = HaproxyProcess.start(dir, haproxyCfg, port);
        try {
            assertEquals(haproxyStates, states(CliClient.exchange(admin, "show servers state")),
                "HAProxy restored baton's states");
        } finally {
            restoring.close();
        }
    }

    @Test
    void aChangedConfigurationWinsAndALocalFileIsFoundUnderTheBase() throws Exception {
        final Path admin = dir.resolve("admin.sock");
        Files.createDirectories(dir.resolve("states"));
        final int port = RunningDaemon.freePort();
        final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config("server-state-base " + dir.resolve("states"),
            "load-server-state-from-file local", "1,1,1,1", port));
        try (DaemonProcess first = DaemonProcess.start(dir, "-f", cfg.toString())) {
            first.awaitAccepting(port);
            awaitRuntimeApi(admin);
            CliClient.exchange(admin, "set server be/s1 weight 9; set server be/s2 weight 9");
            // the backend's own file: server-state-base + the backend's name
            Files.writeString(dir.resolve("states").resolve("be"), CliClient.exchange(admin, "show servers state be"));
            assertEquals(0, first.stop());
        }
        // s2's configured weight changed from 1 to 3: the configuration's weight wins, s1 keeps its runtime 9
        Files.writeString(cfg, config("server-state-base " + dir.resolve("states"), "load-server-state-from-file local",
            "1,3,1,1", port));
        try (DaemonProcess second = DaemonProcess.start(dir, "-f", cfg.toString())) {
            second.awaitAccepting(port);
            awaitRuntimeApi(admin);
            final List<String> now = states(CliClient.exchange(admin, "show servers state"));
            assertEquals("s1 2 0 9 1", now.get(0));
            assertEquals("s2 2 0 3 3", now.get(1));
            assertEquals(0, second.stop());
        }
    }

    @Test
    void aBrokenFileChangesNothingAndSaysWhy() throws Exception {
        final Path admin = dir.resolve("admin.sock");
        final Path saved = dir.resolve("state");
        final int port = RunningDaemon.freePort();
        final Path cfg = Files.writeString(dir.resolve("baton.cfg"), config("server-state-file " + saved,
            "load-server-state-from-file global", "1,1,1,1", port));
        Files.writeString(saved, "1\n# be_id be_name srv_id srv_name\n3 be 1 s1 127.0.0.1 0 1 1 1\n");
        try (DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString())) {
            baton.awaitAccepting(port);
            awaitRuntimeApi(admin);
            baton.awaitStderr("corrupted global server state file '" + saved + "' at line 3.");
            assertEquals("s1 2 0 1 1", states(CliClient.exchange(admin, "show servers state")).get(0));
            assertEquals(0, baton.stop());
        }
        Files.delete(saved);
        try (DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString())) {
            baton.awaitAccepting(port);
            awaitRuntimeApi(admin);
            baton.awaitStderr("Can't open global server state file '" + saved + "': No such file or directory");
            assertEquals(0, baton.stop());
        }
    }
}
