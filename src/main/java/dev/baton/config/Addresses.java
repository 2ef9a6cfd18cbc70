package dev.baton.config;

import dev.baton.http.rules.Network;

import java.util.ArrayList;
import java.util.List;

/**
 * Recognises the addresses written in the configuration, without any name resolution: IPv4 and IPv6
 * literals, host names, and the {@code HOST:PORT} split shared by {@code bind}, {@code server} and
 * {@code log}. Pure functions.
 */
final class Addresses {
    static final String EXPECTED_NETWORK =
        "an IPv4 or IPv6 address or network such as 10.0.0.0/8 or 2001:db8::/32";

    private Addresses() {
    }

    /**
     * {@code HOST:PORT} split as HAProxy does: {@code [v6]:port} by its brackets, anything else at the last
     * colon (so {@code :::80} is host {@code ::}, port 80). {@code port} is null when there is no colon after
     * the host; brackets are removed from the host.
     */
    record HostPort(String host, String port) {
        static HostPort split(final String text) {
            if (text.startsWith("[")) {
                final int close = text.indexOf(']');
                if (close > 0) {
                    final String host = text.substring(1, close);
                    final String rest = text.substring(close + 1);
                    if (rest.isEmpty()) {
                        return new HostPort(host, null);
                    }
                    if (rest.startsWith(":")) {
                        return new HostPort(host, rest.substring(1));
                    }
                }
                return new HostPort(text, null);
            }
            final int colon = text.lastIndexOf(':');
            return colon < 0 ? new HostPort(text, null) : new HostPort(text.substring(0, colon), text.substring(colon + 1));
        }
    }

    /**
     * The port written as {@code text}: refused as a bad {@code kw} value when not digits (showing
     * {@code whole}), as out of range (naming {@code context}) when not within 1..65535.
     */
    static int port(final String text, final String kw, final String expected, final String whole,
                    final String context) {
        if (text.isEmpty() || Numbers.leadingDigits(text) != text.length()) {
            throw new LineError(Messages.badValue(kw, expected, whole));
        }
        try {
            final int port = (int) Numbers.parseDigits(text, 65535, "");
            if (port >= 1) {
                return port;
            }
        } catch (final BadValueException e) {
            // above 65535: same message as 0
        }
        throw new LineError(Messages.portOutOfRange(text, context));
    }

