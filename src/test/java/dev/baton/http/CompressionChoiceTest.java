package dev.baton.http;

import dev.baton.config.CompressionAlgo;
import dev.baton.config.CompressionConfig;
import dev.baton.config.CompressionTuning;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.baton.config.CompressionAlgo.DEFLATE;
import static dev.baton.config.CompressionAlgo.GZIP;
import static dev.baton.config.CompressionAlgo.IDENTITY;
import static dev.baton.config.CompressionAlgo.RAW_DEFLATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The choices of HAProxy 2.6's compression filter, rule by rule (flt_http_comp.c), on parsed heads. */
class CompressionChoiceTest {
    /** {@code compression algo gzip deflate}: HAProxy's list is in the reverse order. */
    private static final CompressionConfig GZIP_DEFLATE = config(List.of(DEFLATE, GZIP), List.of(), false);

    private static CompressionConfig config(final List<CompressionAlgo> algos, final List<String> types,
                                            final boolean offload) {
        return new CompressionConfig(algos, types, offload, CompressionTuning.DEFAULT);
    }

    private static HttpHead parse(final boolean request, final String text) {
        final HttpHead head = new HttpHead();
        final int r = new HeadParser(request, 16384).parse(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)),
            head);
        assertTrue(r > 0, "parsed: " + r);
        return head;
    }

    private static CompressionAlgo choose(final CompressionConfig fe, final CompressionConfig be,
                                          final String... headers) {
        final HttpHead req = parse(true, "GET / HTTP/1.1\r\nHost: x\r\n" + String.join("", headers) + "\r\n");
        return new CompressionChoice().request(req, new HeaderEdits(), fe, be);
    }

    @Test
    void theHighestQWinsAndTheFirstElementOnATie() {
        assertEquals(GZIP, choose(GZIP_DEFLATE, null, "Accept-Encoding: gzip, deflate\r\n"));
        assertEquals(DEFLATE, choose(GZIP_DEFLATE, null, "Accept-Encoding: deflate, gzip\r\n"));
        assertEquals(DEFLATE, choose(GZIP_DEFLATE, null, "Accept-Encoding: gzip;q=0.5, deflate;q=0.8\r\n"));
        assertEquals(GZIP, choose(GZIP_DEFLATE, null, "Accept-Encoding: br;q=1, gzip;q=0.001\r\n"));
        assertEquals(GZIP, choose(GZIP_DEFLATE, null, "Accept-Encoding: deflate;q=0.5\r\n", "Accept-Encoding: GZIP\r\n"));
        assertEquals(GZIP, choose(GZIP_DEFLATE, null, "Accept-Encoding: gzip ; level=1 ; q=0.9, deflate;q=0.85\r\n"));
    }

    @Test
    void qZeroAndUnknownCodingsChooseNothing() {
        assertNull(choose(GZIP_DEFLATE, null, "Accept-Encoding: gzip;q=0\r\n"));
        assertNull(choose(GZIP_DEFLATE, null, "Accept-Encoding: gzip;q=0.000, deflate;q=0\r\n"));
        assertNull(choose(GZIP_DEFLATE, null, "Accept-Encoding: br, zstd\r\n"));
        assertNull(choose(GZIP_DEFLATE, null));
        assertNull(choose(GZIP_DEFLATE, null, "Accept-Encoding: gzipx, xgzip\r\n"));
        // HAProxy reads "Q=0" as no q at all (it looks for a lower-case "q=")
        assertEquals(GZIP, choose(GZIP_DEFLATE, null, "Accept-Encoding: gzip;Q=0\r\n"));
    }

    @Test
    void aStarTakesTheLastAlgorithmConfigured() {
        assertEquals(DEFLATE, choose(GZIP_DEFLATE, null, "Accept-Encoding: *\r\n"));
        assertEquals(GZIP, choose(GZIP_DEFLATE, null, "Accept-Encoding: *;q=0.5, gzip\r\n"));
    }

    @Test
    void deflateTokenPicksTheLastOfDeflateAndRawDeflate() {
        assertEquals(RAW_DEFLATE, choose(config(List.of(RAW_DEFLATE, DEFLATE), List.of(), false), null,
            "Accept-Encoding: deflate\r\n"));
        assertEquals(DEFLATE, choose(config(List.of(DEFLATE, RAW_DEFLATE), List.of(), false), null,
            "Accept-Encoding: deflate\r\n"));
    }

    @Test
    void identityConfiguredIsChosenWithoutAcceptEncoding() {
        final CompressionConfig c = config(List.of(GZIP, IDENTITY), List.of(), false);
        assertEquals(IDENTITY, choose(c, null));
        assertEquals(IDENTITY, choose(c, null, "Accept-Encoding: gzip;q=0\r\n"));
        assertEquals(GZIP, choose(c, null, "Accept-Encoding: gzip\r\n"));
    }

    @Test
    void theBackendsAlgorithmsWinOverTheFrontends() {
        final CompressionConfig be = config(List.of(DEFLATE), List.of(), false);
        assertEquals(DEFLATE, choose(GZIP_DEFLATE, be, "Accept-Encoding: gzip, deflate\r\n"));
        assertNull(choose(GZIP_DEFLATE, be, "Accept-Encoding: gzip\r\n"));
        // a backend with types only keeps the frontend's algorithms
        assertEquals(GZIP, choose(GZIP_DEFLATE, config(List.of(), List.of("text/"), false),
            "Accept-Encoding: gzip\r\n"));
        assertNull(choose(null, null, "Accept-Encoding: gzip\r\n"));
    }

    @Test
    void oldMozillaUserAgentsGetNothingButMsie6Sv1AndLater() {
        assertNull(choose(GZIP_DEFLATE, null, "User-Agent: Mozilla/4.0 (compatible)\r\n", "Accept-Encoding: gzip\r\n"));
        assertNull(choose(GZIP_DEFLATE, null, "User-Agent: Mozilla/4.0 (compatible; MSIE 5.5; Windows)\r\n",
            "Accept-Encoding: gzip\r\n"));
        assertNull(choose(GZIP_DEFLATE, null, "User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1)\r\n",
            "Accept-Encoding: gzip\r\n"));
        assertEquals(GZIP, choose(GZIP_DEFLATE, null,
            "User-Agent: Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)\r\n", "Accept-Encoding: gzip\r\n"));
        assertEquals(GZIP, choose(GZIP_DEFLATE, null, "User-Agent: Mozilla/4.0 (compatible; MSIE 7.0; Windows)\r\n",
            "Accept-Encoding: gzip\r\n"));
        assertEquals(GZIP, choose(GZIP_DEFLATE, null, "User-Agent: Mozilla/5.0 (X11)\r\n", "Accept-Encoding: gzip\r\n"));
    }

    @Test
    void offloadDropsAcceptEncodingOnlyWhenAnAlgorithmWasChosen() {
        final CompressionConfig c = config(List.of(GZIP), List.of(), true);
        final HttpHead req = parse(true, "GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nAccept-Encoding: br\r\n\r\n");
        final HeaderEdits edits = new HeaderEdits();
        assertEquals(GZIP, new CompressionChoice().request(req, edits, c, null));
        assertTrue(edits.isDropped(1) && edits.isDropped(2));
        final HeaderEdits untouched = new HeaderEdits();
        final HttpHead br = parse(true, "GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n");
        assertNull(new CompressionChoice().request(br, untouched, c, null));
        assertTrue(untouched.isEmpty());
    }

    @Test
    void theRequestIsReadAsItsRulesLeftIt() {
        final HttpHead req = parse(true, "GET / HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\n");
        final HeaderEdits edits = new HeaderEdits();
        edits.replace(1, "gzip;q=0.3");
        assertEquals(GZIP, new CompressionChoice().request(req, edits, GZIP_DEFLATE, null));
        final HeaderEdits dropped = new HeaderEdits();
        dropped.drop(1);
        dropped.add(CompressionChoice.ACCEPT_ENCODING, "deflate");
        assertEquals(DEFLATE, new CompressionChoice().request(req, dropped, GZIP_DEFLATE, null));
    }

    @Test
    void qValuesAsHaproxyReadsThem() {
        assertEquals(1000, q("gzip"));
        assertEquals(0, q("gzip;q=0"));
        assertEquals(500, q("gzip; q=0.5"));
        assertEquals(555, q("gzip;q=0.5559"));
        assertEquals(1000, q("gzip;q=1.5"));
        assertEquals(1000, q("gzip;q=abc"));
        assertEquals(250, q("gzip;a=b;q=0.25"));
    }

    private static int q(final String element) {
        final ByteBuffer b = ByteBuffer.wrap(element.getBytes(StandardCharsets.ISO_8859_1));
        return CompressionChoice.qValue(b, 0, b.limit());
    }

    // ------------------------------------------------------------------ response

    private static boolean compresses(final CompressionConfig c, final String method, final int clientVersion,
                                      final String responseHead) {
        final HttpHead resp = parse(false, responseHead + "\r\n");
        final HttpMethod m = method.equals("HEAD") ? HttpMethod.HEAD : HttpMethod.GET;
        return new CompressionChoice().response(GZIP, resp, clientVersion, m, HeadParser.responseFraming(resp, m), c,
            null, 0);
    }

    private static boolean compresses(final String responseHead) {
        return compresses(GZIP_DEFLATE, "GET", 11, responseHead);
    }

    @Test
    void aPlainResponseWithALengthIsCompressed() {
        assertTrue(compresses("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n"));
        assertTrue(compresses("HTTP/1.1 203 OK\r\nTransfer-Encoding: chunked\r\n"));
        assertTrue(compresses("HTTP/1.1 201 OK\r\nContent-Type: text/html\r\nETag: \"a\"\r\nContent-Length: 3\r\n"));
        assertTrue(compresses("HTTP/1.1 200 OK\r\nETag: W/\"a\"\r\nCache-Control: no-cache, no-store\r\n"
            + "Content-Length: 3\r\n"));
    }

    @Test
    void eachRuleOfHaproxyRefusesItsCase() {
        assertFalse(compresses(GZIP_DEFLATE, "GET", 10, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n"), "HTTP/1.0 request");
        assertFalse(compresses("HTTP/1.0 200 OK\r\nContent-Length: 10\r\n"), "HTTP/1.0 response");
        assertFalse(compresses(GZIP_DEFLATE, "HEAD", 11, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n"), "HEAD");
        assertFalse(compresses("HTTP/1.1 204 No Content\r\n"), "204");
        assertFalse(compresses("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n"), "304");
        assertFalse(compresses("HTTP/1.1 206 Partial\r\nContent-Length: 10\r\n"), "206");
        assertFalse(compresses("HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n"), "404");
        assertFalse(compresses("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n"), "empty");
        assertFalse(compresses("HTTP/1.1 200 OK\r\n"), "close-delimited");
        assertFalse(compresses("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 10\r\n"), "encoded");
        assertFalse(compresses("HTTP/1.1 200 OK\r\nCache-Control: public, No-Transform\r\nContent-Length: 10\r\n"),
            "no-transform");
        assertFalse(compresses("HTTP/1.1 200 OK\r\nETag: abc\r\nContent-Length: 10\r\n"), "bad etag");
        assertFalse(compresses("HTTP/1.1 200 OK\r\nETag: \"a\"\r\nETag: \"b\"\r\nContent-Length: 10\r\n"), "two etags");
        assertFalse(compresses("HTTP/1.1 200 OK\r\nContent-Type: multipart/mixed\r\nContent-Length: 10\r\n"),
            "multipart");
        assertFalse(compresses("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n"), "other coding");
    }

    @Test
    void typesArePrefixesOfTheFirstContentType() {
        final CompressionConfig c = config(List.of(GZIP), List.of("text/html", "application/json"), false);
        assertTrue(compresses(c, "GET", 11, "HTTP/1.1 200 OK\r\nContent-Type: TEXT/HTML; charset=utf-8\r\n"
            + "Content-Length: 3\r\n"));
        assertTrue(compresses(c, "GET", 11, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 3\r\n"));
        assertFalse(compresses(c, "GET", 11, "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 3\r\n"));
        assertFalse(compresses(c, "GET", 11, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n"), "a type is required");
        assertTrue(compresses("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 3\r\n"), "no types: any");
    }

    @Test
    void maxcomprateStopsNewCompressionsWhileTheProcessRateIsAbove() {
        final CompressionConfig limited = new CompressionConfig(List.of(GZIP), List.of(), false,
            new CompressionTuning(1, 10 * 1024));
        final HttpHead resp = parse(false, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
        final long second = 1_000_000_000L;
        final long t = 4_000_000L * second; // a second of its own, far from any other user of the meter
        final CompressionChoice c = new CompressionChoice();
        assertTrue(c.response(GZIP, resp, 11, HttpMethod.GET, BodyFraming.CONTENT_LENGTH, limited, null, t));
        CompressionRate.PROCESS.add(20 * 1024, t);
        assertFalse(c.response(GZIP, resp, 11, HttpMethod.GET, BodyFraming.CONTENT_LENGTH, limited, null, t + 1));
        assertTrue(c.response(GZIP, resp, 11, HttpMethod.GET, BodyFraming.CONTENT_LENGTH, GZIP_DEFLATE, null, t + 1),
            "no limit configured");
        // a second later the previous second weighs less and less, two seconds later not at all
        assertFalse(c.response(GZIP, resp, 11, HttpMethod.GET, BodyFraming.CONTENT_LENGTH, limited, null,
            t + second + second / 10));
        assertTrue(c.response(GZIP, resp, 11, HttpMethod.GET, BodyFraming.CONTENT_LENGTH, limited, null,
            t + second + second * 6 / 10));
        assertEquals(0, CompressionRate.PROCESS.perSecond(t + 3 * second));
    }

    @Test
    void theRewriteIsHaproxys() {
        final HttpHead resp = parse(false, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nETag: \"v1\"\r\n\r\n");
        final HeaderEdits edits = new HeaderEdits();
        assertTrue(new CompressionChoice().rewrite(resp, edits, GZIP, false));
        final String written = write(resp, edits);
        assertEquals("HTTP/1.1 200 OK\r\nETag: W/\"v1\"\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n"
            + "Vary: Accept-Encoding\r\n\r\n", written);
        final HttpHead chunked = parse(false, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nETag: W/\"w\"\r\n\r\n");
        final HeaderEdits identity = new HeaderEdits();
        assertTrue(new CompressionChoice().rewrite(chunked, identity, IDENTITY, true));
        assertEquals("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nETag: W/\"w\"\r\nVary: Accept-Encoding\r\n\r\n",
            write(chunked, identity));
    }

    private static String write(final HttpHead head, final HeaderEdits edits) {
        final ByteBuffer out = ByteBuffer.allocate(4096);
        assertTrue(HeadWriter.write(head, edits, out));
        return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
    }
}
