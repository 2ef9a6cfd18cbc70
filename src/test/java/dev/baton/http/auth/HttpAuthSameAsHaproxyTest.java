package dev.baton.http.auth;

import dev.baton.log.Haproxy26;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code userlist} with SHA-512, SHA-256 and MD5 crypt hashes made by {@code openssl passwd} when the test runs, and
 * an insecure password; {@code http-request auth [realm R] unless { http_auth(L) }} and {@code http_auth_group}: HAProxy
 * 2.6 and baton on one configuration answer the same statuses, the same {@code WWW-Authenticate} and 401 bodies, keep
 * the connection after a 401 the same way, and forward the same requests. HAProxy runs as a child process stopped by
 * its process before the test ends.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpAuthSameAsHaproxyTest {
    @TempDir
    Path dir;

    static String opensslPasswd(final String scheme, final String password) throws Exception {
        final Process p = new ProcessBuilder("openssl", "passwd", scheme, password).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl passwd " + scheme + ": " + out);
        return out;
    }

    private static String config(final int port, final int serverPort, final String[] hashes) {
        return String.join("\n",
            "defaults",
            "    mode http",
            "    timeout connect 1s",
            "    timeout client 5s",
            "    timeout server 5s",
            "userlist people",
            "    group admins users carol",
            "    group staff",
            "    user alice password " + hashes[0] + " groups admins,staff",
            "    user bob password " + hashes[1] + " groups staff",
            "    user carol password " + hashes[2],
            "    user dave insecure-password plain:text",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    http-request auth realm \"Team Area\" unless { http_auth(people) } || { path_beg /open } "
                + "|| { path_beg /be }",
            "    http-request deny if { path_beg /admin } !{ http_auth_group(people) admins }",
            "    default_backend app",
            "backend app",
            "    http-request auth if { path_beg /be } !{ http_auth_group(people) staff }",
            "    server s 127.0.0.1:" + serverPort,
            "");
    }

    private static String basic(final String userPassword) {
        return "Authorization: Basic "
            + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    private static String seen(final RawHttp.Response r) {
        final StringBuilder out = new StringBuilder().append(r.status);
        for (final String h : List.of("www-authenticate", "connection", "content-type", "cache-control", "x-server")) {
            // deny's connection handling is not what this test is about (baton closes after any deny)
            if (r.header(h) != null && (r.status != 403 || !h.equals("connection"))) {
                out.append(" | ").append(h).append(": ").append(r.header(h));
            }
        }
        if (r.status != 200) {
            out.append(" | ").append(r.text());
        }
        return out.toString();
    }

    private static String answer(final int port, final String path, final String... headers) throws IOException {
        try (RawHttp c = RawHttp.open(port)) {
            return seen(c.send(RawHttp.get(path, headers)).read());
        }
    }

    private static List<String> observe(final int port) throws IOException {
        final List<String> out = new ArrayList<>();
        out.add("none: " + answer(port, "/"));
        out.add("open: " + answer(port, "/open"));
        out.add("alice sha512: " + answer(port, "/", basic("alice:alice pw")));
        out.add("alice again: " + answer(port, "/", basic("alice:alice pw")));
        out.add("alice wrong: " + answer(port, "/", basic("alice:alice pW")));
        out.add("alice after: " + answer(port, "/", basic("alice:alice pw")));
        out.add("bob sha256: " + answer(port, "/", basic("bob:b0b")));
        out.add("carol md5: " + answer(port, "/", basic("carol:c")));
        out.add("dave insecure: " + answer(port, "/", basic("dave:plain:text")));
        out.add("dave wrong: " + answer(port, "/", basic("dave:plain")));
        out.add("nobody: " + answer(port, "/", basic("nobody:alice pw")));
        out.add("lower-case scheme: " + answer(port, "/", "Authorization: basic "
            + Base64.getEncoder().encodeToString("bob:b0b".getBytes(StandardCharsets.UTF_8)) + "\r\n"));
        out.add("bearer: " + answer(port, "/", "Authorization: Bearer abc\r\n"));
        out.add("bad base64: " + answer(port, "/", "Authorization: Basic !!!!\r\n"));
        out.add("no colon: " + answer(port, "/", "Authorization: Basic "
            + Base64.getEncoder().encodeToString("alice".getBytes(StandardCharsets.UTF_8)) + "\r\n"));
        out.add("admin alice (user's groups): " + answer(port, "/admin", basic("alice:alice pw")));
        out.add("admin carol (group's users): " + answer(port, "/admin", basic("carol:c")));
        out.add("admin bob: " + answer(port, "/admin", basic("bob:b0b")));
        out.add("backend realm, dave: " + answer(port, "/be", basic("dave:plain:text")));
        out.add("backend, bob: " + answer(port, "/be", basic("bob:b0b")));
        try (RawHttp c = RawHttp.open(port)) {
            out.add("same connection, first: " + seen(c.send(RawHttp.get("/")).read()));
            out.add("same connection, then: " + seen(c.send(RawHttp.get("/", basic("carol:c"))).read()));
        }
        return out;
    }

    @Test
    void answersAndForwardsAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        final String[] hashes = {opensslPasswd("-6", "alice pw"), opensslPasswd("-5", "b0b"), opensslPasswd("-1", "c")};
        try (HttpBackend server = HttpBackend.start(new HttpBackend.Options().name("s"))) {
            final int hPort = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config(hPort, server.port(), hashes));
            final List<String> fromHaproxy = Haproxy26.around(cfg, dir.resolve("haproxy.out"),
                () -> Haproxy26.listening(hPort), () -> observe(hPort));
            final int bPort = RunningDaemon.freePort();
            final List<String> fromBaton;
            try (RunningDaemon baton = RunningDaemon.start(config(bPort, server.port(), hashes))) {
                fromBaton = observe(baton.port("fe"));
            }
            final String unauthorized = "401 | www-authenticate: Basic realm=\"Team Area\" | content-type: text/html"
                + " | cache-control: no-cache | <html><body><h1>401 Unauthorized</h1>\nYou need a valid user and "
                + "password to access this content.\n</body></html>\n";
            assertEquals(unauthorized, fromHaproxy.get(0).substring("none: ".length()),
                "HAProxy's own 401 (the scenario is what the test thinks it is)");
            assertTrue(fromHaproxy.get(2).startsWith("alice sha512: 200"), fromHaproxy.get(2));
            assertTrue(fromHaproxy.get(4).startsWith("alice wrong: 401"), fromHaproxy.get(4));
            assertEquals(String.join("\n", fromHaproxy), String.join("\n", fromBaton));
        }
    }
}
