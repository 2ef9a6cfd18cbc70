package dev.baton.stats.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A blocking HTTP/1.1 client on one connection (keep-alive), for Content-Length framed responses. */
final class HttpClient implements AutoCloseable {
    /** A response: status, headers by lower-case name (last wins), body. */
    record Response(int status, Map<String, String> headers, String body) {
        String header(final String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final InputStream in;

    private HttpClient(final Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static HttpClient open(final int port) throws IOException {
        final Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(10_000);
        return new HttpClient(s);
    }

    /** One GET of {@code target} with the extra header lines given ("Name: value"). */
    Response get(final String target, final String... headers) throws IOException {
        final StringBuilder req = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\nHost: baton\r\n");
        for (final String h : headers) {
            req.append(h).append("\r\n");
        }
        socket.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        return read();
    }

    /** One POST of {@code body} (a form) to {@code target}, the head and the body sent apart when {@code split}. */
    Response post(final String target, final String body, final boolean split, final String... headers)
        throws IOException, InterruptedException {
        final byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        final StringBuilder req = new StringBuilder("POST ").append(target).append(" HTTP/1.1\r\nHost: baton\r\n")
            .append("Content-Type: application/x-www-form-urlencoded\r\n");
        for (final String h : headers) {
            req.append(h).append("\r\n");
        }
        req.append("Content-Length: ").append(b.length).append("\r\n\r\n");
        socket.getOutputStream().write(req.toString().getBytes(StandardCharsets.US_ASCII));
        if (split) {
            socket.getOutputStream().flush();
            // Not synchronisation: a pause so that the body reaches baton after the head, as a slow client's.
            Thread.sleep(100);
        }
        socket.getOutputStream().write(b);
        return read();
    }

    /** Whether the server closed the connection (reads until EOF or a short wait). */
    boolean closedByPeer() throws IOException {
        try {
            return in.read() < 0;
        } catch (final java.net.SocketTimeoutException e) {
            return false;
        }
    }

    private Response read() throws IOException {
        final String head = readHead();
        final String[] lines = head.split("\r\n");
        final int status = Integer.parseInt(lines[0].split(" ")[1]);
        final Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            final int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        final int length = Integer.parseInt(headers.get("content-length"));
        final byte[] body = in.readNBytes(length);
        if (body.length != length) {
            throw new IOException("body cut at " + body.length + " of " + length + " bytes");
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private String readHead() throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            final int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in a response head: " + out);
            }
            out.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        final String s = out.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
