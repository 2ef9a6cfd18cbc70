package dev.baton.testservers;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A plain socket speaking just enough HTTP/1.1 to see exactly what a server sends. */
final class RawHttp implements AutoCloseable {
    final Socket socket;
    private final InputStream in;

    private RawHttp(final Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    static RawHttp open(final int port) throws IOException {
        final Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        return new RawHttp(socket);
    }

    RawHttp send(final String request) throws IOException {
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    static String get(final String path, final String... headers) {
        return "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + String.join("", headers) + "\r\n";
    }

    /** Reads a response; its body by Content-Length, none for HEAD, 204 and 304. */
    Response read(final boolean head) throws IOException {
        final Response r = readHead();
        final String length = r.header("Content-Length");
        if (!head && r.status != 204 && r.status != 304 && length != null) {
            r.body = in.readNBytes(Integer.parseInt(length));
            if (r.body.length < Integer.parseInt(length)) {
                throw new EOFException("short body: " + r.body.length + " of " + length);
            }
        }
        return r;
    }

    Response read() throws IOException {
        return read(false);
    }

    /** The status line and headers only. */
    Response readHead() throws IOException {
        final String statusLine = line();
        if (statusLine == null) {
            throw new EOFException("connection closed before a response");
        }
        final String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP status line: " + statusLine);
        }
        final Response r = new Response(Integer.parseInt(parts[1]));
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            final int colon = line.indexOf(':');
            r.headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return r;
    }

    /** Everything until the server closes. */
    byte[] readToEnd() throws IOException {
        return in.readAllBytes();
    }

    /** -1 when the server has closed (FIN) with nothing more to read. */
    int readByte() throws IOException {
        return in.read();
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

    static final class Response {
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body = new byte[0];

        Response(final int status) {
            this.status = status;
        }

        String header(final String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }
}
