package dev.baton.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class ErrorFileTest {
    private static final String SORRY = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
        + "Content-Length: 6\r\nCache-Control: no-cache\r\n\r\nsorry\n";

    @TempDir
    Path dir;

    private String write(final String name, final String content) throws IOException {
        final Path file = dir.resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.ISO_8859_1));
        return file.toString();
    }

    @Test
    void filesAreReadAtLoadInheritedAndReplacedPerStatus() throws IOException, ConfigException {
        final String sorry = write("503.http", SORRY);
        final String forbidden = write("403.http", "HTTP/1.0 403 Forbidden\n\nno way");
        final String empty = write("408.http", "");
        final String other = write("503-other.http", "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n");
        final BatonConfig config = ConfigTexts.parse(
            "defaults",                                      // 1
            "    mode http",                                 // 2
            "    timeout client 1s",                         // 3
            "    timeout connect 1s",                        // 4
            "    timeout server 1s",                         // 5
            "    errorfile 503 " + sorry,                    // 6
            "    errorfile 408 " + empty,                    // 7
            "listen inherits",                               // 8
            "    bind :80",                                  // 9
            "    errorfile 403 " + forbidden,                // 10
            "    server s 127.0.0.1:1",                      // 11
            "listen replaces",                               // 12
            "    bind :81",                                  // 13
            "    errorfile 503 " + other,                    // 14
            "    server s 127.0.0.1:1");                     // 15
        final HttpOptions inherits = config.backend("inherits").http();
        assertEquals(List.of(403, 408, 503), inherits.errorFiles().stream().map(ErrorFile::status).toList());
        final ErrorFile e503 = inherits.errorFile(503);
        assertArrayEquals(SORRY.getBytes(StandardCharsets.ISO_8859_1), e503.response());
        assertEquals(sorry, e503.path());
        assertEquals(new SourceLocation("t.cfg", 6), e503.where());
        assertEquals(0, inherits.errorFile(408).response().length);
        assertNull(inherits.errorFile(500));
        final HttpOptions replaces = config.backend("replaces").http();
        assertEquals(new SourceLocation("t.cfg", 14), replaces.errorFile(503).where());
        assertSame(inherits.errorFile(408), replaces.errorFile(408));
    }

    @Test
    void refusals() throws IOException {
        final String missing = dir.resolve("missing.http").toString();
        final String dirPath = dir.toString();
        final String noBlank = write("a.http", "HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n");
        final String badLine = write("b.http", "HTTP/1.1 five Busy\r\n\r\n");
        final String info = write("c.http", "HTTP/1.1 100 Continue\r\n\r\n");
        final String badHeader = write("d.http", "HTTP/1.1 503 Busy\r\nNo colon here\r\n\r\n");
        final String chunked = write("e.http", "HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        final String shortBody = write("f.http", "HTTP/1.1 503 Busy\r\nContent-Length: 10\r\n\r\nshort");
        final String noContent = write("g.http", "HTTP/1.1 204 No Content\r\n\r\nbody");
        final String badLength = write("h.http", "HTTP/1.1 503 Busy\r\nContent-Length: 1x\r\n\r\n");
        final String html = write("i.html", "<html>sorry</html>");
        assertEquals(List.of(
            "t.cfg:13: errorfile 503: cannot read '" + missing + "': no such file or directory",
            "t.cfg:14: errorfile 503: cannot read '" + dirPath + "': Is a directory",
            "t.cfg:15: errorfile 503: '" + noBlank + "' is not a valid HTTP response: the headers do not end with "
                + "an empty line",
            "t.cfg:16: errorfile 503: '" + badLine + "' is not a valid HTTP response: invalid status line "
                + "'HTTP/1.1 five Busy'",
            "t.cfg:17: errorfile 503: '" + info + "' is not a valid HTTP response: invalid status code 100 for an "
                + "error response",
            "t.cfg:18: errorfile 503: '" + badHeader + "' is not a valid HTTP response: invalid header line "
                + "'No colon here'",
            "t.cfg:19: errorfile 503: '" + chunked + "' is not a valid HTTP response: chunk-encoded payload not "
                + "supported",
            "t.cfg:20: errorfile 503: '" + shortBody + "' is not a valid HTTP response: payload size does not match "
                + "the announced content-length (5 != 10)",
            "t.cfg:21: errorfile 200: '" + noContent + "' is not a valid HTTP response: a 204 response has no "
                + "payload",
            "t.cfg:22: errorfile 503: '" + badLength + "' is not a valid HTTP response: invalid content-length '1x'",
            "t.cfg:23: errorfile 503: '" + html + "' is not a valid HTTP response: the headers do not end with an "
                + "empty line",
            "t.cfg:24: 'errorfile' expects one of the statuses baton answers itself: 200, 400, 401, 403, 404, 405, "
                + "407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504, got '302'",
            "t.cfg:25: 'errorfile' expects a status and a file such as 503 /etc/baton/errors/503.http",
            "t.cfg:26: 'errorfile' cannot handle unexpected argument 'x'"),
            HttpTexts.errors(
                "listen l",                                     // 12
                "    errorfile 503 " + missing,                 // 13
                "    errorfile 503 " + dirPath,                 // 14
                "    errorfile 503 " + noBlank,                 // 15
                "    errorfile 503 " + badLine,                 // 16
                "    errorfile 503 " + info,                    // 17
                "    errorfile 503 " + badHeader,               // 18
                "    errorfile 503 " + chunked,                 // 19
                "    errorfile 503 " + shortBody,               // 20
                "    errorfile 200 " + noContent,               // 21
                "    errorfile 503 " + badLength,               // 22
                "    errorfile 503 " + html,                    // 23
                "    errorfile 302 " + html,                    // 24
                "    errorfile 503",                            // 25
                "    errorfile 503 " + html + " x"));           // 26
    }

    @Test
    void aResponseMustFitInABufferAndIsReportedOnceAtItsLine() throws IOException {
        final String big = write("big.http", "HTTP/1.1 503 Busy\r\nContent-Length: 2000\r\n\r\n" + "x".repeat(2000));
        assertEquals(List.of("t.cfg:7: errorfile 503: '" + big + "' (2043 bytes) is larger than tune.bufsize "
            + "(1024 bytes)"),
            ConfigTexts.errors(
                "global",                                   // 1
                "    tune.bufsize 1024",                    // 2
                "defaults",                                 // 3
                "    mode http",                            // 4
                "    timeout connect 1s",                   // 5
                "    timeout server 1s",                    // 6
                "    errorfile 503 " + big,                 // 7
                "backend a",                                // 8
                "    server s 127.0.0.1:1",                 // 9
                "backend b",                                // 10
                "    server s 127.0.0.1:1"));               // 11
    }

    @Test
    void statusesBatonNeverSendsAndTcpProxiesAreIgnoredWithAWarning() throws IOException, ConfigException {
        final String sorry = write("503.http", SORRY);
        assertEquals(List.of(
            "t.cfg:6: 'errorfile 414' is ignored: baton never answers 414 by itself",
            "t.cfg:15: 'errorfile' ignored for backend 'tcp' as it requires HTTP mode"),
            ConfigTexts.warnings(HttpTexts.inFrontend(
                "    errorfile 414 /does/not/matter",       // 6
                "backend tcp",                              // 7
                "    timeout connect 1s",                   // 8
                "    timeout server 1s",                    // 9
                "    server s 127.0.0.1:1",                 // 10
                "    # padding",                            // 11
                "    # padding",                            // 12
                "    # padding",                            // 13
                "    # padding",                            // 14
                "    errorfile 503 " + sorry)));            // 15
    }
}
