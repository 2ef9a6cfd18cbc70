package dev.baton.http;

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

    private CacheHits() {
    }

    static void serve(final HttpSession s) {
        final RequestWorkspace ws = s.ws;
        final Exchange x = s.x;
        final CacheEntry entry = ws.cache.hit();
        final boolean notModified = Cacheability.notModified(ws.req, entry);
        final boolean bodyless = notModified || x.method == HttpMethod.HEAD;
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
        final ByteBuffer out = s.client.output();
        final int start = out.position();
        if (!ws.rewriter.writeResponse(ws.resp, out, s.closeClientAfter, x.clientVersion)) {
            HttpEnding.replyAndClose(s, 500, 'P', 'H');
            return;
        }
        ws.resp.reset();
        long bytes = out.position() - start;
        if (!bodyless) {
            s.answers().streamBytes(entry.body(), entry.bodyLength());
            bytes += entry.bodyLength();
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
}
