package dev.baton.http;

import dev.baton.log.HttpLogLine;
import dev.baton.counters.Counter;

/**
 * What is told of an HTTP request when it ends: its bytes on the frontend, the backend and the server it used
 * (HAProxy's {@code bin} and {@code bout}), its queue time ({@code qtime}), and its httplog line. Stateless; reactor
 * thread only.
 */
final class RequestAccounting {
    private RequestAccounting() {
    }

    /**
     * The frontend received a request: its {@code req_tot} and {@code req_rate} (HAProxy's
     * {@code proxy_inc_fe_req_ctr}), once per request.
     */
    static void requestReceived(final HttpSession s) {
        s.x.requestCounted = true;
        s.frontend.counters().increment(s.reactor.id(), Counter.REQUESTS);
        s.frontend.requestRate().add(s.reactor.id(), s.reactor.nowNs());
    }

    /**
     * The status classes ({@code hrsp_*}) of the request that ended with {@code x.status}: on the frontend, and on
     * the backend it was assigned to (HAProxy counts both at the end of the stream, the backend only once assigned:
     * not for an answer of the frontend's own rules). A request that failed before its head was whole (no stream in
     * HAProxy: its H1 mux answers it) counts as a request, a failed one ({@code ereq}) with its status as a 4xx
     * (HAProxy counts its 501 there too), or as an internal error ({@code eint}) with a 5xx for a 500. A request
     * that ended without a status (a tcp-request content reject, an abort before the response) had a stream with
     * HAProxy's status -1: it counts as {@code hrsp_other}.
     */
    private static void countStatus(final HttpSession s) {
        final Exchange x = s.x;
        final int r = s.reactor.id();
        if (x.status <= 0) {
            s.frontend.counters().increment(r, Counter.HRSP_OTHER);
            s.leg.countOnBackend(Counter.HRSP_OTHER);
            return;
        }
        if (!x.requestCounted) {
            requestReceived(s);
            final boolean internal = x.status == 500;
            s.frontend.counters().increment(r, internal ? Counter.INTERNAL_ERRORS : Counter.FAILED_REQUESTS);
            dev.baton.counters.ListenerCounters.increment(s.socket, r, internal ? Counter.INTERNAL_ERRORS : Counter.FAILED_REQUESTS);
            s.frontend.counters().increment(r, internal ? Counter.HRSP_5XX : Counter.HRSP_4XX);
            return;
        }
        s.frontend.counters().increment(r, Counter.responseClass(x.status));
        s.leg.countOnBackend(Counter.responseClass(x.status));
    }

    /** Counts and logs the request of {@code s} that just ended (once per request: the session sees to it). */
    static void requestEnded(final HttpSession s) {
        final Exchange x = s.x;
        final int r = s.reactor.id();
        countStatus(s);
        final long in = s.client.bytesRead - s.clientBytesCounted;
        s.clientBytesCounted = s.client.bytesRead;
        countBytes(s, in - x.countedIn, x.bytesToClient - x.countedOut);
        // a sample only once the response head came (t_data)
        s.leg.countTimes(x.responseHeadNs >= 0, responseMs(s), totalMs(s, s.reactor.nowNs()));
        if (!s.httplog) {
            return;
        }
        if (s.x.logged) {
            return; // option logasap: the line went out with the response head
        }
        s.borrowWorkspace(); // a request that failed before its head parsed logs <BADREQ>
        final HttpLogLine l = s.ws.logLine();
        fill(s, l, s.reactor.nowNs(), in);
        s.leg.leftBeforeLog(l);
        s.frontend.log().httplog(l);
        l.requestLineLength = 0;
    }

