package dev.baton.log;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.ZoneId;

/**
 * How HAProxy writes values into a log line: addresses ({@code inet_ntop} text or {@code +X} hex), dates (its
 * accept-date, GMT and local forms, computed without {@code java.time} objects), and the two encodings of
 * strings: {@code #XX} for the bytes a header or a URI may not show raw, and the {@code +E} backslash escapes.
 * Static; safe on any thread. IPv4 text and dates allocate nothing; an IPv6 address copies its 16 bytes.
 */
public final class LogText {
    private static final String[] MONTHS = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** The local zone's offset over one minute, re-read for the next (a DST change shows within a minute). */
    private record Offset(long fromMs, long untilMs, int seconds) {
    }

    private static volatile Offset offset = new Offset(0, 0, 0);

    private LogText() {
    }

    /** HAProxy's encoding maps: which bytes are written {@code #XX}. */
    static final boolean[] HEADER_MAP = map("\"#{|}");
    static final boolean[] URL_MAP = map("\"#");

    private static boolean[] map(final String extra) {
        final boolean[] m = new boolean[256];
        for (int i = 0; i < 32; i++) {
            m[i] = true;
        }
        for (int i = 127; i < 256; i++) {
            m[i] = true;
        }
        for (int i = 0; i < extra.length(); i++) {
            m[extra.charAt(i)] = true;
        }
        return m;
    }

    /** The address's text as inet_ntop writes it ({@code ::1}, not Java's long form); false for null. */
    public static boolean appendIp(final StringBuilder sb, final InetSocketAddress a) {
        if (a == null || a.getAddress() == null) {
            return false;
        }
        final InetAddress ip = a.getAddress();
        if (ip instanceof Inet4Address) {
            final int v = ip.hashCode(); // Inet4Address: the address itself, without copying it
            sb.append(v >>> 24).append('.').append(v >>> 16 & 0xff).append('.').append(v >>> 8 & 0xff).append('.')
                .append(v & 0xff);
            return true;
        }
        appendIpv6(sb, ip.getAddress());
        return true;
    }

