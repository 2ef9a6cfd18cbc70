package dev.baton.http;

import dev.baton.log.Haproxy26;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-error} in HAProxy 2.6 and in baton: the replies that replace the proxy's own errors (a string with
 * headers, an lf-file without sequences, an errorfile, an http-errors section, {@code default-errorfiles} undoing an
 * inherited one, a backend's reply before its frontend's, a later line replacing an earlier {@code errorfile}), per
 * request the same status, headers in order, body and log line.
 */
class HttpErrorSameAsHaproxyTest {
    private static final String[] PATHS = {"/deny", "/slow", "/down", "/teapot-ish", "/gone", "/undo", "/later",
        "/front-only"};

    @TempDir
    Path dir;

    private String config(final String global, final int port) throws Exception {
        final Path page = Files.writeString(dir.resolve("page.html"), "<p>maintenance</p>\n");
        final Path e410 = Files.writeString(dir.resolve("410.http"), "HTTP/1.1 410 Gone\r\ncontent-type: text/x"
            + "\r\ncontent-length: 5\r\nx-file: yes\r\n\r\ngone\n");
        final Path e500 = Files.writeString(dir.resolve("500.http"), "HTTP/1.1 500 Oops\r\ncontent-length: 4\r\n\r\n"
            + "old\n");
        final Path e404 = Files.writeString(dir.resolve("404.http"), "HTTP/1.1 404 Not Found\r\ncontent-type: text/y"
            + "\r\ncontent-length: 8\r\n\r\nsection\n");
        return "global\n" + global + "http-errors errs\n    errorfile 404 " + e404 + "\n"
            + "defaults\n    mode http\n    log global\n    option httplog\n    timeout connect 2s\n"
            + "    timeout client 5s\n    timeout server 5s\n"
            + "    http-error status 401 content-type text/plain string \"from defaults\"\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
            + "    http-error status 403 content-type \"text/plain; charset=utf-8\" string \"no way\" hdr x-why rules\n"
            + "    http-error status 429 content-type text/html lf-file " + page + " hdr retry-after 30\n"
            + "    http-error status 502 content-type text/plain string \"front 502\"\n"
            + "    http-error status 410 errorfile " + e410 + "\n"
            + "    http-error status 401 default-errorfiles\n"
            + "    errorfile 500 " + e500 + "\n"
            + "    http-error status 500 content-type text/plain string newer\n"
            + "    http-request deny if { path /deny }\n"
            + "    http-request deny deny_status 429 if { path /slow }\n"
            + "    http-request deny deny_status 410 if { path /gone }\n"
            + "    http-request deny deny_status 401 if { path /undo }\n"
            + "    http-request deny deny_status 500 if { path /later }\n"
            + "    http-request deny deny_status 502 if { path /front-only }\n"
            + "    default_backend be\n"
            + "backend be\n"
            + "    http-error status 503 content-type text/plain string \"backend says down\"\n"
            + "    http-error status 404 errorfiles errs\n"
            + "    http-request deny deny_status 404 if { path /teapot-ish }\n"
            + "    server s 127.0.0.1:9 disabled\n";
    }

    @Test
    void theSameRepliesAndLogLines() throws Exception {
        Haproxy26.assumeInstalled();
        final List<List<String>> both = SideBySide.run(dir, this::config, SideBySide.getEach(PATHS));
        assertEquals("/deny 403 [x-why=rules, content-length=6, content-type=text/plain; charset=utf-8] body=no way"
            + " | fe fe/<NOSRV> N 403 B - - PR-- N N \"GET /deny HTTP/1.1\"",
            both.get(0).get(0), "HAProxy's");
        assertEquals(String.join("\n", both.get(0)), String.join("\n", both.get(1)));
    }
}
