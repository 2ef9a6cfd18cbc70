package dev.baton.log;

import dev.baton.config.LogFormat;
import dev.baton.config.LogTarget;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The bytes HAProxy 2.6 sends for one log line to one target: the header of the target's {@code format}, the line
 * cut to the target's {@code len}, and a line feed (its {@code build_log_header} and {@code __do_send_log}).
 *
 * <p>Headers: {@code local} {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: }; {@code rfc3164} the same with
 * {@code HOST } (or {@code localhost }) after the time; {@code rfc5424}
 * {@code <PRI>1 YYYY-MM-DDThh:mm:ss.uuuuuu+hh:mm HOST TAG PID - - } ({@code -} for no HOST; the last {@code -} is
 * the empty structured data); {@code priority} {@code <PRI>}; {@code short} {@code <SEVERITY>}; {@code timed}
 * {@code <SEVERITY>ISO-TIME }; {@code iso} {@code ISO-TIME }; {@code raw} nothing. PRI is facility × 8 + severity.
 * Without {@code format}: {@code rfc3164} when the global section has {@code log-send-hostname}, else
 * {@code local}. Times are local, with the zone's offset in ISO times.
 *
 * <p>Length, as HAProxy counts it: to a socket (UDP, Unix), header and line together are cut at {@code len} bytes
 * and the line feed is added after (so a datagram is at most {@code len + 1} bytes; when the cut falls in the
 * header, the header part it falls in is replaced by the line feed, as HAProxy's vector is); to stdout or stderr
 * the line feed counts, so the whole is at most {@code len} bytes. Stateless; any thread (tinylog's writing thread
 * in the daemon).
 */
final class LogEnvelope {
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };
    private static final String[] FACILITIES = {
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2", "ftp", "ntp",
        "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    };
    private static final String[] SEVERITIES = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};

    private LogEnvelope() {
    }

    /** The numeric code of a facility name, or -1 if it is not one. */
    static int facilityCode(final String name) {
        return indexOf(FACILITIES, name);
    }

    /** The numeric severity (emerg 0 .. debug 7) of a level name, or -1 if it is not one. */
    static int severityCode(final String name) {
        return indexOf(SEVERITIES, name);
    }

    private static int indexOf(final String[] names, final String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * What to send of {@code message} ({@code length} bytes, no line feed) at {@code severity} (already clamped to
     * the target's MINLEVEL) to {@code target}; {@code hostname} null without {@code log-send-hostname};
     * {@code nowMicros} the time of the line (µs since the epoch).
     */
    static byte[] build(final LogTarget target, final int severity, final String tag, final String hostname,
                        final long pid, final long nowMicros, final ZoneId zone, final byte[] message,
                        final int length) {
        final List<byte[]> header = header(format(target.format(), hostname), facilityCode(target.facility()),
            severity, tag, hostname, pid, nowMicros, zone);
        final boolean stream = target.kind() == LogTarget.Kind.STDOUT || target.kind() == LogTarget.Kind.STDERR;
        return stream ? forStream(header, message, length, target.maxLen())
            : forDatagram(header, message, length, target.maxLen());
    }

    /** The format a target without {@code format} uses: HAProxy picks rfc3164 when there is a host name. */
    static LogFormat format(final LogFormat configured, final String hostname) {
        if (configured != LogFormat.UNSPECIFIED) {
            return configured;
        }
        return hostname != null ? LogFormat.RFC3164 : LogFormat.LOCAL;
    }

    /** The header, in the parts HAProxy's vector has (which matters where a cut falls). */
    static List<byte[]> header(final LogFormat format, final int facility, final int severity, final String tag,
                               final String hostname, final long pid, final long nowMicros, final ZoneId zone) {
        final List<String> parts = new ArrayList<>(12);
        switch (format) {
            case LOCAL:
            case RFC3164:
            case RFC5424:
            case PRIORITY:
                parts.add("<" + (facility * 8 + severity) + ">");
                break;
            case TIMED:
            case SHORT:
                parts.add("<" + severity + ">");
                break;
            default:
                break;
        }
        switch (format) {
            case LOCAL:
            case RFC3164:
                parts.add(legacyTime(nowMicros, zone));
                break;
            case RFC5424:
                parts.add("1 ");
                parts.add(isoTime(nowMicros, zone) + " ");
                break;
            case TIMED:
            case ISO:
                parts.add(isoTime(nowMicros, zone) + " ");
                break;
            default:
                break;
        }
        if (format == LogFormat.RFC3164) {
            if (hostname != null && !hostname.isEmpty()) {
                parts.add(hostname);
                parts.add(" ");
            } else {
                parts.add("localhost ");
            }
        }
        if (format == LogFormat.RFC3164 || format == LogFormat.LOCAL) {
            parts.add(tag);
            parts.add("[");
            parts.add(Long.toString(pid));
            parts.add("]");
            parts.add(": ");
        }
        if (format == LogFormat.RFC5424) {
            nilOr(parts, hostname);
            nilOr(parts, tag);
            nilOr(parts, Long.toString(pid));
            parts.add("- "); // MSGID
            parts.add("-"); // the structured data HAProxy sends by default
            parts.add(" ");
        }
        final List<byte[]> bytes = new ArrayList<>(parts.size());
        for (final String p : parts) {
            bytes.add(p.getBytes(StandardCharsets.UTF_8));
        }
        return bytes;
    }

    private static void nilOr(final List<String> parts, final String value) {
        if (value != null && !value.isEmpty()) {
            parts.add(value);
            parts.add(" ");
        } else {
            parts.add("- ");
        }
    }

    /** {@code Mmm dd hh:mm:ss } (day padded with a space), local time. */
    static String legacyTime(final long nowMicros, final ZoneId zone) {
        final LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(nowMicros, 1_000_000L)),
            zone);
        return String.format(Locale.ROOT, "%s %2d %02d:%02d:%02d ", MONTHS[t.getMonthValue() - 1], t.getDayOfMonth(),
            t.getHour(), t.getMinute(), t.getSecond());
    }

    /** {@code YYYY-MM-DDThh:mm:ss.uuuuuu+hh:mm}, local time and its offset (32 characters, as HAProxy's). */
    static String isoTime(final long nowMicros, final ZoneId zone) {
        final Instant at = Instant.ofEpochSecond(Math.floorDiv(nowMicros, 1_000_000L));
        final LocalDateTime t = LocalDateTime.ofInstant(at, zone);
        final int offset = zone.getRules().getOffset(at).getTotalSeconds();
        final int abs = Math.abs(offset);
        return String.format(Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%06d%c%02d:%02d", t.getYear(),
            t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond(),
            Math.floorMod(nowMicros, 1_000_000L), offset < 0 ? '-' : '+', abs / 3600, abs / 60 % 60);
    }

    /** HAProxy's {@code sendmsg} vector: header parts then the line within {@code maxLen}, then the line feed. */
    static byte[] forDatagram(final List<byte[]> header, final byte[] message, final int length, final int maxLen) {
        final byte[] out = new byte[maxLen + 1];
        int n = 0;
        int budget = maxLen;
        boolean cutInHeader = false;
        for (final byte[] part : header) {
            if (budget <= part.length) {
                // HAProxy's loop stops on this part without keeping it: the line feed takes its place
                cutInHeader = true;
                budget = 0;
                break;
            }
            System.arraycopy(part, 0, out, n, part.length);
            n += part.length;
            budget -= part.length;
        }
        if (!cutInHeader) {
            final int take = Math.min(budget, length);
            System.arraycopy(message, 0, out, n, take);
            n += take;
        }
        out[n++] = '\n';
        return java.util.Arrays.copyOf(out, n);
    }

    /** HAProxy's {@code fd_write_frag_line}: header and line within {@code maxLen - 1} bytes, then the line feed. */
    static byte[] forStream(final List<byte[]> header, final byte[] message, final int length, final int maxLen) {
        final byte[] out = new byte[maxLen];
        int n = 0;
        int budget = maxLen - 1;
        for (final byte[] part : header) {
            final int take = Math.min(budget, part.length);
            System.arraycopy(part, 0, out, n, take);
            n += take;
            budget -= take;
        }
        final int take = Math.min(budget, length);
        System.arraycopy(message, 0, out, n, take);
        n += take;
        out[n++] = '\n';
        return java.util.Arrays.copyOf(out, n);
    }
}
