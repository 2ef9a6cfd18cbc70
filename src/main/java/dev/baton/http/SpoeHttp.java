package dev.baton.http;

import dev.baton.config.SpoeAgent;
import dev.baton.config.SpoeEvent;
import dev.baton.reactor.LazyTimer;
import dev.baton.sample.Sample;
import dev.baton.spoe.Spop;
import dev.baton.spoe.SpoeAgentClient;
import dev.baton.spoe.SpoeCall;
import dev.baton.spoe.SpoeFrames;
import dev.baton.spoe.SpoeRuntime;

import java.nio.ByteBuffer;

/**
 * The SPOE engines of a mode http frontend: once the request head is parsed, {@code on-client-session} and
 * {@code on-frontend-tcp-request} before the {@code tcp-request content} rules, {@code on-frontend-http-request}
 * before the frontend's {@code http-request} rules; once the server's final response head is parsed,
 * {@code on-http-response} before the {@code http-response} rules. At each, every engine in filter order sends its messages and the message
 * waits, without blocking the reactor, for the ACK (its actions set the stream's variables) or
 * {@code timeout processing}. Then the {@code set-process-time} / {@code set-total-time} variables are set, and on an
 * error the {@code set-on-error} one, after which, unless {@code option continue-on-error}, the engine does nothing
 * more for the transaction. State per session: one {@link SpoeCall} (made at its first event: the only allocation, a buffer of
 * the largest frame), which engine runs, its deadline. Reactor thread only; no allocation per request once made.
 */
final class SpoeHttp {
    static final int GO = 0;
    static final int WAIT = 1;

    private SpoeHttp() {
    }

    /**
     * For the request head just parsed, before the {@code tcp-request content} rules: {@code on-client-session} (an
     * HTTP stream is one request, as in HAProxy), then {@code on-frontend-tcp-request}. GO or WAIT.
     */
    static int beforeContent(final HttpSession s) {
        if (s.frontend.spoe().length == 0) {
            return GO;
        }
        if (s.spoeStage == 0) {
            if (run(s, SpoeEvent.ON_CLIENT_SESSION, s.ws.reqView.of(s.ws.req)) == WAIT) {
                return WAIT;
            }
            s.spoeStage = 1;
        }
        if (s.spoeStage == 1) {
            if (run(s, SpoeEvent.ON_FRONTEND_TCP_REQUEST, s.ws.reqView.of(s.ws.req)) == WAIT) {
                return WAIT;
            }
            s.spoeStage = 2;
        }
        return GO;
    }

    /** For the request head just parsed, before the {@code http-request} rules: GO or WAIT (an agent is asked). */
    static int request(final HttpSession s) {
        if (s.frontend.spoe().length == 0) {
            return GO;
        }
        return run(s, SpoeEvent.ON_FRONTEND_HTTP_REQUEST, s.ws.reqView.of(s.ws.req));
    }

    /** For the final response head just parsed, before the {@code http-response} rules: GO or WAIT. */
    static int response(final HttpSession s) {
        if (!sends(s.frontend.spoe(), SpoeEvent.ON_HTTP_RESPONSE)) {
            return GO;
        }
        s.ws.vars.beginResponse(); // the agent may set res.* variables, the response rules' own
        return run(s, SpoeEvent.ON_HTTP_RESPONSE, s.ws.respView.of(s.ws.resp));
    }

    private static int run(final HttpSession s, final SpoeEvent event, final dev.baton.sample.SampleContext view) {
        final SpoeRuntime[] engines = s.frontend.spoe();
        s.spoeRunning = true;
        try {
            while (s.spoeEngine < engines.length) {
                final SpoeRuntime rt = engines[s.spoeEngine];
                final SpoeCall call = s.spoeCall;
                if (call != null && (call.state() == SpoeCall.QUEUED || call.state() == SpoeCall.SENT)) {
                    return WAIT;
                }
                if (call != null && call.state() == SpoeCall.DONE) {
                    outcome(s, rt, call.status);
                    call.reset();
                    s.spoeEngine++;
                    continue;
                }
                if (!start(s, rt, event, view)) {
                    s.spoeEngine++;
                }
            }
            s.spoeEngine = 0;
            s.spoeDeadlineNs = LazyTimer.NONE;
            return GO;
        } finally {
            s.spoeRunning = false;
        }
    }

