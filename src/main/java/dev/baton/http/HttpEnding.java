package dev.baton.http;

import dev.baton.counters.Counter;

/**
 * How an {@link HttpSession} ends a request or itself: baton's own error replies (or the errorfiles) before
 * closing, the closing phase (flush, FIN, drain what the client still sends; a client that asked for the end and
 * got its answer is closed at once), and aborts. Stateless;
 * reactor thread only.
 */
final class HttpEnding {
    private HttpEnding() {
    }

    /**
     * Sends the reply for {@code code} and closes the client afterwards; the request is logged with HAProxy's
     * termination state for it ({@code cause}, {@code state} for a 503).
     */
    static void replyAndClose(final HttpSession s, final int code, final char cause, final char state) {
        s.x.terminateWith(code, s.phase == HttpSession.Phase.EXCHANGE, cause, state);
        reply(s, code);
    }

    /**
     * Ends a request refused with no answer ({@code tcp-request content reject} in a backend, {@code http-request
     * reject|silent-drop}): logged with its line, {@code PR--}, status -1 and TR -1 as HAProxy logs it, then the
     * connection closes with a FIN, or, {@code silent}, is dropped without telling the client first (the close then
     * finds it closed). The caller counts it.
     */
    static void closeUnanswered(final HttpSession s, final boolean silent) {
        s.consumeRequestHead();
        final Exchange x = s.x;
        x.status = -1;
        x.bytesToClient = 0;
        x.headDoneNs = -1;
        x.terminate('P', 'R');
        if (silent) {
            s.client.endpoint.silentDrop(); // first: the end of the request would close it the usual way
        }
        s.endRequest();
        s.client.endpoint.close(); // HAProxy's H1 mux closes with a FIN here (curl: empty reply)
        s.finish();
    }

    /** Sends the reply for {@code code} and closes the client afterwards; the termination state is already set. */
    static void reply(final HttpSession s, final int code) {
        reply(s, code, ErrorReplies.of(code, s.backend, s.fePolicy));
    }

    /**
     * Sends {@code whole}, a whole response logged with {@code code}, and closes the client afterwards; the
     * termination state is already set.
     */
    static void reply(final HttpSession s, final int code, final byte[] whole) {
        s.x.status = code;
        if (s.leg.hasConnection()) {
            HttpForwarder.dropServerConnection(s, true);
        }
        final byte[] reply = AfterResponse.apply(s, whole);
        if (s.client.out == null) {
            writeReply(s, reply);
        } else {
            s.deferredReply = reply; // after the interim response still going out, which must stay whole
        }
        replied(s, reply.length);
    }

    /**
     * The reply of {@code bytes} bytes is in the client output (or deferred): the request ends, logged, and the
     * client closes once it is sent.
     */
    static void replied(final HttpSession s, final long bytes) {
        final Exchange x = s.x;
        if (s.leg.hasConnection()) {
            HttpForwarder.dropServerConnection(s, true);
        }
        x.bytesToClient = bytes;
        if (x.requestStarted || x.pending) {
            x.pending = true;
            s.endRequest();
        }
        HttpForwarder.releaseServerSide(s);
        s.giveBackWorkspace();
        s.closeClientAfter = true;
        s.enterClosing();
    }

    /**
     * The client's first request never came: the client closed ({@code timedOut} false) or let
     * {@code timeout http-request} strike ({@code timedOut}) before sending a byte. As HAProxy 2.6's H1 mux, this is
     * a bad request logged as {@code <BADREQ>}: 400 {@code CR--} or 408 {@code cR--} (the 408 is sent), Ta counted
     * from the accept, no byte; with {@code option dontlognull} neither the line nor the 408, the connection just
     * closes; with {@code option http-ignore-probes} the same, and nothing counted either (HAProxy's H1 mux drops
     * such a probe before its error handling). (A later request that never comes on a kept-alive connection is never
     * logged: see the callers.)
     */
    static void emptyFirstRequest(final HttpSession s, final boolean timedOut) {
        final Exchange x = s.x;
        if (s.frontend.log().dontLogNull() || s.frontend.config().extras().options().httpIgnoreProbes()) {
            s.finish();
            return;
        }
        x.requestStartNs = s.phaseStartNs; // the accept: the first request's wait started there
        x.idleSinceNs = s.phaseStartNs;
        x.requestId = dev.baton.log.StreamIds.next();
        x.requestEpochMs = System.currentTimeMillis() - (s.reactor.nowNs() - s.phaseStartNs) / 1_000_000L;
        x.pending = true;
        if (timedOut) {
            s.replyAndClose(408);
            return;
        }
        x.status = 400;
        x.bytesToClient = 0;
        x.terminate('C', 'R');
        s.endRequest();
        s.finish();
    }