    /** Adds bytes from ({@code in}) and to ({@code out}) the client to every figure that counts them. */
    private static void countBytes(final HttpSession s, final long in, final long out) {
        final int r = s.reactor.id();
        s.frontend.counters().add(r, Counter.BYTES_IN, in);
        s.frontend.counters().add(r, Counter.BYTES_OUT, out);
        if (s.socket != null) { // option socket-stats
            s.socket.traffic().add(r, Counter.BYTES_IN, in);
            s.socket.traffic().add(r, Counter.BYTES_OUT, out);
        }
        s.leg.countBytes(in, out);
        if (s.stick != null) {
            s.stick.bytes(in, out);
        }
    }

    /**
     * {@code option contstats}: after each event, the bytes the request under way moved since the last count are
     * counted now, as HAProxy's stream_process_counters does at each wake of a stream whose backend is known; the
     * request's end counts the rest ({@link #requestEnded}). Its log line still shows the request's totals.
     */
    static void countOnTheWay(final HttpSession s) {
        final Exchange x = s.x;
        if (s.phase != HttpSession.Phase.EXCHANGE && s.phase != HttpSession.Phase.TUNNEL || s.backend == null) {
            return;
        }
        final long in = s.client.bytesRead - s.clientBytesCounted;
        final long out = x.bytesToClient + (x.relayingBody ? s.ws.respBody.moved() : 0);
        if (in != x.countedIn || out != x.countedOut) {
            countBytes(s, in - x.countedIn, out - x.countedOut);
            x.countedIn = in;
            x.countedOut = out;
        }
    }

    /**
     * {@code option logasap}: the request's line goes out now, with its response head sent, as HAProxy logs it
     * then: Tt/Ta up to now and the bytes of the head so far, each with a '+'; the end logs nothing more.
     */
    static void logAsap(final HttpSession s) {
        if (!s.httplog || s.x.logged) {
            return;
        }
        s.x.logged = true;
        final HttpLogLine l = s.ws.logLine();
        fill(s, l, s.reactor.nowNs(), s.client.bytesRead - s.clientBytesCounted);
        s.frontend.log().httplog(l);
    }

    /**
     * The request's log fields as they stand now, for a rule's log-format value ({@code %ci}, {@code %s},
     * {@code %Tw}...), as HAProxy fills them for its rules: the byte counts stay 0 (HAProxy adds them to the log
     * fields when the stream ends) and, before the response head came, {@code %TR}/{@code %Tq} are -1 (HAProxy dates
     * the request once its rules ran). Written into the workspace's reused log line, which the end refills.
     */
    static HttpLogLine snapshot(final HttpSession s) {
        final HttpLogLine l = s.ws.logLine();
        fill(s, l, s.reactor.nowNs(), 0);
        l.bytesRead = 0;
        if (s.backend == null && s.ws.router.backend() != null) {
            l.backend = s.ws.router.backend().name(); // the backend's own rules run before the stream is bound to it
        }
        if (s.x.responseHeadNs < 0) {
            l.requestMs = -1;
        }
        return l;
    }

    /** Who, where and when: the fields known from the request's first byte on (the unique id uses them too). */
    static void identity(final HttpSession s, final HttpLogLine l) {
        final Exchange x = s.x;
        l.client = s.ws != null ? s.ws.addresses.logSource(s.clientAddress) : s.clientAddress; // set-src
        l.frontendAddress = s.ws != null ? s.ws.addresses.logDestination(s.localAddress) : s.localAddress;
        l.unixListenerId = s.client.endpoint.unixListenerId();
        l.tls = s.client.endpoint.tls();
        l.frontend = s.frontend.name();
        l.backend = s.backend != null ? s.backend.name() : s.frontend.name();
        final long requestEpochMs = x.requestEpochMs != 0 ? x.requestEpochMs : System.currentTimeMillis();
        l.idleMs = x.requestStarted ? Math.max(0, (x.requestStartNs - x.idleSinceNs) / 1_000_000L) : 0;
        l.handshakeMs = handshakeMs(s);
        l.acceptEpochMs = requestEpochMs - l.idleMs - l.handshakeMs;
        l.requestCounter = x.requestId;
        l.captures = s.captures;
        l.vars = s.ws != null ? s.ws.vars : null;
    }

