package dev.baton.http;

import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The largest request head is {@code tune.bufsize - tune.maxrewrite} (HAProxy's rule: the rewrite reserve is kept
 * free so that rules can add headers), the reserve at most half the buffer: by default 16384 - 1024 = 15360 bytes.
 * A rule that adds a header to a head that left it no room fails the request with 500, as HAProxy's failed rewrite.
 */
class HeadLimitTest {
    private final HttpRig rig = new HttpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    /** A request head of exactly {@code bytes} bytes. */
    private static String head(final int bytes) {
        final String start = "GET / HTTP/1.1\r\nHost: t\r\nX-Pad: ";
        return start + "p".repeat(bytes - start.length() - 4) + "\r\n\r\n";
    }

    @ParameterizedTest(name = "{0} / {1}: {2} bytes -> {3}")
    @CsvSource({
        "-, -, 15360, 200", "-, -, 15361, 400",                 // defaults: 16384 - 1024
        "-, 0, 16000, 200", "-, 0, 16385, 400",                 // no reserve: the whole buffer...
        "-, 0, 16384, 500",                                     // ...with no room left for the rule's header
        "-, 4000, 12384, 200", "-, 4000, 12385, 400",
        "4096, 4000, 2048, 200", "4096, 4000, 2049, 400",       // the reserve is at most half the buffer
    })
    void aHeadMayFillTheBufferLessTheRewriteReserve(final String bufsize, final String maxrewrite, final int bytes,
                                                    final int status) throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        String config = HttpConfigs.listen(1, HttpConfigs.server("s1", b.port()),
            "http-request set-header X-Added " + "a".repeat(200));
        final String tune = (bufsize.equals("-") ? "" : "    tune.bufsize " + bufsize + "\n")
            + (maxrewrite.equals("-") ? "" : "    tune.maxrewrite " + maxrewrite + "\n");
        config = config.replaceFirst("global\n", "global\n" + tune);
        rig.start(config);
        try (RawHttp c = rig.client()) {
            assertEquals(status, c.send(head(bytes)).read().status);
        }
    }
}