    /** RFC 5952 text: the longest run of two or more zero groups (the first of equals) becomes {@code ::}. */
    private static void appendIpv6(final StringBuilder sb, final byte[] b) {
        if (isV4Mapped(b)) {
            sb.append("::ffff:").append(b[12] & 0xff).append('.').append(b[13] & 0xff).append('.')
                .append(b[14] & 0xff).append('.').append(b[15] & 0xff);
            return;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && group(b, j) == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(group(b, i)));
        }
    }

    private static boolean isV4Mapped(final byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static int group(final byte[] b, final int i) {
        return (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
    }

    /** {@code +X}: the address's bytes in upper-case hex, most significant first. */
    static void appendIpHex(final StringBuilder sb, final InetSocketAddress a) {
        final InetAddress ip = a.getAddress();
        if (ip instanceof Inet4Address) {
            final int v = ip.hashCode();
            for (int shift = 24; shift >= 0; shift -= 8) {
                hex2(sb, v >>> shift & 0xff);
            }
            return;
        }
        for (final byte x : ip.getAddress()) {
            hex2(sb, x & 0xff);
        }
    }

    static char hexDigit(final int v) {
        return HEX[v & 15];
    }

    static void hex2(final StringBuilder sb, final int v) {
        sb.append(HEX[v >> 4 & 15]).append(HEX[v & 15]);
    }

    /** {@code %04X} of C: at least four upper-case hex digits. */
    static void hex4(final StringBuilder sb, final long v) {
        hex(sb, v, 4);
    }

    /** At least {@code min} upper-case hex digits, as C's {@code %0<min>X}. */
    static void hex(final StringBuilder sb, final long v, final int min) {
        int digits = min;
        while (digits < 16 && v >>> (4 * digits) != 0) {
            digits++;
        }
        for (int i = digits - 1; i >= 0; i--) {
            sb.append(HEX[(int) (v >>> (4 * i)) & 15]);
        }
    }

    static boolean appendLatin1(final StringBuilder sb, final byte[] bytes, final int length) {
        return appendLatin1(sb, bytes, 0, length);
    }

    static boolean appendLatin1(final StringBuilder sb, final byte[] bytes, final int from, final int to) {
        for (int i = from; i < to; i++) {
            sb.append((char) (bytes[i] & 0xff));
        }
        return true;
    }

    /** Appends {@code c}, as {@code #XX} when {@code map} says so; with {@code escape} ({@code +E}) {@code "\]} get a backslash. */
    static void appendEncoded(final StringBuilder sb, final int c, final boolean[] map, final boolean escape) {
        if (map[c & 0xff]) {
            sb.append('#');
            hex2(sb, c & 0xff);
        } else if (escape && (c == '"' || c == '\\' || c == ']')) {
            sb.append('\\').append((char) c);
        } else {
            sb.append((char) c);
        }
    }

    /** {@code +E} on the text appended since {@code from}: a backslash before each {@code "}, {@code \} and {@code ]}. */
    static void escapeFrom(final StringBuilder sb, final int from) {
        for (int i = from; i < sb.length(); i++) {
            final char c = sb.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                sb.insert(i, '\\');
                i++;
            }
        }
    }

    /** HAProxy's accept-date form, local time: {@code 06/Feb/2009:12:12:51.443}. */
    public static void appendDate(final StringBuilder sb, final long epochMs) {
        appendDay(sb, epochMs + offsetSeconds(epochMs) * 1000L);
        sb.append('.');
        final int ms = (int) Math.floorMod(epochMs, 1000L);
        sb.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
    }

    /** {@code %T}, {@code %trg}: {@code 06/Feb/2009:12:12:51 +0000}. */
    static void appendGmtDate(final StringBuilder sb, final long epochMs) {
        appendDay(sb, epochMs);
        sb.append(" +0000");
    }

    /** {@code %Tl}, {@code %trl}: local time and its offset, {@code 06/Feb/2009:13:12:51 +0100}. */
    static void appendLocalDate(final StringBuilder sb, final long epochMs) {
        final int offset = offsetSeconds(epochMs);
        appendDay(sb, epochMs + offset * 1000L);
        final int minutes = Math.abs(offset) / 60;
        sb.append(' ').append(offset < 0 ? '-' : '+');
        two(sb, minutes / 60);
        two(sb, minutes % 60);
    }

    /** {@code dd/Mon/yyyy:HH:MM:SS} of the civil time {@code ms} stands for (days from the epoch, no zone). */
    private static void appendDay(final StringBuilder sb, final long ms) {
        final long seconds = Math.floorDiv(ms, 1000L);
        final long days = Math.floorDiv(seconds, 86_400L);
        final int secOfDay = (int) (seconds - days * 86_400L);
        // civil-from-days (proleptic Gregorian), as in H. Hinnant's date algorithms
        final long z = days + 719_468;
        final long era = Math.floorDiv(z, 146_097);
        final long doe = z - era * 146_097;
        final long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        final int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        final long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        two(sb, day);
        sb.append('/').append(MONTHS[month - 1]).append('/').append(year).append(':');
        two(sb, secOfDay / 3600);
        sb.append(':');
        two(sb, secOfDay / 60 % 60);
        sb.append(':');
        two(sb, secOfDay % 60);
    }

    private static void two(final StringBuilder sb, final int v) {
        sb.append((char) ('0' + v / 10 % 10)).append((char) ('0' + v % 10));
    }

    /** The local zone's offset at {@code epochMs}, in seconds; recomputed (allocating) at most once a minute. */
    private static int offsetSeconds(final long epochMs) {
        Offset o = offset;
        if (epochMs < o.fromMs || epochMs >= o.untilMs) {
            final int s = ZoneId.systemDefault().getRules().getOffset(Instant.ofEpochMilli(epochMs)).getTotalSeconds();
            final long minute = epochMs - Math.floorMod(epochMs, 60_000L);
            o = new Offset(minute, minute + 60_000L, s);
            offset = o;
        }
        return o.seconds;
    }
}
