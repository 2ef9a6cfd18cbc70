package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.config.ProxyOptions;

import java.nio.ByteBuffer;

/**
 * {@code option http-buffer-request} (frontend's, or the backend's the request goes to): a parsed request head
 * waits in the WAIT_REQUEST phase, still under {@code timeout http-request} (a 408 when it strikes), until its
 * whole body is in the client buffer or the buffer is full, and only then is it routed, its rules run and a server
 * chosen, as HAProxy's {@code http_wait_for_msg_body}. A request announcing {@code Expect: 100-continue} does not
 * wait (baton does not answer the 100 itself; the server does). Also holds the state of a {@code wait-for-body}
 * rule's wait ({@link RuleBodyWait}). Made on a session's first such wait; reactor thread only; allocation-free
 * afterwards.
 */
final class BodyWait {
    private final ChunkedScanner chunks = new ChunkedScanner(true);
    /** A {@code wait-for-body} rule holds the session's message ({@link RuleBodyWait}), until this deadline. */
    boolean ruleWaiting;
    long ruleDeadlineNs = dev.baton.reactor.LazyTimer.NONE;

    /** Whether the request of {@code s}, whose head was just parsed in {@code s.ws.req}, must wait for more body. */
    static boolean mustWait(final HttpSession s) {
        final RequestWorkspace ws = s.ws;
        final BodyFraming framing = HeadParser.requestFraming(ws.req);
        if (framing == BodyFraming.NONE || s.client.eof || ws.req.expectContinue() || !wanted(s)) {
            return false;
        }
        final ByteBuffer in = s.client.in;
        if (!IoBuffers.hasRoom(in)) {
            return false; // the buffer is full: go on with what it holds, as HAProxy
        }
        final int bodyStart = in.position() + ws.req.headLength();
        if (framing == BodyFraming.CONTENT_LENGTH) {
            return in.limit() - bodyStart < ws.req.contentLength();
        }
        if (s.bodyWait == null) {
            s.bodyWait = new BodyWait();
        }
        final ChunkedScanner c = s.bodyWait.chunks;
        c.reset();
        final int end = c.scan(in, bodyStart, in.limit());
        return end >= 0 && !c.isDone(); // a malformed body goes on, to be refused where it is copied
    }

    /** The option of the frontend, or of the backend its switching rules send the request to. */
    private static boolean wanted(final HttpSession s) {
        if (bufferRequest(s.frontend.config().extras().options())) {
            return true;
        }
        if (!anyBackendBuffers(s)) {
            return false; // the common case: the switching rules need not run twice
        }
        final Backend b = HttpRouter.backendFor(s.frontend, s.ws.reqView.of(s.ws.req));
        return b != null && bufferRequest(b.config().extras().options());
    }

    /** Whether a backend the frontend may send to has the option. */
    private static boolean anyBackendBuffers(final HttpSession s) {
        return anyBackend(s, b -> bufferRequest(b.config().extras().options()));
    }

    /** Whether the default backend or a switching target of the session's frontend passes {@code test}. */
    static boolean anyBackend(final HttpSession s, final java.util.function.Predicate<Backend> test) {
        final Backend fallback = s.frontend.defaultBackend();
        if (fallback != null && test.test(fallback)) {
            return true;
        }
        final int rules = s.frontend.config().http().useBackends().size();
        for (int i = 0; i < rules; i++) {
            final Backend b = s.frontend.switchTarget(i);
            if (b != null && test.test(b)) {
                return true;
            }
        }
        return false;
    }

    private static boolean bufferRequest(final ProxyOptions o) {
        return o.httpBufferRequest();
    }
}