    /** Starts engine {@code rt}'s exchange; false when it has nothing to do (or failed at once: outcome applied). */
    private static boolean start(final HttpSession s, final SpoeRuntime rt, final SpoeEvent event,
                                 final dev.baton.sample.SampleContext view) {
        final SpoeFrames frames = rt.frames(event);
        final int bit = 1 << Math.min(s.spoeEngine, 31);
        if (frames == null || (s.spoeDisabled & bit) != 0) {
            return false;
        }
        final SpoeAgentClient client = rt.client(s.reactor, s.balancers(), s.pool().fds());
        if (client.tooManyErrors()) {
            return false; // maxerrrate: the engine skips its work, as HAProxy's
        }
        final SpoeAgent agent = rt.engine().agent();
        if (s.spoeCall == null || s.spoeCall.capacity() < agent.maxFrameSize()) {
            // the session's first event, or a reload brought a larger frame size: the call is made (again)
            s.spoeCall = new SpoeCall(s.spoeWaiter, maxFrameSize(s.frontend.spoe()));
            s.spoeStreamId = s.reactor.nowNs() ^ System.identityHashCode(s);
        }
        final SpoeCall call = s.spoeCall;
        final ByteBuffer frame = call.frameBuffer();
        frame.limit(4 + agent.maxFrameSize());
        s.spoeStartNs = s.reactor.nowNs();
        final Sample smp = s.ws.spoeSample;
        final int r = frames.notify(frame, view, s.spoeStreamId & Long.MAX_VALUE,
            ++s.spoeFrameId, smp);
        if (r == SpoeFrames.NOTHING) {
            return false;
        }
        if (r == SpoeFrames.TOO_BIG) {
            outcome(s, rt, Spop.ERR_TOO_BIG);
            return false;
        }
        final int err = call.begin(rt.vars(), s.ws.vars, s.spoeStreamId & Long.MAX_VALUE, s.spoeFrameId, client);
        if (err != 0) {
            outcome(s, rt, err);
            return false;
        }
        final long ms = agent.processingTimeoutMs();
        s.spoeDeadlineNs = ms > 0 ? s.spoeStartNs + ms * 1_000_000L : LazyTimer.NONE;
        s.timer.armBy(s.spoeDeadlineNs);
        return true;
    }

    /** Whether an engine of {@code engines} sends messages at {@code event}. */
    private static boolean sends(final SpoeRuntime[] engines, final SpoeEvent event) {
        for (final SpoeRuntime rt : engines) {
            if (rt.frames(event) != null) {
                return true;
            }
        }
        return false;
    }

    private static int maxFrameSize(final SpoeRuntime[] engines) {
        int max = 0;
        for (final SpoeRuntime rt : engines) {
            max = Math.max(max, rt.engine().agent().maxFrameSize());
        }
        return max;
    }

    /** The exchange of engine {@code rt} ended with {@code status} (0: its ACK was applied). */
    private static void outcome(final HttpSession s, final SpoeRuntime rt, final int status) {
        final SpoeAgent agent = rt.engine().agent();
        final Sample smp = s.ws.spoeSample;
        final long ms = (s.reactor.nowNs() - s.spoeStartNs) / 1_000_000L;
        s.spoeTotalMs += ms;
        SpoeFrames.setInt(s.ws.vars, agent.processTime(), ms, smp);
        SpoeFrames.setInt(s.ws.vars, agent.totalTime(), s.spoeTotalMs, smp);
        if (status != 0) {
            rt.client(s.reactor, s.balancers(), s.pool().fds()).countError();
            SpoeFrames.setInt(s.ws.vars, agent.onError(), status, smp);
            if (!agent.continueOnError()) {
                s.spoeDisabled |= 1 << Math.min(s.spoeEngine, 31); // the rest of the transaction goes without it
            }
        }
    }

    /** Whether the request or response waits for an agent now. */
    static boolean waiting(final HttpSession s) {
        return s.spoeCall != null && (s.spoeCall.state() == SpoeCall.QUEUED || s.spoeCall.state() == SpoeCall.SENT);
    }

    /** The wait's deadline, or {@link LazyTimer#NONE}. */
    static long deadlineNs(final HttpSession s) {
        return waiting(s) ? s.spoeDeadlineNs : LazyTimer.NONE;
    }

    /** {@code timeout processing} struck: the call is given up with error 1; the next step goes on. */
    static void expire(final HttpSession s) {
        s.spoeCall.cancel(Spop.ERR_TIMEOUT);
    }

    /** The request's transaction ends: a pending call is given up, and the next request starts afresh. */
    static void endTransaction(final HttpSession s) {
        if (s.spoeCall != null) {
            if (waiting(s)) {
                s.spoeCall.cancel(Spop.ERR_INTERRUPT);
            }
            s.spoeCall.reset();
        }
        s.spoeEngine = 0;
        s.spoeStage = 0;
        s.spoeDisabled = 0;
        s.spoeTotalMs = 0;
        s.spoeDeadlineNs = LazyTimer.NONE;
    }
}
