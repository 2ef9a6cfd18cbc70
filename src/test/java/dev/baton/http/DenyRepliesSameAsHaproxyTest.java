package dev.baton.http;

import dev.baton.log.Haproxy26;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-request deny}, {@code tarpit} and {@code return} with HAProxy 2.6's reply arguments (status alone,
 * content-type with string or lf-string, hdr, errorfile, errorfiles, default-errorfiles) in HAProxy and in baton: per
 * request the same status, headers in order, body and log line (status, termination state).
 */
class DenyRepliesSameAsHaproxyTest {
    private static final String[] PATHS = {"/string", "/status", "/legacy", "/lf?q=1", "/errorfile", "/errorfiles",
        "/undeclared", "/tarpit", "/return-errorfile", "/return-errorfiles", "/return-default"};

    @TempDir
    Path dir;

    private String config(final String global, final int port) throws Exception {
        final Path e403 = Files.writeString(dir.resolve("403.http"), "HTTP/1.1 403 Forbidden\r\ncontent-type: text/x"
            + "\r\ncontent-length: 6\r\nx-file: yes\r\n\r\nfile!\n");
        final Path e404 = Files.writeString(dir.resolve("404.http"), "HTTP/1.1 404 Not Found\r\ncontent-type: text/y"
            + "\r\ncontent-length: 8\r\n\r\nsection\n");
        return "global\n" + global + "http-errors errs\n    errorfile 404 " + e404 + "\n"
            + "defaults\n    mode http\n    log global\n    option httplog\n    timeout connect 2s\n"
            + "    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n    timeout tarpit 100ms\n"
            + "    http-request deny status 429 content-type text/plain string \"slow down\" hdr retry-after 10 "
            + "hdr x-empty \"%[req.hdr(x-none)]\" if { path /string }\n"
            + "    http-request deny status 503 if { path /status }\n"
            + "    http-request deny deny_status 503 if { path /legacy }\n"
            + "    http-request deny deny_status 401 content-type text/plain lf-string \"no %[path] %[query]\" "
            + "hdr x-m %[method] if { path /lf }\n"
            + "    http-request deny errorfile " + e403 + " if { path /errorfile }\n"
            + "    http-request deny status 404 errorfiles errs if { path /errorfiles }\n"
            + "    http-request deny status 410 errorfiles errs if { path /undeclared }\n"
            + "    http-request tarpit status 429 content-type text/plain lf-string \"held %[path]\" hdr x-t 1 "
            + "if { path /tarpit }\n"
            + "    http-request return status 200 errorfile " + e403 + " if { path /return-errorfile }\n"
            + "    http-request return status 404 errorfiles errs if { path /return-errorfiles }\n"
            + "    http-request return status 503 default-errorfiles if { path /return-default }\n"
            + "    http-request return status 200\n";
    }

    @Test
    void theSameRepliesAndLogLines() throws Exception {
        Haproxy26.assumeInstalled();
        final List<List<String>> both = SideBySide.run(dir, this::config, SideBySide.getEach(PATHS));
        assertEquals("/string 429 [retry-after=10, content-length=9, content-type=text/plain] body=slow down"
            + " | fe fe/<NOSRV> N 429 B - - PR-- N N \"GET /string HTTP/1.1\"",
            both.get(0).get(0), "HAProxy's");
        assertEquals(String.join("\n", both.get(0)), String.join("\n", both.get(1)));
    }
}