    private static void writeReply(final HttpSession s, final byte[] reply) {
        s.client.output().put(reply, 0, Math.min(reply.length, s.client.out.remaining()));
    }

    /** The closing phase: flushes the last bytes, sends FIN, then drains the client until it closes or time ends. */
    static boolean closing(final HttpSession s) {
        if (s.isStreamingLocalAnswer()) {
            return s.answers.stream();
        }
        if (!s.flushClient()) {
            return false;
        }
        if (s.client.out == null && s.deferredReply != null) {
            writeReply(s, s.deferredReply);
            s.deferredReply = null;
            if (!s.flushClient()) {
                return false;
            }
        }
        if (s.client.out != null) {
            return false;
        }
        if (s.frontend.config().extras().options().nolinger()) {
            s.finish(); // option nolinger: no FIN, no drain: the close resets the connection (SO_LINGER 0), as HAProxy
            return false;
        }
        if (s.clientDone) {
            // The client asked for the end, its request is answered and nothing came after it: it sends no more, so
            // there is nothing to drain and its FIN need not be awaited; the close sends ours after the response (as
            // HAProxy closes such a connection at once), sparing a wait, a read and a selector round per connection.
            // The close sends the FIN itself (nothing is left unread, so it is no reset).
            s.finish();
            return false;
        }
        if (!s.client.endpoint.isClosed() && !s.client.outputShut) {
            s.client.shutdownOutput();
            s.phaseStartNs = s.reactor.nowNs();
            s.timer.armBy(HttpTimeouts.nextDeadlineNs(s));
        }
        s.client.discardInput(); // whatever the client still sends
        if (s.client.eof) {
            s.finish();
        }
        return false;
    }

    /**
     * {@code option abortonclose}: the client shut its sending side while its request waited in a queue. The
     * request ends {@code CQ} without an answer and the connection is closed with a FIN (the client asked for
     * the end; nothing broke), as HAProxy closes it.
     */
    static void leftWhileQueued(final HttpSession s) {
        final Exchange x = s.x;
        s.leg.leaveQueue();
        x.terminate('C', 'Q');
        s.endRequest();
        s.leg.count(Counter.CLIENT_ABORTS);
        HttpForwarder.releaseServerSide(s);
        s.finish();
    }

    /**
     * Something broke on side {@code who} ('C' client, 'S' server, 'c' client timeout, 'K' killed; 'D', 'U' killed
     * for its server's state, see {@code Killable#killForServer}). The server
     * side is dropped at once. A server failure ends the client's response as HAProxy does: what was already
     * received goes out, then FIN (the client sees a short body, not a reset). Anything else resets the client.
     */
    static void abort(final HttpSession s, final char who) {
        final Exchange x = s.x;
        s.leg.leaveQueue(); // before the log line, which shows how long it waited
        x.terminate(who, x.responseStarted ? 'D'
            : s.phase == HttpSession.Phase.WAIT_REQUEST ? 'R' : s.phase == HttpSession.Phase.QUEUED ? 'Q'
            : s.phase == HttpSession.Phase.CONNECTING ? 'C' : 'H');
        s.endRequest();
        if (who == 'S') {
            s.leg.count(Counter.SERVER_ABORTS);
        } else if (who != 'D' && who != 'U') { // killed for its server's state: nobody aborted
            s.leg.count(Counter.CLIENT_ABORTS);
        }
        if (s.leg.hasConnection()) {
            HttpForwarder.dropServerConnection(s, true);
        }
        HttpForwarder.releaseServerSide(s);
        if (who == 'S') {
            s.giveBackWorkspace();
            s.closeClientAfter = true;
            s.enterClosing();
            return;
        }
        s.client.endpoint.abort();
        s.finish();
    }
}
