package dev.baton.http;

import dev.baton.support.BlockingServer;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Purpose-built HTTP backends for {@link BlockingServer}, for what {@code HttpBackend} will not do: answer
 * with chosen bytes, keep what it received, authenticate a connection (NTLM), switch protocols. Each runs on
 * the connection's own thread with blocking I/O.
 */
final class RawBackends {
    private RawBackends() {
    }

    /** The head of the next request (lines up to the empty one, CRLFs kept); null at a clean end of stream. */
    static String readHead(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lineLength = 0;
        while (true) {
            final int c = in.read();
            if (c < 0) {
                if (head.size() == 0) {
                    return null;
                }
                throw new EOFException("end of stream inside a head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(c);
            if (c == '\n') {
                if (lineLength == 0 || (lineLength == 1 && lastButOne(head) == '\r')) {
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
                lineLength = 0;
            } else {
                lineLength++;
            }
        }
    }

    private static int lastButOne(final ByteArrayOutputStream b) {
        final byte[] bytes = b.toByteArray();
        return bytes[bytes.length - 2];
    }

    /** The value of header {@code name} in {@code head} (first one, trimmed), or null. */
    static String header(final String head, final String name) {
        final String wanted = name.toLowerCase(Locale.ROOT) + ":";
        for (final String line : head.split("\r?\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith(wanted)) {
                return line.substring(wanted.length()).strip();
            }
        }
        return null;
    }

    /**
     * Reads the body that follows {@code head} and returns it as received: Content-Length bytes, or a chunked
     * body byte for byte (sizes, extensions, data, trailers, final CRLF).
     */
    static byte[] readBody(final InputStream in, final String head) throws IOException {
        final String te = header(head, "Transfer-Encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).endsWith("chunked")) {
            final ByteArrayOutputStream raw = new ByteArrayOutputStream();
            while (true) {
                final String sizeLine = line(in, raw);
                final int semicolon = sizeLine.indexOf(';');
                final long size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
                if (size == 0) {
                    while (!line(in, raw).isEmpty()) {
                        // a trailer field, kept in raw
                    }
                    return raw.toByteArray();
                }
                raw.write(in.readNBytes((int) size));
                line(in, raw);
            }
        }
        final String length = header(head, "Content-Length");
        if (length == null) {
            return new byte[0];
        }
        final byte[] body = in.readNBytes(Integer.parseInt(length));
        if (body.length != Integer.parseInt(length)) {
            throw new EOFException("short request body");
        }
        return body;
    }

    /** One line into {@code raw} (with its CRLF); returns it without the line end. */
    private static String line(final InputStream in, final ByteArrayOutputStream raw) throws IOException {
        final StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("end of stream inside a chunked body");
            }
            raw.write(c);
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        raw.write('\n');
        return sb.toString();
    }

    static void write(final OutputStream out, final String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** A 200 response with {@code body}, naming the connection in {@code X-Conn-Id}. */
    static String ok(final int connId, final String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\nX-Conn-Id: " + connId + "\r\n\r\n" + body;
    }

    /**
     * A keep-alive server that answers {@code /ntlm} with 401 and {@code WWW-Authenticate: NTLM ...} (the
     * connection is then authenticated, as NTLM does) and anything else with 200; every response names its
     * server and connection ({@code X-Server}, {@code X-Conn-Id}, numbered per server from 1).
     */
    static BlockingServer.Handler ntlm(final String name) {
        final AtomicInteger ids = new AtomicInteger();
        return socket -> {
            final int id = ids.incrementAndGet();
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            for (String head = readHead(in); head != null; head = readHead(in)) {
                readBody(in, head);
                final String extra = "X-Server: " + name + "\r\nX-Conn-Id: " + id + "\r\n";
                if (head.startsWith("GET /ntlm ")) {
                    write(out, "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: NTLM TlRMTVNTUAACAAAADAAMADgAAAA=\r\n"
                        + extra + "Content-Length: 0\r\n\r\n");
                } else {
                    write(out, "HTTP/1.1 200 OK\r\n" + extra + "Content-Length: 2\r\n\r\nok");
                }
            }
        };
    }

    /** Reads one request and answers {@code response} as is, then keeps reading (and ignoring) until EOF. */
    static BlockingServer.Handler answer(final String response) {
        return socket -> {
            final InputStream in = socket.getInputStream();
            final String head = readHead(in);
            if (head == null) {
                return;
            }
            readBody(in, head);
            write(socket.getOutputStream(), response);
            while (in.read() >= 0) {
                // nothing more is expected
            }
        };
    }
}
