package dev.baton.http;

import dev.baton.backend.Observed;
import dev.baton.config.RetryOn;
import dev.baton.config.Timeouts;
import dev.baton.reactor.LazyTimer;

/**
 * The timeouts of an {@link HttpSession}, per phase, as HAProxy applies them: {@code timeout http-request}
 * for a head, {@code http-keep-alive} between requests, {@code connect} per attempt, {@code server} for the
 * server's silence, {@code client} while the client owes bytes or must take them, {@code tunnel} after a 101,
 * {@code client-fin} (else a short drain) once we closed. I/O only stamps activity; the session's single
 * lazy timer asks {@link #nextDeadlineNs} again when it fires (DESIGN.md rule 5). Stateless; reactor thread.
 */
final class HttpTimeouts {
    private static final long NONE = LazyTimer.NONE;
    /** How long a closing client may keep sending after our FIN before we close anyway. */
    static final long CLOSE_DRAIN_MS = 1_000;

    private HttpTimeouts() {
    }

    /** The earliest moment a timeout of the current phase could strike, or NONE. */
    static long nextDeadlineNs(final HttpSession s) {
        final Timeouts fe = s.frontend.config().timeouts();
        switch (s.phase) {
            case WAIT_REQUEST: {
                if (s.isStreamingLocalAnswer() || s.client.out != null) {
                    return deadline(s.client.activityNs, fe.clientMs()); // still sending the last answer
                }
                if (RuleBodyWait.waiting(s)) {
                    return Math.min(RuleBodyWait.deadlineNs(s), deadline(s.client.activityNs, fe.clientMs()));
                }
                if (SpoeHttp.waiting(s)) {
                    return Math.min(SpoeHttp.deadlineNs(s), deadline(s.phaseStartNs,
                        s.fePolicy.requestTimeoutMs(fe.clientMs())));
                }
                final long ms = idleBetweenRequests(s) ? s.fePolicy.keepAliveTimeoutMs(fe.clientMs())
                    : s.fePolicy.requestTimeoutMs(fe.clientMs());
                return deadline(s.phaseStartNs, ms);
            }
            case QUEUED:
                return s.leg.queueDeadlineNs();
            case CONNECTING:
                return deadline(s.leg.connectStartNs(), s.backend.config().timeouts().connectMs());
            case EXCHANGE: {
                final long server = deadline(s.server.activityNs, serverMs(s));
                final long client = s.x.responseStarted || !s.x.requestComplete
                    ? deadline(s.client.activityNs, fe.clientMs()) : NONE;
                return Math.min(Math.min(Math.min(server, client), RuleBodyWait.deadlineNs(s)),
                    SpoeHttp.deadlineNs(s));
            }
            case TUNNEL: {
                long ms = s.x.tunnelTimeoutMs >= 0 ? s.x.tunnelTimeoutMs : s.backend.config().timeouts().tunnelMs();
                if (ms == 0 && s.x.tunnelTimeoutMs < 0) {
                    ms = Math.max(fe.clientMs(), serverMs(s));
                }
                return deadline(Math.max(s.client.activityNs, s.server.activityNs), ms);
            }
            case TARPIT:
                return s.tarpitDeadlineNs;
            case CLOSING:
                if (s.isStreamingLocalAnswer()) {
                    return deadline(s.client.activityNs, fe.clientMs());
                }
                return deadline(s.phaseStartNs, fe.clientFinMs() > 0 ? fe.clientFinMs() : CLOSE_DRAIN_MS);
            default:
                return NONE;
        }
    }

    /** A timeout of the current phase struck: what HAProxy does then. */
    static void onTimeout(final HttpSession s) {
        switch (s.phase) {
            case WAIT_REQUEST:
                if (s.isStreamingLocalAnswer() || s.client.out != null) {
                    s.abort('c'); // the client stopped reading the last answer
                } else if (SpoeHttp.waiting(s) && s.reactor.nowNs() - SpoeHttp.deadlineNs(s) >= 0) {
                    SpoeHttp.expire(s); // timeout processing: error 1, and the request goes on
                } else if (RuleBodyWait.waiting(s)) {
                    RuleBodyWait.expire(s); // the next step answers 408, as when the rule's time is over
                } else if (idleBetweenRequests(s)) {
                    s.finish(); // keep-alive idle: close silently
                } else if (!s.x.requestStarted && !s.client.hasInput()) {
                    HttpEnding.emptyFirstRequest(s, true);
                } else {
                    s.replyAndClose(408);
                }
                break;
            case QUEUED:
                HttpForwarder.onConnectOutcome(s, s.leg.queueTimedOut());
                break;
            case CONNECTING:
                HttpForwarder.onConnectOutcome(s, s.leg.connectTimedOut(s.bePolicy.reuse()));
                break;
            case EXCHANGE:
                onExchangeTimeout(s);
                break;
            case TARPIT:
                Tarpit.expire(s);
                break;
            default:
                s.finish();
                break;
        }
    }

    private static void onExchangeTimeout(final HttpSession s) {
        final Exchange x = s.x;
        if (SpoeHttp.waiting(s) && s.reactor.nowNs() - SpoeHttp.deadlineNs(s) >= 0) {
            SpoeHttp.expire(s); // timeout processing at on-http-response: error 1, and the response goes on
            return;
        }
        if (RuleBodyWait.waiting(s)) {
            RuleBodyWait.expire(s); // the next step answers 504, as when the rule's time is over
            return;
        }
        if (!x.requestComplete && clientTimedOut(s)) {
            // The client stopped sending its request body: its timeout expired, not the server's.
            if (x.responseStarted) {
                s.abort('C');
            } else {
                s.replyAndClose(408);
            }
            return;
        }
        if (!x.responseStarted && s.bePolicy.retryOn().contains(RetryOn.RESPONSE_TIMEOUT) && x.replayable
            && s.leg.hasConnection()) {
            HttpForwarder.dropServerConnection(s, true);
            if (HttpForwarder.replay(s)) {
                return;
            }
        }
        if (!x.responseStarted) {
            s.leg.observe(Observed.HTTP_READ_TIMEOUT);
            s.replyAndClose(504);
        } else {
            s.abort(s.server.activityNs - s.client.activityNs <= 0 ? 'S' : 'C');
        }
    }

    /** {@code timeout server} of the request's backend, or what {@code http-request set-timeout server} made it. */
    private static long serverMs(final HttpSession s) {
        return s.x.serverTimeoutMs >= 0 ? s.x.serverTimeoutMs : s.backend.config().timeouts().serverMs();
    }

    /** Waiting for a next request with nothing of it received yet. */
    private static boolean idleBetweenRequests(final HttpSession s) {
        return s.requestsOnClient > 0 && !s.client.hasInput();
    }

    /** True when {@code timeout client} has passed since the client last sent or took a byte. */
    private static boolean clientTimedOut(final HttpSession s) {
        final long d = deadline(s.client.activityNs, s.frontend.config().timeouts().clientMs());
        return d != NONE && s.reactor.nowNs() - d >= 0;
    }

    private static long deadline(final long sinceNs, final long ms) {
        return ms > 0 ? sinceNs + ms * 1_000_000L : NONE;
    }
}
