package dev.baton;

import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.tls.TlsCerts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * HAProxy's global {@code default-path}: the relative names of the files a configuration reads while it loads are
 * found from the policy's directory, not from where baton was started (the tests run from the project's directory,
 * where none of these files are). Each layout is also checked with {@code haproxy -c} when HAProxy is installed.
 */
class DefaultPathTest {
    private static final String HAPROXY = "/usr/sbin/haproxy";
    private static final String SORRY = "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 6\r\n\r\nsorry\n";

    @TempDir
    Path dir;

    /** A site bundle under {@code root}: error page, ACL list, map, reply body, certificates and a crt-list. */
    private void bundle(final Path root) throws Exception {
        write(root.resolve("errors/503.http"), SORRY);
        write(root.resolve("lists/admins.lst"), "/admin\n");
        write(root.resolve("maps/hosts.map"), "a.example be\n");
        write(root.resolve("pages/hello.txt"), "hello\n");
        new TlsCerts(root).ec("certs/site.pem", "site.example");
        new TlsCerts(root).ec("certs/other.pem", "other.example");
        write(root.resolve("certs/list.txt"), "certs/other.pem other.example\n");
    }

    private static String config(final String defaultPath) {
        return String.join("\n",
            "global",
            defaultPath,
            "defaults",
            "    mode http",
            "    timeout client 1s",
            "    timeout connect 1s",
            "    timeout server 1s",
            "frontend fe",
            "    bind 127.0.0.1:18443 ssl crt certs/site.pem crt-list certs/list.txt",
            "    acl admin path_beg -f lists/admins.lst",
            "    http-request return status 200 content-type text/plain file pages/hello.txt if admin",
            "    http-request set-var(txn.be) req.hdr(host),map(maps/hosts.map)",
            "    default_backend be",
            "backend be",
            "    errorfile 503 errors/503.http",
            "    server s 127.0.0.1:9001",
            "");
    }

    @Test
    void configReadsRelativeNamesFromTheFilesDirectory() throws Exception {
        final Path site = dir.resolve("site");
        bundle(site);
        final Path cfg = write(site.resolve("haproxy.cfg"), config("    default-path config"));

        assertBothLoad(cfg);

        final BatonConfig loaded = ConfigLoader.load(List.of(cfg), Map.of());
        assertEquals(SORRY, new String(loaded.backend("be").http().errorFile(503).response(),
            StandardCharsets.ISO_8859_1));

        final Path current = write(site.resolve("current.cfg"), config("    default-path current"));
        final CommandLineRun missing = run("-c", "-f", current.toString());
        assertEquals(1, missing.exit(), "from the starting directory the files are not there: " + missing.err());
        assertTrue(missing.err().contains("errors/503.http"), missing.err());
        assertHaproxyChecks(current, false);
    }

    @Test
    void parentAndOriginReadFromTheirDirectories() throws Exception {
        bundle(dir);
        assertBothLoad(write(dir.resolve("conf/haproxy.cfg"), config("    default-path parent")));
        assertBothLoad(write(dir.resolve("elsewhere/haproxy.cfg"), config("    default-path origin " + dir)));
    }

    @Test
    void crtBaseAndCaBaseAreThemselvesReadFromTheDirectory() throws Exception {
        final Path site = dir.resolve("site");
        new TlsCerts(site).ec("tls/site.pem", "site.example");
        final String pem = Files.readString(site.resolve("tls/site.pem"));
        write(site.resolve("tls/ca.pem"), pem.substring(0, pem.indexOf("-----END CERTIFICATE-----") + 26));
        final Path cfg = write(site.resolve("haproxy.cfg"), String.join("\n",
            "global",
            "    default-path config",
            "    crt-base tls",
            "    ca-base tls",
            "frontend fe",
            "    mode http",
            "    timeout client 1s",
            "    bind 127.0.0.1:18443 ssl crt site.pem ca-file ca.pem verify optional",
            "    default_backend be",
            "backend be",
            "    mode http",
            "    timeout connect 1s",
            "    timeout server 1s",
            "    server s 127.0.0.1:9001 ssl crt site.pem ca-file ca.pem",
            ""));

        assertBothLoad(cfg);
    }

    @Test
    void eachFileGetsThePolicysDirectoryOfItsOwn() throws Exception {
        final Path a = dir.resolve("a");
        final Path b = dir.resolve("b");
        write(a.resolve("errors/503.http"), SORRY);
        write(b.resolve("errors/503.http"), SORRY.replace("sorry", "other"));
        final Path first = write(a.resolve("1.cfg"), String.join("\n",
            "global",
            "    default-path config",
            "defaults",
            "    mode http",
            "    timeout client 1s",
            "    timeout connect 1s",
            "    timeout server 1s",
            "backend one",
            "    errorfile 503 errors/503.http",
            "    server s 127.0.0.1:9001",
            ""));
        final Path second = write(b.resolve("2.cfg"), String.join("\n",
            "listen two",
            "    bind 127.0.0.1:18443",
            "    mode http",
            "    errorfile 503 errors/503.http",
            "    server s 127.0.0.1:9001",
            ""));

        final BatonConfig loaded = ConfigLoader.load(List.of(first, second), Map.of());
        assertTrue(new String(loaded.backend("one").http().errorFile(503).response(), StandardCharsets.ISO_8859_1)
            .endsWith("sorry\n"));
        assertTrue(new String(loaded.backend("two").http().errorFile(503).response(), StandardCharsets.ISO_8859_1)
            .endsWith("other\n"));
    }

    @Test
    void badPoliciesAreRefusedAsHaproxyRefusesThem() throws IOException {
        final Path badMode = write(dir.resolve("mode.cfg"), "global\n    default-path somewhere\n");
        final CommandLineRun mode = run("-c", "-f", badMode.toString());
        assertEquals(1, mode.exit());
        assertTrue(mode.err().contains(badMode + ":2: unsupported default-path mode 'somewhere'"), mode.err());

        final Path noDir = write(dir.resolve("nodir.cfg"), "global\n    default-path origin " + dir.resolve("none")
            + "\n");
        final CommandLineRun missing = run("-c", "-f", noDir.toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains(noDir + ":2: couldn't set 'default-path' to 'origin'"), missing.err());

        final Path noArg = write(dir.resolve("noarg.cfg"), "global\n    default-path origin\n");
        final CommandLineRun none = run("-c", "-f", noArg.toString());
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("'default-path origin' expects a directory"), none.err());
    }

    private static Path write(final Path file, final String content) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    /** {@code baton -c} and {@code haproxy -c} both accept {@code cfg}. */
    private static void assertBothLoad(final Path cfg) throws IOException, InterruptedException {
        final CommandLineRun run = run("-c", "-f", cfg.toString());
        assertEquals(0, run.exit(), run.err());
        assertHaproxyChecks(cfg, true);
    }

    /** {@code haproxy -c} on the same file, started from the test's directory as baton is. */
    private static void assertHaproxyChecks(final Path cfg, final boolean valid)
        throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of(HAPROXY)), "HAProxy 2.6 not installed");
        final Process p = new ProcessBuilder(HAPROXY, "-c", "-f", cfg.toString()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "haproxy -c did not finish");
        assertEquals(valid, p.exitValue() == 0, "haproxy -c: " + out);
    }

    private static CommandLineRun run(final String... args) {
        return CommandLineRun.run(args);
    }
}
