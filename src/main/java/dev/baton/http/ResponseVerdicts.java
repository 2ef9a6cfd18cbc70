package dev.baton.http;

import dev.baton.backend.Server;
import dev.baton.counters.Counter;
import dev.baton.http.rules.DenyRule;
import dev.baton.http.rules.HttpReply;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.RedirectRule;
import dev.baton.http.rules.ReturnRule;

import java.nio.ByteBuffer;

/**
 * What the final verdict of the {@code http-response} rules does to a server's response, the one place that acts on
 * it, as HAProxy 2.6's {@code http_process_res_common}: the server's response is dropped with its connection (its
 * body is never read, so the connection is closed, not pooled) and the client gets instead
 * <ul>
 * <li>{@code deny}: the rule's reply (the proxy's 502 page by default), counted as a denied response ({@code dresp})
 * by the frontend, the backend and the server, logged {@code PH--};</li>
 * <li>{@code return}: the rule's reply, logged {@code LH--};</li>
 * <li>{@code redirect}: the redirect, logged {@code LH--};</li>
 * <li>{@code silent-drop}: no answer, the client connection dropped silently;</li>
 * <li>a rewrite that failed while the list was strict ({@link RuleRunner#REWRITE_FAILED}): the 500 page, logged
 * {@code PH--}.</li>
 * </ul>
 * The answer goes through the {@code http-after-response} rules and is logged with its status, its size and no
 * {@code Tr} (HAProxy resets its t_data: the server's response was not a valid one). As HAProxy 2.6, the client
 * connection stays open for its next request when the request was whole, unless the answer is an errorfile (sent as
 * written). Stateless; reactor thread only; the error path allocates nothing beyond what a local answer does.
 */
final class ResponseVerdicts {
    private ResponseVerdicts() {
    }

    /**
     * Acts on {@code verdict}, a final rule other than {@code allow} (or {@link RuleRunner#REWRITE_FAILED}), while
     * the response head is still parsed in the workspace and the client output is empty. The exchange is over when
     * this returns.
     */
    static void answer(final HttpSession s, final HttpRule verdict) {
        final Exchange x = s.x;
        x.responseHeadNs = -1;
        x.serverKeepAlive = false;
        s.closeClientAfter |= !x.requestComplete; // the rest of the request body cannot be told from a next request
        final HttpReply reply;
        if (verdict.kind() == HttpRule.Kind.SILENT_DROP) {
            silentDrop(s);
            return;
        }
        if (verdict == RuleRunner.REWRITE_FAILED) {
            // HAProxy's strict mode (return_int_err): an internal error, answered with the proxy's 500 reply
            LocalAnswers.countFailedRewrite(s);
            x.terminate('P', 'H');
            reply = ((DenyRule) verdict).reply();
        } else if (verdict.kind() == HttpRule.Kind.DENY) {
            countDenied(s);
            x.terminate('P', 'H');
            reply = ((DenyRule) verdict).reply();
        } else if (verdict.kind() == HttpRule.Kind.RETURN) {
            x.terminate('L', 'H');
            reply = ((ReturnRule) verdict).reply();
        } else if (verdict.kind() == HttpRule.Kind.REDIRECT) {
            x.terminate('L', 'H');
            redirect(s, (RedirectRule) verdict);
            return;
        } else {
            throw new IllegalStateException("not a final http-response verdict: " + verdict);
        }
        x.status = reply.status();
        if (reply.type() == HttpReply.Type.PAYLOAD) {
            final RequestWorkspace ws = s.ws;
            final ByteBuffer out = s.client.output();
            final int start = out.position();
            written(s, ws.replies.answer(reply, ws.respView, out, s.closeClientAfter), start);
            return;
        }
        byte[] whole = null;
        if (reply.type() == HttpReply.Type.PROXY_ERRORS && !s.closeClientAfter) {
            whole = ErrorReplies.keepingAlive(reply.status(), s.backend, s.fePolicy);
        }
        if (whole == null) {
            s.closeClientAfter = true; // an errorfile is sent as written, its Connection header with it
            whole = reply.type() == HttpReply.Type.MESSAGE ? reply.message()
                : ErrorReplies.of(reply.status(), s.backend, s.fePolicy);
        }
        dropServerResponse(s);
        finish(s, s.answers().streamWhole(whole));
    }

    /** {@code http-response redirect location VALUE}: the value rendered over the response, as HAProxy's. */
    private static void redirect(final HttpSession s, final RedirectRule rule) {
        final RequestWorkspace ws = s.ws;
        s.x.status = rule.code();
        final ByteBuffer out = s.client.output();
        final int start = out.position();
        written(s, ws.replies.redirect(rule, ws.respView, ws.req, out, s.closeClientAfter), start);
    }

    /**
     * A reply rendered into the client output from {@code start} ({@code written} false: it did not fit): the
     * after-response rules run on it, then the exchange ends; one that does not fit is the 500 page, then a close.
     */
    private static void written(final HttpSession s, final boolean written, final int start) {
        final ByteBuffer out = s.client.output();
        final boolean done = written && AfterResponse.applyInPlace(s, out, start);
        dropServerResponse(s);
        if (!done) {
            out.position(start);
            HttpEnding.reply(s, 500);
            return;
        }
        finish(s, out.position() - start);
    }

    /**
     * {@code http-response silent-drop}: no answer, the client connection dropped without telling the client, the
     * server's response and connection dropped; counted as a denied request and logged {@code PR--} with the
     * server's status and Tr -1, as HAProxy's silent-drop action does on either side.
     */
    private static void silentDrop(final HttpSession s) {
        final Exchange x = s.x;
        LocalAnswers.countDeniedRequest(s);
        x.status = s.ws.resp.status(); // HAProxy logs the server's status (and counts its bytes: baton logs 0)
        x.bytesToClient = 0;
        x.terminate('P', 'R');
        s.client.endpoint.silentDrop();
        dropServerResponse(s);
        s.endRequest();
        s.finish();
    }

    /** The server's response and its connection go: its body was not read. */
    private static void dropServerResponse(final HttpSession s) {
        HttpForwarder.dropServerConnection(s, true);
        s.ws.resp.reset();
    }

    /** The answer of {@code bytes} bytes is under way: the request ends, logged, and the next may come. */
    private static void finish(final HttpSession s, final long bytes) {
        final Exchange x = s.x;
        x.responseComplete = true;
        x.requestComplete = true;
        x.bytesToClient = bytes;
        s.completeExchange();
    }

    /** HAProxy's denied_resp: the frontend's, the backend's and the server's. */
    private static void countDenied(final HttpSession s) {
        final int reactor = s.reactor.id();
        s.frontend.counters().increment(reactor, Counter.DENIED_RESPONSES);
        dev.baton.counters.ListenerCounters.increment(s.socket, reactor, Counter.DENIED_RESPONSES);
        s.backend.counters().increment(reactor, Counter.DENIED_RESPONSES);
        final Server server = s.leg.server();
        if (server != null) {
            server.counters().increment(reactor, Counter.DENIED_RESPONSES);
        }
    }
}
