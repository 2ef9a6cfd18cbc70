package dev.baton.proxyproto;

import dev.baton.config.BindConfig;
import dev.baton.config.LogOptions;
import dev.baton.listener.Frontend;
import dev.baton.log.TrafficLog;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The traffic-log line of a connection that ended before it became a stream because its PROXY protocol header
 * failed, HAProxy 2.6's session_kill_embryonic: {@code CLIENT:PORT [DATE] FRONTEND/LISTENER: REASON}, with the
 * socket's own client address, the accept date, the listener's {@code name} or else its number in the frontend
 * (HAProxy's luid: its {@code id}, else its rank among the frontend's listening addresses), and
 * {@link ProxyError#message()}. Written only by a frontend that logs with a format ({@code option tcplog} or
 * {@code option httplog}); {@code option dontlognull} leaves out a client that sent nothing, broke the connection
 * or timed out; level {@code info}, {@code err} under {@code option log-separate-errors}. One per listener; any
 * reactor thread (the line goes through tinylog's writing thread).
 */
public final class EmbryonicLog {
    private static final TaggedLogger LOG = Logger.tag(TrafficLog.TAG);

    private final String listener;

    public EmbryonicLog(final Frontend frontend, final BindConfig bind) {
        this.listener = bind.name() != null ? bind.name() : Integer.toString(luid(frontend.config().binds(), bind));
    }

    private static int luid(final List<BindConfig> binds, final BindConfig bind) {
        if (bind.id() > 0) {
            return bind.id();
        }
        final int i = binds.indexOf(bind);
        return i < 0 ? 1 : i + 1;
    }

    /** Logs the failure of {@code client}'s header (accepted at {@code acceptEpochMs}) if the frontend logs it. */
    void failed(final Frontend frontend, final InetSocketAddress client, final long acceptEpochMs,
                final ProxyError error) {
        final TrafficLog log = frontend.log();
        if (log.format() != TrafficLog.Format.TCPLOG && log.format() != TrafficLog.Format.HTTPLOG
            || log.dontLogNull() && error.hiddenByDontlognull()) {
            return;
        }
        final StringBuilder sb = new StringBuilder(128);
        sb.append(client == null ? "unknown" : TrafficLog.address(client)).append(" [");
        TrafficLog.appendDate(sb, acceptEpochMs);
        sb.append("] ").append(frontend.name()).append('/').append(listener).append(": ").append(error.message());
        final LogOptions options = frontend.config().logOptions();
        if (options.separateErrors()) {
            LOG.error(sb.toString());
        } else {
            LOG.info(sb.toString());
        }
    }
}
