package dev.baton.http;

import dev.baton.support.BlockingServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The origin server of the cache tests: answers each path with the raw response a test set for it (keep-alive,
 * HTTP/1.1) and counts the requests each path received, so that a test tells a hit (the count stays) from a miss.
 * Unknown paths get a 404. Closed by the test.
 */
final class CacheOrigin implements AutoCloseable {
    private final Map<String, byte[]> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final BlockingServer server;

    CacheOrigin() throws IOException {
        server = BlockingServer.start("cache-origin", this::serve);
    }

    int port() {
        return server.port();
    }

    /** {@code path} is answered {@code status} with the {@code headers} (CRLF-separated lines) and {@code body}. */
    CacheOrigin answer(final String path, final String headers, final String body) {
        final String head = "HTTP/1.1 200 OK\r\n" + (headers.isEmpty() ? "" : headers + "\r\n");
        answers.put(path, (head + "Content-Length: " + body.length() + "\r\n\r\n" + body)
            .getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** {@code path} is answered with exactly {@code raw} (a whole response). */
    CacheOrigin raw(final String path, final String raw) {
        answers.put(path, raw.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** The requests {@code path} received. */
    int count(final String path) {
        final AtomicInteger c = counts.get(path);
        return c == null ? 0 : c.get();
    }

    private void serve(final java.net.Socket socket) throws IOException {
        final InputStream in = socket.getInputStream();
        final OutputStream out = socket.getOutputStream();
        while (true) {
            final String head = readHead(in);
            if (head == null) {
                return;
            }
            final String[] first = head.split("\r\n", 2)[0].split(" ");
            final String path = first[1];
            long length = 0;
            for (final String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Long.parseLong(line.substring(15).trim());
                }
            }
            in.readNBytes((int) length);
            counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            final byte[] answer = answers.get(path);
            if (answer == null) {
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (first[0].equals("HEAD")) {
                final String text = new String(answer, StandardCharsets.ISO_8859_1);
                out.write(text.substring(0, text.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.write(answer);
            }
            out.flush();
        }
    }

    /** The next request head, without its final blank line; null at the end of the connection. */
    private static String readHead(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            final int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : b == '\r' ? 1 : 0;
        }
        final String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.substring(0, text.length() - 4);
    }

    @Override
    public void close() {
        server.close();
    }
}
