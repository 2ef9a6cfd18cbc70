package dev.baton.http;

import dev.baton.config.CompressionConfig;
import dev.baton.counters.Counter;
import dev.baton.http.cache.CacheEntry;
import dev.baton.http.cache.Cacheability;
import dev.baton.http.rules.HttpRule;

import java.nio.ByteBuffer;

/**
 * The answer of HAProxy's cache applet: a request {@code http-request cache-use} found a fresh object for is answered
 * with it, no server involved, logged with {@code <CACHE>} as its server. The stored head gets an Age header (the
 * object's age plus the origin's), becomes {@code 304 Not Modified} when the request's If-None-Match or
 * If-Modified-Since says the client has it, then goes through the {@code http-response} rules of the backend and
 * the frontend and the {@code http-after-response} rules, as HAProxy's applet response does; the body follows
 * unless the request is a HEAD or the answer a 304. Logged {@code LR--}; an object the frontend's rules found is
 * answered in the frontend's name (no backend, counted {@code intercepted}), as HAProxy. Stateless; reactor thread
 * only.
 */
final class CacheHits {
    /** The server field of a request the cache answered, as HAProxy names its cache applet. */
    static final String CACHE_APPLET = "<CACHE>";
    /** The room kept free in the buffer a compressed body is made in. */
    private static final int MIN_ROOM = 1024;

    private CacheHits() {
    }

    /** Answers the request of {@code s} from its cache's object; {@code requestEdits}: its request rules' edits. */
    static void serve(final HttpSession s, final HeaderEdits requestEdits) {
        final RequestWorkspace ws = s.ws;
        final Exchange x = s.x;
        final CacheEntry entry = ws.cache.hit();
        final boolean notModified = Cacheability.notModified(ws.req, entry);
        final boolean bodyless = notModified || x.method == HttpMethod.HEAD;
        // HAProxy's compression filter sees the applet's answer as a server's: the request chooses the algorithm
        final CompressionConfig feComp = s.frontend.config().extras().compression();
        final CompressionConfig beComp = s.backend == null ? null : s.backend.config().extras().compression();
        if (feComp != null || beComp != null) {
            x.compAlgo = ws.compression.request(ws.req, requestEdits, feComp, beComp);
        }
        s.closeClientAfter |= !ws.reqBody.isDone(); // the applet eats the request: its body cannot be told apart
        s.consumeRequestHead();
        x.applet = CACHE_APPLET;
        x.responseHeadNs = s.reactor.nowNs(); // the applet's own response: Tr 0
        x.responseStarted = true;
        ws.resp.reset();
        ws.respParser.reset();
        if (ws.respParser.parse(ByteBuffer.wrap(entry.head()), ws.resp) < 0) {
            HttpEnding.replyAndClose(s, 500, 'P', 'H'); // cannot happen: the head was parsed when it was stored
            return;
        }
        final HeaderEdits edits = ws.rewriter.begin();
        if (ws.resp.contentLength() < 0 && !ws.resp.transferEncoding()) {
            // stored from a response delimited by the server's close: the object's length now frames it
            edits.add(dev.baton.http.text.HeaderName.CONTENT_LENGTH, entry.bodyLength());
        }
        edits.add(Cacheability.AGE, entry.ageAt(System.currentTimeMillis() / 1000));
        if (notModified && edits.statusLine(ws.resp, 304, "Not Modified")) {
            ws.resp.status(304);
        }
        x.status = ws.resp.status();
        LogCapture.responseHead(s, ws.resp);
        final BodyFraming framing = HeadParser.responseFraming(ws.resp, x.method);
        final long contentLength = ws.resp.contentLength();
        final CompressionConfig comp = x.compAlgo == null ? null : beComp != null ? beComp : feComp;
        x.compressing = comp != null && ws.compression.response(x.compAlgo, ws.resp, x.clientVersion, x.method,
            framing, feComp, beComp, s.reactor.nowNs());
        ws.vars.beginResponse();
        ws.cache.responseStarts(false);
        // the backend's rules (none when the frontend's cache answered), then the frontend's, as for a server's response
        final boolean ownBackend = s.backend != null && s.backend.config() != s.frontend.config();
        HttpRule verdict = ws.runner.run(s.backend != null ? s.bePolicy.responseRules() : s.fePolicy.responseRules(),
            ws.respView.of(ws.resp), ws.resp, edits);
        if ((verdict == null || verdict.kind() == HttpRule.Kind.ALLOW) && ownBackend) {
            verdict = ws.runner.run(s.fePolicy.responseRules(), ws.respView, ws.resp, edits);
        }
        x.logLevel = ws.runner.logLevel();
        if (verdict != null && verdict.kind() != HttpRule.Kind.ALLOW) {
            ResponseVerdicts.answer(s, verdict);
            return;
        }
        x.status = ws.resp.status();
        if (AfterResponse.any(s)) {
            AfterResponse.run(s, ws.resp, edits);
        }
        if (x.compressing && !ws.compression.rewrite(ws.resp, edits, x.compAlgo, framing == BodyFraming.CHUNKED)) {
            HttpEnding.replyAndClose(s, 500, 'P', 'H');
            return;
        }
        final ByteBuffer out = s.client.output();
        final int start = out.position();
        if (!ws.rewriter.writeResponse(ws.resp, out, s.closeClientAfter, x.clientVersion)) {
            HttpEnding.replyAndClose(s, 500, 'P', 'H');
            return;
        }
        ws.resp.reset();
        long bytes = out.position() - start;
        if (!bodyless) {
            final byte[] body = x.compressing ? compressed(s, entry, comp, framing, contentLength) : entry.body();
            final int length = x.compressing ? body.length : entry.bodyLength();
            s.answers().streamBytes(body, length);
            bytes += length;
        }
        if (!ownBackend) {
            // answered in the frontend's name (its own rules, or a listen section's): HAProxy's intercepted_req
            s.frontend.counters().increment(s.reactor.id(), Counter.INTERCEPTED);
        }
        x.requestComplete = true;
        x.responseComplete = true;
        x.terminate('L', 'R'); // as HAProxy logs its cache applet's answers
        x.bytesToClient = bytes;
        s.completeExchange();
    }

    /**
     * The object's body through the response compressor, whole (it is at most {@code max-object-size}): the bytes the
     * compression filter would send, chunked, counted in the compression counters.
     */
    private static byte[] compressed(final HttpSession s, final CacheEntry entry, final CompressionConfig comp,
                                     final BodyFraming framing, final long contentLength) {
        final ResponseCompressor c = s.ws.compressor();
        c.start(s.x.compAlgo, comp.tuning().maxLevel(), framing, contentLength, s.frontend.counters(),
            s.backend != null ? s.backend.counters() : s.frontend.counters(), s.reactor.id(),
            comp.tuning().maxRateBytesPerSecond() > 0);
        final ByteBuffer in = ByteBuffer.wrap(entry.body(), 0, entry.bodyLength());
        ByteBuffer out = ByteBuffer.allocate(entry.bodyLength() + MIN_ROOM);
        while (!c.isDone()) {
            if (out.remaining() < MIN_ROOM) {
                out = ByteBuffer.allocate(out.capacity() * 2).put(out.flip());
            }
            if (c.pump(in, out) <= 0 && out.remaining() >= MIN_ROOM) {
                break; // a stored chunked body is whole: nothing left to wait for
            }
        }
        c.release();
        return java.util.Arrays.copyOf(out.array(), out.position());
    }
}
