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

    /** Copies the request line into the log line while the head is in place (httplog frontends only). */
    static void keepRequestLine(final RequestWorkspace ws) {
        final HttpLogLine logLine = ws.logLine();
        final int n = Math.min(ws.req.startLineLength(), logLine.requestLine.length);
        ws.req.buffer().get(ws.req.startLineStart(), logLine.requestLine, 0, n);
        logLine.requestLineLength = n;
    }

    /** Counts and logs the request of {@code s} that just ended (once per request: the session sees to it). */
    static void requestEnded(final HttpSession s) {
        final Exchange x = s.x;
        final int r = s.reactor.id();
        final long in = s.client.bytesRead - s.clientBytesCounted;
        s.clientBytesCounted = s.client.bytesRead;
        s.frontend.counters().add(r, Counter.BYTES_IN, in);
        s.frontend.counters().add(r, Counter.BYTES_OUT, x.bytesToClient);
        s.leg.countBytes(in, x.bytesToClient);
        s.leg.countTimes(x.responseHeadNs >= 0); // a sample only once the response head came (t_data)
        if (!s.httplog) {
            return;
        }
        s.borrowWorkspace(); // a request that failed before its head parsed logs <BADREQ>
        final long now = s.reactor.nowNs();
        final HttpLogLine l = s.ws.logLine();
        l.client = s.clientAddress;
        l.unixListenerId = s.client.endpoint.unixListenerId();
        l.requestEpochMs = x.requestEpochMs != 0 ? x.requestEpochMs : System.currentTimeMillis();
        l.frontend = s.frontend.name();
        s.leg.fillLog(l, s.frontend.name());
        l.requestMs = x.requestStarted && x.headDoneNs != -1 ? (x.headDoneNs - x.requestStartNs) / 1_000_000L : -1;
        // Tr counts from the connection's establishment, as HAProxy's t_data - t_connect: queue and connect out
        l.responseMs = x.responseHeadNs < 0 ? -1 : Math.max(0, (x.responseHeadNs - x.headDoneNs) / 1_000_000L
            - Math.max(0, l.waitMs) - Math.max(0, l.connectMs));
        l.activeMs = (now - x.requestStartNs) / 1_000_000L;
        l.status = x.status == 0 ? -1 : x.status;
        l.bytesRead = x.requestStarted ? x.bytesToClient : 0; // HAProxy counts no byte of a request that never came
        l.terminationCause = x.termCause;
        l.terminationState = x.termState;
        l.actconn = s.limits.globalCurrent();
        l.feconn = s.frontend.currConns().get();
        s.frontend.log().httplog(l);
        l.requestLineLength = 0;
    }
}
