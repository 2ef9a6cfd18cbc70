package dev.baton.http;

import dev.baton.http.text.Ascii;

import java.nio.ByteBuffer;

/**
 * Checks on authorities ({@code host[:port]}) in Host headers and request-targets, the HAProxy way: a
 * character that could make two hops route one request differently is refused, and an absolute-form or
 * CONNECT target must name the same host as the Host header. Ranges are {@code buf[start, end)}; absolute
 * gets only. Stateless; any thread.
 */
final class Authority {
    private static final byte[] HTTP = {'h', 't', 't', 'p'};
    private static final byte[] HTTPS = {'h', 't', 't', 'p', 's'};
    private static final byte[] PORT_80 = {'8', '0'};
    private static final byte[] PORT_443 = {'4', '4', '3'};

    private Authority() {
    }

    /**
     * No byte outside {@code 0x21-0x7E}, none of {@code , # / ? @ \}, and brackets only around an IP literal
     * ({@code [} first, {@code ]} last or before the port's colon). The comma is refused because it separates
     * list elements in a header value.
     */
    static boolean isValid(final ByteBuffer buf, final int start, final int end) {
        boolean open = false;
        for (int i = start; i < end; i++) {
            final byte b = buf.get(i);
            if (b < 0x21 || b > 0x7E || b == ',' || b == '#' || b == '/' || b == '?' || b == '@' || b == '\\') {
                return false;
            }
            if (b == '[') {
                if (i != start) {
                    return false;
                }
                open = true;
            } else if (b == ']') {
                if (!open || (i != end - 1 && buf.get(i + 1) != ':')) {
                    return false;
                }
                open = false;
            }
        }
        return !open;
    }

    /** A CONNECT target (RFC 9112 §3.2.3): a valid authority with a non-empty host and a non-empty port. */
    static boolean isConnectTarget(final ByteBuffer buf, final int start, final int end) {
        final int colon = portColon(buf, start, end);
        return isValid(buf, start, end) && colon > start && colon < end - 1;
    }

    /**
     * Whether the Host value {@code buf[host, hostEnd)} names the same place as the target's authority
     * {@code buf[authority, authorityEnd)}: equal ignoring case, or equal once a default port present on one
     * side only is ignored. {@code scheme} (length {@code schemeLength}) is that of an absolute-form target; a
     * length of 0 means CONNECT, whose default ports are 80 and 443 and whose Host may omit only those.
     */
    static boolean matchesHost(final ByteBuffer buf, final int scheme, final int schemeLength, final int authority,
            final int authorityEnd, final int host, final int hostEnd) {
        if (Ascii.equalsIgnoreCase(buf, authority, authorityEnd - authority, host, hostEnd - host)) {
            return true;
        }
        final int authorityColon = portColon(buf, authority, authorityEnd);
        final int hostColon = portColon(buf, host, hostEnd);
        if (schemeLength == 0 && hostColon >= 0 && hostColon < hostEnd - 1) {
            return false; // both have a port (CONNECT's is mandatory) and they are not equal
        }
        if (authorityColon < 0 && hostColon < 0) {
            return false;
        }
        if (authorityColon >= 0 && !isDefaultPort(buf, scheme, schemeLength, authorityColon + 1, authorityEnd)
                || hostColon >= 0 && !isDefaultPort(buf, scheme, schemeLength, hostColon + 1, hostEnd)) {
            return false;
        }
        final int authorityHostEnd = authorityColon < 0 ? authorityEnd : authorityColon;
        final int hostHostEnd = hostColon < 0 ? hostEnd : hostColon;
        return Ascii.equalsIgnoreCase(buf, authority, authorityHostEnd - authority, host, hostHostEnd - host);
    }

    /** The colon before the trailing run of digits (the port, possibly empty), or -1 when there is none. */
    static int portColon(final ByteBuffer buf, final int start, final int end) {
        int i = end;
        while (i > start && buf.get(i - 1) >= '0' && buf.get(i - 1) <= '9') {
            i--;
        }
        return i > start && buf.get(i - 1) == ':' ? i - 1 : -1;
    }

    /** An empty port, 80 for http, 443 for https, or either when there is no scheme (CONNECT). */
    private static boolean isDefaultPort(final ByteBuffer buf, final int scheme, final int schemeLength,
            final int port, final int portEnd) {
        final int length = portEnd - port;
        if (length == 0) {
            return true;
        }
        final boolean is80 = Ascii.equals(buf, port, length, PORT_80);
        final boolean is443 = Ascii.equals(buf, port, length, PORT_443);
        if (schemeLength == 0) {
            return is80 || is443;
        }
        return is80 && Ascii.equalsIgnoreCase(buf, scheme, schemeLength, HTTP)
                || is443 && Ascii.equalsIgnoreCase(buf, scheme, schemeLength, HTTPS);
    }
}
