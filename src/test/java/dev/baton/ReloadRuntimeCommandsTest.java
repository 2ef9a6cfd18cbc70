package dev.baton;

import dev.baton.config.ConfigLoader;
import dev.baton.support.Sockets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * After a reload the runtime API's certificate, map and ACL commands work on the configuration in force: the files
 * the new configuration names, read again (as HAProxy's new process reads them), not the first configuration's.
 */
class ReloadRuntimeCommandsTest {
    @TempDir
    Path dir;

    private Daemon daemon;
    private Reload reload;

    @AfterEach
    void tearDown() throws Exception {
        if (reload != null) {
            reload.close();
        }
        if (daemon != null) {
            daemon.stop(1);
        }
    }

    private Path cert(final String name) throws Exception {
        final Path key = dir.resolve(name + ".key");
        final Path crt = dir.resolve(name + ".crt");
        final Process p = new ProcessBuilder("openssl", "req", "-x509", "-nodes", "-days", "2", "-newkey", "ec",
            "-pkeyopt", "ec_paramgen_curve:prime256v1", "-subj", "/CN=" + name, "-keyout", key.toString(), "-out",
            crt.toString()).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl req for " + name);
        final Path pem = dir.resolve(name + ".pem");
        Files.writeString(pem, Files.readString(crt) + Files.readString(key));
        return pem;
    }

    private static String config(final int fePort, final int cliPort, final Path pem, final Path users) {
        return "global\n    stats socket ipv4@127.0.0.1:" + cliPort + " level admin\n"
            + "defaults\n    mode http\n    timeout connect 2s\n    timeout client 10s\n    timeout server 10s\n"
            + "frontend fe\n    bind 127.0.0.1:" + fePort + " ssl crt " + pem + "\n"
            + "    acl blocked req.hdr(x-user) -f " + users + "\n"
            + "    http-request deny if blocked\n"
            + "    http-request return status 200\n";
    }

    private static String cli(final int cliPort, final String line) throws Exception {
        return Sockets.cli(cliPort, line);
    }

    @Test
    void certificateMapAndAclCommandsFollowTheReloadedConfiguration() throws Exception {
        final Path first = cert("first");
        final Path second = cert("second");
        final Path users1 = Files.writeString(dir.resolve("users1.lst"), "alice\n");
        final Path users2 = Files.writeString(dir.resolve("users2.lst"), "bob\n");
        final int fePort = Sockets.unusedPort();
        final int cliPort = Sockets.unusedPort();
        final Path cfg = dir.resolve("baton.cfg");
        Files.writeString(cfg, config(fePort, cliPort, first, users1));
        daemon = new Daemon(ConfigLoader.load(List.of(cfg), Map.of()));
        daemon.start();
        reload = new Reload(daemon, List.of(cfg), Map.of());
        daemon.reloader(reload);
        assertEquals("# filename\n" + first + "\n\n", cli(cliPort, "show ssl cert"));
        assertTrue(cli(cliPort, "show acl").contains("(" + users1 + ")"));

        Files.writeString(cfg, config(fePort, cliPort, second, users2));
        assertTrue(cli(cliPort, "reload").startsWith("Success=1"), "the reload is taken");
        assertEquals("# filename\n" + second + "\n\n", cli(cliPort, "show ssl cert"));
        final String acls = cli(cliPort, "show acl");
        assertTrue(acls.contains("(" + users2 + ")") && !acls.contains("(" + users1 + ")"), acls);
        assertEquals("", cli(cliPort, "add acl " + users2 + " carol").strip());
        assertTrue(cli(cliPort, "show acl " + users2).contains(" carol\n"));
        assertTrue(cli(cliPort, "show ssl cert " + second).contains("Subject: /CN=second"));
    }
}
