package dev.baton.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A plain socket speaking just enough HTTP/1.1 to see exactly what a server (or the daemon) sends: requests
 * are written as given, byte for byte; responses are read with their body framed as RFC 9112 says (none for
 * HEAD, 1xx, 204 and 304; chunked, decoded, with its trailers; Content-Length; else until the server
 * closes). Reads are bounded by {@link Sockets#READ_TIMEOUT}. Test thread only.
 */
public final class RawHttp implements Closeable {
    private final Socket socket;
    private final InputStream in;

    private RawHttp(final Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** A client connected to 127.0.0.1:{@code port}. */
    public static RawHttp open(final int port) throws IOException {
        return new RawHttp(Sockets.connect(port));
    }

    /** {@code GET path HTTP/1.1} with a Host header and the given header lines (each ending with CRLF). */
    public static String get(final String path, final String... headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + String.join("", headers) + "\r\n";
    }

    public Socket socket() {
        return socket;
    }

    /** What the server sends, after what was read so far (use this, not the socket's, which skips the buffer). */
    public InputStream input() {
        return in;
    }

    /** The client's local port (names it in the daemon's log lines). */
    public int localPort() {
        return socket.getLocalPort();
    }

    public RawHttp send(final String request) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    public RawHttp send(final byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads a response to a request that was not HEAD, head and body. */
    public Response read() throws IOException {
        return read(false);
    }

    /** Reads a response, head and body; {@code head}: it answers a HEAD request, so it has no body. */
    public Response read(final boolean head) throws IOException {
        final Response r = readHead();
        if (head || r.status < 200 || r.status == 204 || r.status == 304) {
            return r;
        }
        final String te = r.header("Transfer-Encoding");
        final String length = r.header("Content-Length");
        if (te != null && te.toLowerCase(Locale.ROOT).endsWith("chunked")) {
            r.body = readChunked(r);
        } else if (length != null) {
            final int n = Integer.parseInt(length);
            r.body = in.readNBytes(n);
            if (r.body.length < n) {
                throw new EOFException("short body: " + r.body.length + " of " + length);
            }
        } else {
            r.body = in.readAllBytes();
            r.closeDelimited = true;
        }
        return r;
    }

    /** The status line and headers only. */
    public Response readHead() throws IOException {
        final String statusLine = line();
        if (statusLine == null) {
            throw new EOFException("connection closed before a response");
        }
        final String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        final Response r = new Response(Integer.parseInt(parts[1]));
        r.reason = parts.length > 2 ? parts[2] : "";
        readFields(r.headers);
        return r;
    }

    /** Everything until the server closes. */
    public byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** Exactly {@code n} bytes (after what was read so far); fails on an early end of stream. */
    public byte[] readExactly(final int n) throws IOException {
        final byte[] data = in.readNBytes(n);
        if (data.length != n) {
            throw new EOFException("end of stream after " + data.length + " of " + n + " bytes");
        }
        return data;
    }

    /**
     * Everything until the connection ends, by end of stream or by a reset (which may also drop what had
     * arrived unread): for a connection the peer cuts.
     */
    public String readUntilCut() throws IOException {
        final StringBuilder got = new StringBuilder();
        try {
            for (int ch = in.read(); ch >= 0; ch = in.read()) {
                got.append((char) ch);
            }
        } catch (final SocketException e) {
            // reset: the end too
        }
        return got.toString();
    }

    /** -1 when the server has closed (FIN) with nothing more to read. */
    public int readByte() throws IOException {
        return in.read();
    }

    /**
     * True when the peer has ended the connection with nothing more to read (end of stream or reset) within
     * {@link Sockets#READ_TIMEOUT}; fails if a byte arrives instead or the connection stays open.
     */
    public boolean assertClosedByPeer() throws IOException {
        if (in.available() > 0) {
            throw new AssertionError("expected the connection to end, but " + in.available() + " bytes wait");
        }
        return Sockets.assertClosedByPeer(socket);
    }

    private byte[] readChunked(final Response r) throws IOException {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            final String sizeLine = line();
            if (sizeLine == null) {
                throw new EOFException("end of stream in a chunked body");
            }
            final int semicolon = sizeLine.indexOf(';');
            final int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).strip(), 16);
            if (semicolon >= 0) {
                r.chunkExtensions.append(sizeLine.substring(semicolon));
            }
            if (size == 0) {
                readFields(r.trailers);
                return body.toByteArray();
            }
            body.write(readExactly(size));
            if (!"".equals(line())) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    private void readFields(final Map<String, String> into) throws IOException {
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            final int colon = line.indexOf(':');
            into.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
    }

    private String line() throws IOException {
        final ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One response: status, headers (names lower-cased, the last of a repeated name), body, trailers. */
    public static final class Response {
        public final int status;
        /** The reason phrase of the status line ("" when none). */
        public String reason = "";
        public final Map<String, String> headers = new LinkedHashMap<>();
        public final Map<String, String> trailers = new LinkedHashMap<>();
        /** The chunk extensions seen, each with its leading semicolon, in order. */
        public final StringBuilder chunkExtensions = new StringBuilder();
        public byte[] body = new byte[0];
        /** The body ended with the connection (no Content-Length, not chunked). */
        public boolean closeDelimited;

        Response(final int status) {
            this.status = status;
        }

        public String header(final String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return status + " " + headers + " (" + body.length + " body bytes)";
        }
    }
}
