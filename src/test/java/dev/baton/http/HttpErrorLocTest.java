package dev.baton.http;

import dev.baton.support.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code errorloc}/{@code errorloc303} and {@code errorfiles} with an {@code http-errors} section, by what a client
 * receives when baton answers an error itself (here a 503: the only server refuses connections).
 */
class HttpErrorLocTest {
    private final HttpRig rig = new HttpRig();

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    @Test
    void errorlocRedirectsInsteadOfTheErrorPage() throws Exception {
        rig.start(HttpConfigs.listen(1, "retries 0", "errorloc 503 https://status.example.com/down",
            "server dead 127.0.0.1:1"));
        final RawHttp.Response r = rig.client().send(RawHttp.get("/")).read();
        assertEquals(302, r.status);
        assertEquals("https://status.example.com/down", r.header("Location"));
        assertEquals("no-cache", r.header("Cache-Control"));
        assertEquals(0, r.body.length);
    }

    @Test
    void errorloc303AnswersSeeOther() throws Exception {
        rig.start(HttpConfigs.listen(1, "retries 0", "errorloc303 503 /sorry", "server dead 127.0.0.1:1"));
        final RawHttp.Response r = rig.client().send(RawHttp.get("/")).read();
        assertEquals(303, r.status);
        assertEquals("/sorry", r.header("Location"));
    }

    @Test
    void errorfilesAnswersWithTheSectionsFile() throws Exception {
        final Path file = dir.resolve("503.http");
        Files.write(file, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 9\r\nX-From: site\r\n\r\nbusy now\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        rig.start(HttpConfigs.listen(1, "retries 0", "errorfiles site", "server dead 127.0.0.1:1",
            "http-errors site", "errorfile 503 " + file));
        final RawHttp.Response r = rig.client().send(RawHttp.get("/")).read();
        assertEquals(503, r.status);
        assertEquals("site", r.header("X-From"));
        assertEquals("busy now\n", r.text());
    }
}
