package dev.baton.tls;

import dev.baton.io.Endpoint;
import dev.baton.io.TlsInfo;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The {@code sni} expression of a server line, evaluated for one new connection: {@code str(NAME)} (a constant),
 * {@code ssl_fc_sni} (the name the client asked baton for on a TLS bind) or {@code req.hdr(NAME)} (the last value of
 * that header in the request as it is sent to the server, after the http-request rules). A small self-contained
 * evaluator (the rules engine's sample fetches are not reachable from the server leg); immutable, any thread.
 * Evaluating allocates the name's String, once per server connection looked up or made for an {@code sni} server.
 */
public final class ServerSni {
    private static final int STR = 0;
    private static final int CLIENT_SNI = 1;
    private static final int HEADER = 2;

    private final int kind;
    private final String value;
    private final byte[] header;

    private ServerSni(final int kind, final String value) {
        this.kind = kind;
        this.value = value;
        this.header = kind == HEADER ? value.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII)
            : null;
    }

    /** The evaluator of {@code expr} as {@code ServerTlsParser} accepted it. */
    public static ServerSni of(final String expr) {
        if (expr.equals("ssl_fc_sni")) {
            return new ServerSni(CLIENT_SNI, null);
        }
        final String arg = expr.substring(expr.indexOf('(') + 1, expr.length() - 1);
        return new ServerSni(expr.startsWith("str(") ? STR : HEADER, arg);
    }

    /**
     * The name for a request: {@code head} holds the request as written for the server (fill mode: bytes
     * {@code from} to its position; null in mode tcp), {@code client} is the client's endpoint. Null when the fetch finds nothing (no SNI is
     * then sent, as HAProxy does when the sample fails).
     */
    public String evaluate(final ByteBuffer head, final int from, final Endpoint client) {
        switch (kind) {
            case STR:
                return value;
            case CLIENT_SNI: {
                final TlsInfo tls = client == null ? null : client.tls();
                return tls == null ? null : tls.sni();
            }
            default:
                return head == null ? null : lastHeader(head, from, header);
        }
    }

    /** The last value of header {@code name} (lower case) in the head at {@code from} in {@code buf}, or null. */
    static String lastHeader(final ByteBuffer buf, final int from, final byte[] name) {
        final int end = buf.position();
        String found = null;
        int line = lineEnd(buf, from, end); // skips the request line
        while (line >= 0) {
            final int start = line + 1;
            final int next = lineEnd(buf, start, end);
            final int stop = next < 0 ? end : next;
            final int len = stop - start - (stop > start && buf.get(stop - 1) == '\r' ? 1 : 0);
            if (len <= 0) {
                return found; // the empty line ends the head
            }
            if (len > name.length && buf.get(start + name.length) == ':' && nameMatches(buf, start, name)) {
                int v = start + name.length + 1;
                int e = start + len;
                while (v < e && (buf.get(v) == ' ' || buf.get(v) == '\t')) {
                    v++;
                }
                while (e > v && (buf.get(e - 1) == ' ' || buf.get(e - 1) == '\t')) {
                    e--;
                }
                final byte[] bytes = new byte[e - v];
                buf.get(v, bytes);
                found = new String(bytes, StandardCharsets.ISO_8859_1);
            }
            line = next;
        }
        return found;
    }

    private static boolean nameMatches(final ByteBuffer buf, final int at, final byte[] name) {
        for (int i = 0; i < name.length; i++) {
            final int c = buf.get(at + i);
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int lineEnd(final ByteBuffer buf, final int from, final int end) {
        for (int i = from; i < end; i++) {
            if (buf.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