    /** A dotted-quad IPv4 literal, each part 0..255 without leading zeros (they would read as octal). */
    static boolean isIpv4(final String s) {
        final String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (final String p : parts) {
            if (p.isEmpty() || p.length() > 3 || Numbers.leadingDigits(p) != p.length()
                || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv6(final String s) {
        return ipv6Bytes(s) != null;
    }

    /** The 16 bytes of an IPv6 literal (RFC 4291 text form, optional trailing IPv4), or null. */
    static byte[] ipv6Bytes(final String s) {
        final int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        final List<Integer> head = groups(gap < 0 ? s : s.substring(0, gap), gap < 0);
        final List<Integer> tail = gap < 0 ? List.of() : groups(s.substring(gap + 2), true);
        if (head == null || tail == null) {
            return null;
        }
        final int count = head.size() + tail.size();
        if (gap < 0 ? count != 8 : count > 7) {
            return null;
        }
        final byte[] out = new byte[16];
        for (int i = 0; i < head.size(); i++) {
            putGroup(out, i, head.get(i));
        }
        for (int i = 0; i < tail.size(); i++) {
            putGroup(out, 8 - tail.size() + i, tail.get(i));
        }
        return out;
    }

    private static void putGroup(final byte[] out, final int index, final int value) {
        out[2 * index] = (byte) (value >> 8);
        out[2 * index + 1] = (byte) value;
    }

    /** Colon-separated 16-bit hex groups; the last may be an IPv4 literal (two groups) if allowed. */
    private static List<Integer> groups(final String text, final boolean ipv4Last) {
        final List<Integer> out = new ArrayList<>();
        if (text.isEmpty()) {
            return out;
        }
        final String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            final String p = parts[i];
            if (i == parts.length - 1 && ipv4Last && isIpv4(p)) {
                final String[] q = p.split("\\.");
                out.add(Integer.parseInt(q[0]) << 8 | Integer.parseInt(q[1]));
                out.add(Integer.parseInt(q[2]) << 8 | Integer.parseInt(q[3]));
            } else if (isHexGroup(p)) {
                out.add(Integer.parseInt(p, 16));
            } else {
                return null;
            }
        }
        return out;
    }

    private static boolean isHexGroup(final String p) {
        if (p.isEmpty() || p.length() > 4) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            if (Character.digit(p.charAt(i), 16) < 0 || p.charAt(i) > 'f') {
                return false;
            }
        }
        return true;
    }

    /**
     * A DNS host name: dot-separated labels of letters, digits, {@code -} and {@code _}. A name whose labels
     * are all numeric is not a host name: it is a malformed IPv4 address.
     */
    /**
     * The first address of host name {@code host} in {@code family} (4, 6, or 0 for any), as a literal, from the
     * system resolver (HAProxy resolves names in bind and log lines while reading them); null when it has none.
     */
    static String firstAddress(final String host, final int family) {
        try {
            for (final java.net.InetAddress a : java.net.InetAddress.getAllByName(host)) {
                if (family == 0 || family == 4 && a instanceof java.net.Inet4Address
                    || family == 6 && a instanceof java.net.Inet6Address) {
                    return a.getHostAddress();
                }
            }
        } catch (final java.net.UnknownHostException e) {
            // none: the caller says so in its own words
        }
        return null;
    }

    static boolean isHostName(final String s) {
        if (s.isEmpty() || s.length() > 253) {
            return false;
        }
        boolean allNumeric = true;
        for (final String label : s.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                final char c = label.charAt(i);
                final boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
                if (!ok) {
                    return false;
                }
            }
            allNumeric &= Numbers.leadingDigits(label) == label.length();
        }
        return !allNumeric;
    }

    /** An IPv4 or IPv6 literal or a host name, as a {@code server} or {@code log} target accepts. */
    static boolean isHost(final String s) {
        return isIpv4(s) || isIpv6(s) || isHostName(s);
    }

    /**
     * An address or network: IPv4 with an optional {@code /BITS} (0..32) or dotted mask ({@code /255.0.0.0},
     * contiguous), or IPv6 with an optional {@code /BITS} (0..128); host bits are cleared. Null when
     * malformed. Host names are refused: nothing is resolved at load.
     */
    static Network network(final String text) {
        final int slash = text.indexOf('/');
        final String host = slash < 0 ? text : text.substring(0, slash);
        final String mask = slash < 0 ? null : text.substring(slash + 1);
        final byte[] address = isIpv4(host) ? ipv4Bytes(host) : ipv6Bytes(host);
        if (address == null) {
            return null;
        }
        final int bits = address.length * 8;
        int prefix = bits;
        if (mask != null) {
            prefix = address.length == 4 && isIpv4(mask) ? maskLength(ipv4Bytes(mask)) : prefixLength(mask, bits);
            if (prefix < 0) {
                return null;
            }
        }
        return Network.of(address, prefix);
    }

    /** The four bytes of an IPv4 literal for which {@link #isIpv4} holds. */
    static byte[] ipv4Bytes(final String s) {
        final String[] parts = s.split("\\.");
        final byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) Integer.parseInt(parts[i]);
        }
        return out;
    }

    /** {@code text} as a prefix length in 0..max, or -1. */
    private static int prefixLength(final String text, final int max) {
        if (text.isEmpty() || text.length() > 3 || Numbers.leadingDigits(text) != text.length()) {
            return -1;
        }
        final int n = Integer.parseInt(text);
        return n <= max ? n : -1;
    }

    /** The length of a contiguous dotted mask ({@code 255.255.0.0} is 16), or -1 when not contiguous. */
    private static int maskLength(final byte[] mask) {
        final int m = (mask[0] & 0xff) << 24 | (mask[1] & 0xff) << 16 | (mask[2] & 0xff) << 8 | (mask[3] & 0xff);
        final int ones = Integer.bitCount(m);
        return m == (ones == 0 ? 0 : -1 << (32 - ones)) ? ones : -1;
    }
}
