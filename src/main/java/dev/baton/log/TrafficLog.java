package dev.baton.log;

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
 * nothing. Lines go through tinylog's writing thread (tag {@link #TAG}).
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

    public TrafficLog(final Format format) {
        this.format = format;
    }

    public static TrafficLog forFrontend(final ProxyConfig frontend) {
        if (!frontend.logGlobal()) {
            return new TrafficLog(Format.NONE);
        }
        if (frontend.mode() == dev.baton.config.Mode.HTTP && frontend.http().httplog()) {
            return new TrafficLog(Format.HTTPLOG);
        }
        return new TrafficLog(frontend.tcplog() || frontend.http().httplog() ? Format.TCPLOG : Format.CONNECT);
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

    /** Emits a tcplog line; see {@link TcpLogLine} for the fields. */
    public void tcplog(final TcpLogLine line) {
        if (format == Format.TCPLOG) {
            LOG.info(line.render(new StringBuilder(160)).toString());
        }
    }

    /** Emits an httplog line; see {@link HttpLogLine} for the fields. */
    public void httplog(final HttpLogLine line) {
        if (format == Format.HTTPLOG) {
            LOG.info(line.render());
        }
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
