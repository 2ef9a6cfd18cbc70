package dev.baton.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The answer of {@code http-request auth}, as HAProxy 2.6 makes it ({@code http_action_auth}): the proxy's 401
 * reply (its {@code errorfile}, else the built-in one) without any {@code WWW-Authenticate} it had, plus
 * {@code WWW-Authenticate: Basic realm="REALM"} as its last header (with {@code option http-use-proxy-header} and a
 * proxy's request: the 407 reply and {@code Proxy-Authenticate}). Unlike the other error replies the connection
 * stays open, unless it must close anyway. Built when answered (a refused request is not the hot path); reactor
 * thread only.
 */
final class AuthReply {
    private AuthReply() {
    }

    /**
     * Writes the reply made from {@code base} (a whole response) into {@code out}; false when it does not fit.
     * {@code close}: the connection closes after it ({@code Connection: close} kept or added).
     */
    static boolean write(final byte[] base, final String realm, final boolean proxy, final boolean close,
                         final ByteBuffer out) {
        final byte[] reply = build(base, realm, proxy, close);
        if (reply.length > out.remaining()) {
            return false;
        }
        out.put(reply);
        return true;
    }

    /** {@code proxy}: the 407 of {@code option http-use-proxy-header}, with {@code Proxy-Authenticate}. */
    static byte[] build(final byte[] base, final String realm, final boolean proxy, final boolean close) {
        final String header = proxy ? "proxy-authenticate" : "www-authenticate";
        final String text = new String(base, StandardCharsets.ISO_8859_1);
        final int end = text.indexOf("\r\n\r\n");
        final String[] lines = text.substring(0, end).split("\r\n");
        final StringBuilder head = new StringBuilder(end + 64).append(lines[0]).append("\r\n");
        boolean hasClose = false;
        for (int i = 1; i < lines.length; i++) {
            final String lower = lines[i].toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith(header + ":")) {
                continue;
            }
            if (lower.startsWith("connection:")) {
                if (!close) {
                    continue;
                }
                hasClose = true;
            }
            head.append(lines[i]).append("\r\n");
        }
        if (close && !hasClose) {
            head.append("connection: close\r\n");
        }
        head.append(header).append(": Basic realm=\"").append(realm).append("\"\r\n\r\n");
        final byte[] h = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        final byte[] outBytes = new byte[h.length + base.length - end - 4];
        System.arraycopy(h, 0, outBytes, 0, h.length);
        System.arraycopy(base, end + 4, outBytes, h.length, base.length - end - 4);
        return outBytes;
    }
}
