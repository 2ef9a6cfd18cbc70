package dev.baton.http;

import dev.baton.config.HttpOptions;
import dev.baton.http.rules.HttpRule;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * {@code http-after-response} rules, run on every response sent to the client as HAProxy 2.6 runs them
 * ({@code http_eval_after_res_rules}): the backend's list, then the frontend's when it is another proxy, once the
 * response rules are done, on a served response; and on each answer baton makes itself (errors, deny, auth,
 * redirect, return, the stats page, the prometheus exporter, monitor-uri), which is parsed, rewritten and written
 * again. Request variables are gone when they run ({@code res.*} are visible). A failed rewrite leaves the response
 * as it was. One per request workspace, made on the first internal answer of a proxy that has such rules; reactor
 * thread only. A served response is rewritten without allocation; an internal answer is copied once (error path).
 */
final class AfterResponse {
    private final HttpHead head = new HttpHead();
    private final HeadParser parser;

    AfterResponse(final int maxHeadBytes, final int maxHdr) {
        this.parser = new HeadParser(false, maxHeadBytes, maxHdr);
    }

    /** Whether the session's request has after-response rules to run (its backend's or its frontend's). */
    static boolean any(final HttpSession s) {
        return !s.fePolicy.afterResponseRules().isEmpty()
            || s.bePolicy != null && !s.bePolicy.afterResponseRules().isEmpty();
    }

    /**
     * Runs the rules for {@code resp}, parsed in the workspace, adding their changes to {@code edits}; the status
     * they leave is the exchange's.
     */
    static void run(final HttpSession s, final HttpHead resp, final HeaderEdits edits) {
        final RequestWorkspace ws = s.ws;
        ws.vars.beginResponse();
        final HttpOptions fe = s.fePolicy;
        final HttpOptions be = s.backend != null ? s.bePolicy : null;
        HttpRule verdict = null;
        if (be != null) {
            verdict = ws.runner.run(be.afterResponseRules(), ws.respView.of(resp), resp, edits);
        }
        if ((be == null || s.backend.config() != s.frontend.config())
            && (verdict == null || verdict.kind() == HttpRule.Kind.ALLOW)) {
            ws.runner.run(fe.afterResponseRules(), ws.respView.of(resp), resp, edits);
        }
        s.x.status = resp.status();
    }

    /**
     * {@code reply}, a whole response baton made, with the after-response rules applied: the same array when there
     * are none (or no request workspace), else a new one; the reply as it was when it does not parse or a rewrite
     * does not fit.
     */
    static byte[] apply(final HttpSession s, final byte[] reply) {
        final RequestWorkspace ws = s.ws;
        if (ws == null || !any(s)) {
            return reply;
        }
        final AfterResponse a = ws.afterResponse();
        final ByteBuffer in = ByteBuffer.wrap(reply);
        final int n = a.parser.parse(in, a.head);
        if (n <= 0) {
            a.parser.reset();
            return reply;
        }
        final HeaderEdits edits = ws.rewriter.begin();
        final int status = s.x.status;
        run(s, a.head, edits);
        final ByteBuffer out = ByteBuffer.allocate(HeadWriter.size(a.head, edits) + reply.length - n);
        if (!HeadWriter.write(a.head, edits, out)) {
            s.x.status = status;
            return reply;
        }
        out.put(reply, n, reply.length - n);
        a.head.reset();
        return out.array();
    }

    /**
     * The answer written into {@code out} from {@code start} to its position, with the rules applied in place; false
     * when the rewritten answer does not fit in {@code out}.
     */
    static boolean applyInPlace(final HttpSession s, final ByteBuffer out, final int start) {
        if (s.ws == null || !any(s)) {
            return true;
        }
        final byte[] written = new byte[out.position() - start];
        out.get(start, written);
        final byte[] rewritten = apply(s, written);
        if (rewritten.length - written.length > out.capacity() - out.position()) {
            return false;
        }
        out.position(start);
        out.put(rewritten);
        return true;
    }
}
