package dev.baton.proxyproto;

import dev.baton.config.BindConfig;
import dev.baton.listener.Frontend;
import dev.baton.listener.ListenerPlan;
import dev.baton.log.TrafficLog;

import java.net.InetSocketAddress;

/**
 * The traffic-log line of a connection that ended before it became a stream because its PROXY protocol header
 * failed, HAProxy 2.6's session_kill_embryonic: {@code CLIENT:PORT [DATE] FRONTEND/LISTENER: REASON}, with the
 * socket's own client address, the accept date, the listener's {@code name} or else its number in the frontend
 * (HAProxy's luid, ListenerPlan), and
 * {@link ProxyError#message()} (or the frontend's {@code error-log-format}). Written only by a frontend that logs with a format ({@code option tcplog} or
 * {@code option httplog}); {@code option dontlognull} leaves out a client that sent nothing, broke the connection
 * or timed out; level {@code info}, {@code err} under {@code option log-separate-errors}. One per listener; any
 * reactor thread (the line goes through tinylog's writing thread).
 */
public final class EmbryonicLog {
    private final String listener;

    public EmbryonicLog(final Frontend frontend, final BindConfig bind) {
        this.listener = bind.name() != null ? bind.name()
            : Integer.toString(ListenerPlan.listenerId(frontend.config().binds(), bind));
    }

    /** Logs the failure of {@code client}'s header (accepted at {@code acceptEpochMs}) if the frontend logs it. */
    void failed(final Frontend frontend, final InetSocketAddress client, final InetSocketAddress local,
                final long acceptEpochMs, final ProxyError error) {
        final TrafficLog log = frontend.log();
        if (log.format() != TrafficLog.Format.TCPLOG && log.format() != TrafficLog.Format.HTTPLOG
            || log.dontLogNull() && error.hiddenByDontlognull()) {
            return;
        }
        // rendered by the frontend's log (its error-log-format if any, else HAProxy's fixed line) and sent to its
        // loggers
        log.connectionError(client, local, acceptEpochMs, System.currentTimeMillis() - acceptEpochMs, listener,
            error.message());
    }
}