    /** Tr: from the request's head to the response's, less the queue and connect times (HAProxy's t_data). */
    private static long responseMs(final HttpSession s) {
        final Exchange x = s.x;
        return x.responseHeadNs < 0 ? -1 : Math.max(0, (x.responseHeadNs - x.headDoneNs) / 1_000_000L
            - Math.max(0, s.leg.waitMs()) - Math.max(0, s.leg.connectMs()));
    }

    /** Th: the connection's handshakes, for its first request only (HAProxy: none on a kept-alive connection). */
    private static long handshakeMs(final HttpSession s) {
        return s.requestsOnClient <= 1 ? s.handshakeMs : 0;
    }

    /** Tt: the handshakes and the idle time before the request, and its whole life until {@code now}. */
    private static long totalMs(final HttpSession s, final long now) {
        final Exchange x = s.x;
        final long idleMs = x.requestStarted ? Math.max(0, (x.requestStartNs - x.idleSinceNs) / 1_000_000L) : 0;
        return handshakeMs(s) + idleMs + (now - x.requestStartNs) / 1_000_000L;
    }

    private static void fill(final HttpSession s, final HttpLogLine l, final long now, final long uploaded) {
        final Exchange x = s.x;
        identity(s, l);
        l.logLevel = x.logLevel;
        // a request whose head never parsed is, for HAProxy, a session without a stream: no capture, no unique id
        // and no byte counted
        final boolean stream = x.headDoneNs != -1;
        if (!stream) {
            l.captures = null;
        } else if (s.captures != null && s.captures.uniqueIdLength < 0) {
            LogCapture.uniqueId(s, null);
        }
        s.leg.fillLog(l, s.frontend.name());
        if (x.applet != null) {
            // HAProxy's stream reached its applet as soon as the request's rules chose it: queue and connect 0
            l.server = x.applet;
            l.waitMs = 0;
            l.connectMs = 0;
        }
        l.requestMs = x.requestStarted && x.headDoneNs != -1 && !x.requestUnstamped
            ? (x.headDoneNs - x.requestStartNs) / 1_000_000L : -1;
        // Tr counts from the connection's establishment, as HAProxy's t_data - t_connect: queue and connect out
        l.responseMs = x.responseHeadNs < 0 ? -1 : Math.max(0, (x.responseHeadNs - x.headDoneNs) / 1_000_000L
            - Math.max(0, l.waitMs) - Math.max(0, l.connectMs));
        l.totalMs = l.idleMs + l.handshakeMs + (now - x.requestStartNs) / 1_000_000L;
        if (x.tarpitted) {
            // HAProxy's tarpit sets no request date, and its queue time to the whole wait since the accept: %Tw then
            // prints that minus the unset TR (-1)
            l.requestMs = -1;
            l.waitMs = l.totalMs + 1;
        }
        l.status = x.status == 0 ? -1 : x.status;
        // HAProxy counts no byte of a request that never came or never parsed (its 400 is the H1 mux's, streamless)
        l.bytesRead = x.requestStarted && stream ? x.bytesToClient : 0;
        l.bytesUploaded = stream ? uploaded : 0;
        l.terminationCause = x.termCause;
        l.terminationState = x.termState;
        final boolean cookieLogged = s.backend != null && PersistCookie.logged(s.backend.config().http().cookie());
        l.cookieClient = !cookieLogged ? '-' : x.cookieClient != 0 ? x.cookieClient : PersistCookie.NONE;
        l.cookieServer = !cookieLogged ? '-' : x.cookieServer != 0 ? x.cookieServer : PersistCookie.NONE;
        l.actconn = s.limits.globalCurrent();
        l.feconn = s.frontend.currConns().get();
        // as HAProxy, every line of a logasap frontend has its '+', an error logged at the end too
        l.logAsap = s.frontend.log().logAsap();
    }
}
