package dev.baton.log;

import dev.baton.config.LogOptions;
import dev.baton.config.Mode;
import dev.baton.config.ProxyConfig;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;

/**
 * The traffic log of one frontend, in HAProxy's formats so existing log tooling parses it:
 * with {@code log global} and {@code option httplog} on an HTTP frontend, one httplog line per request;
 * with {@code option tcplog} (or httplog on a TCP frontend), one tcplog line when a connection ends; with
 * {@code log global} alone, HAProxy's "Connect from" line when it starts; without {@code log global},
 * nothing. Lines go through tinylog's writing thread (tag {@link #TAG}), at tinylog's INFO (syslog {@code info}),
 * or ERROR ({@code err}) for a stream that went wrong under {@code option log-separate-errors}.
 *
 * <p>The frontend's {@link LogOptions} filter the tcplog and httplog lines as HAProxy 2.6 does (its
 * {@code strm_log} and its stream's end): {@code dontlognull} drops the line of a stream whose client sent no byte,
 * {@code dontlog-normal} the line of a stream that went right ({@link #wentWrong}). The "Connect from" line knows
 * neither, as in HAProxy.
 *
 * <p>Called on reactor threads; formatting allocates one String per line, once per connection.
 */
public final class TrafficLog {
    public static final String TAG = "traffic";
    private static final TaggedLogger LOG = Logger.tag(TAG);
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };

    /** What a frontend logs. */
    public enum Format { NONE, CONNECT, TCPLOG, HTTPLOG }

    private final Format format;
    private final LogOptions options;

    public TrafficLog(final Format format) {
        this(format, LogOptions.NONE);
    }

    public TrafficLog(final Format format, final LogOptions options) {
        this.format = format;
        this.options = options;
    }

    public static TrafficLog forFrontend(final ProxyConfig frontend) {
        if (!frontend.logGlobal()) {
            return new TrafficLog(Format.NONE);
        }
        if (frontend.mode() == Mode.HTTP && frontend.http().httplog()) {
            return new TrafficLog(Format.HTTPLOG, frontend.logOptions());
        }
        return new TrafficLog(frontend.tcplog() || frontend.http().httplog() ? Format.TCPLOG : Format.CONNECT,
            frontend.logOptions());
    }

    /** {@code option dontlognull}: a connection on which the client sent nothing is not logged. */
    public boolean dontLogNull() {
        return options.dontLogNull();
    }

    public Format format() {
        return format;
    }

    /** HAProxy's line for a proxy without a log format: {@code Connect from C to L (FRONTEND/TCP)}. */
    public void connect(final InetSocketAddress client, final InetSocketAddress local, final String frontend,
                        final String mode) {
        if (format == Format.CONNECT) {
            LOG.info("Connect from {} to {} ({}/{})", address(client), address(local), frontend, mode);
        }
    }

    /**
     * HAProxy's line for a connection that died before its stream began (a failed TLS handshake):
     * {@code CLIENT:PORT [ACCEPT_DATE] FRONTEND/BIND: MESSAGE}, whatever the format, unless the proxy logs nothing;
     * under {@code dontlognull} a connection that sent nothing useful ({@code empty}) is left out, as HAProxy's
     * {@code session_kill_embryonic} leaves it out. {@code bind}: the bind's name, else its number.
     */
    public void connectionError(final InetSocketAddress client, final long acceptEpochMs, final String frontend,
                                final String bind, final String message, final boolean empty) {
        if (format == Format.NONE || empty && options.dontLogNull()) {
            return;
        }
        final StringBuilder sb = new StringBuilder(96).append(address(client)).append(" [");
        appendDate(sb, acceptEpochMs);
        sb.append("] ").append(frontend).append('/').append(bind).append(": ").append(message);
        emit(options.separateErrors(), sb.toString());
    }

    /**
     * Emits a tcplog line (see {@link TcpLogLine} for the fields) unless the options leave it out;
     * {@code bytesFromClient}: what the client sent over the whole connection.
     */
    public void tcplog(final TcpLogLine line, final long bytesFromClient) {
        if (format != Format.TCPLOG || options.dontLogNull() && bytesFromClient == 0) {
            return;
        }
        final boolean wrong = wentWrong(line, 0);
        if (wrong || !options.dontLogNormal()) {
            emit(wrong, line.render(new StringBuilder(160)).toString());
        }
    }

    /** Emits an httplog line (see {@link HttpLogLine} for the fields) unless {@code dontlog-normal} leaves it out. */
    public void httplog(final HttpLogLine line) {
        if (format != Format.HTTPLOG) {
            return;
        }
        final boolean wrong = wentWrong(line, line.status);
        if (wrong || !options.dontLogNormal()) {
            emit(wrong, line.render());
        }
    }

    private void emit(final boolean wrong, final String text) {
        if (wrong && options.separateErrors()) {
            LOG.error(text);
        } else {
            LOG.info(text);
        }
    }

    /**
     * HAProxy's test of a stream that did not go normally: redispatched, ended by anything but itself or a local
     * decision ({@code -} or {@code L}), retried, or (mode http, {@code status} not 0) answered with a 5xx.
     */
    static boolean wentWrong(final StreamLogFields line, final int status) {
        return line.redispatched || line.terminationCause != '-' && line.terminationCause != 'L'
            || line.retries > 0 || status >= 500;
    }

    /** {@code ip:port}, IPv6 addresses in brackets-free HAProxy style ({@code ::1:80}). */
    public static String address(final InetSocketAddress a) {
        if (a == null) {
            return "-";
        }
        final String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return host + ":" + a.getPort();
    }

    /** HAProxy's accept date: {@code 06/Feb/2009:12:12:51.443}, local time. */
    public static void appendDate(final StringBuilder sb, final long epochMs) {
        final LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMs), ZoneId.systemDefault());
        two(sb, t.getDayOfMonth()).append('/').append(MONTHS[t.getMonthValue() - 1]).append('/')
            .append(t.getYear()).append(':');
        two(sb, t.getHour()).append(':');
        two(sb, t.getMinute()).append(':');
        two(sb, t.getSecond()).append('.');
        sb.append(String.format(Locale.ROOT, "%03d", t.getNano() / 1_000_000));
    }

    private static StringBuilder two(final StringBuilder sb, final int v) {
        if (v < 10) {
            sb.append('0');
        }
        return sb.append(v);
    }
}
