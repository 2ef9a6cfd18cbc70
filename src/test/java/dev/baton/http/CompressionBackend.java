package dev.baton.http;

import dev.baton.support.BlockingServer;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A backend for the compression tests: a keep-alive {@link BlockingServer} handler whose answer the request path
 * chooses ({@code /text/N}, {@code /chunked/N}, {@code /encoded}, {@code /notransform}, {@code /image},
 * {@code /etag}, {@code /304}, {@code /404}, {@code /cut/N}: N bytes announced, half sent, then a close). Every
 * answer tells in {@code X-AE} the Accept-Encoding it received ({@code -}: none), so that offload shows.
 */
final class CompressionBackend {
    private CompressionBackend() {
    }

    /** The body of {@code /text/N} and {@code /chunked/N}: text that compresses well. */
    static byte[] text(final int n) {
        final byte[] line = "All work and no play makes baton a dull proxy. 0123456789\n".getBytes(StandardCharsets.US_ASCII);
        final byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = line[i % line.length];
        }
        return b;
    }

    static BlockingServer.Handler handler() {
        return socket -> {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                final String line = head.substring(0, head.indexOf('\r'));
                final boolean isHead = line.startsWith("HEAD ");
                final String path = line.split(" ")[1];
                final String ae = RawBackends.header(head, "Accept-Encoding");
                final String common = "X-AE: " + (ae == null ? "-" : ae) + "\r\n";
                if (!answer(out, path, common, isHead)) {
                    return;
                }
                out.flush();
            }
        };
    }

    /** Writes the answer for {@code path}; false when the connection must close after it. */
    private static boolean answer(final OutputStream out, final String path, final String common,
                                  final boolean isHead) throws java.io.IOException {
        final String[] parts = path.split("/");
        final int n = parts.length > 2 ? Integer.parseInt(parts[2]) : 5000;
        final byte[] body = text(n);
        switch (parts[1]) {
            case "chunked": {
                send(out, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n" + common + "\r\n");
                if (isHead) {
                    return true;
                }
                final ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (int i = 0; i < n; i += 1000) {
                    final int len = Math.min(1000, n - i);
                    b.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    b.write(body, i, len);
                    b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                b.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.write(b.toByteArray());
                return true;
            }
            case "cut":
                send(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + n + "\r\n" + common
                    + "\r\n");
                out.write(body, 0, n / 2);
                out.flush();
                return false;
            case "304":
                send(out, "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n" + common + "\r\n");
                return true;
            default:
                break;
        }
        final String extra;
        int status = 200;
        switch (parts[1]) {
            case "encoded":
                extra = "Content-Type: text/plain\r\nContent-Encoding: br\r\n";
                break;
            case "notransform":
                extra = "Content-Type: text/plain\r\nCache-Control: max-age=5, no-transform\r\n";
                break;
            case "image":
                extra = "Content-Type: image/png\r\n";
                break;
            case "etag":
                extra = "Content-Type: text/plain\r\nETag: \"v1\"\r\n";
                break;
            case "404":
                extra = "Content-Type: text/plain\r\n";
                status = 404;
                break;
            default:
                extra = "Content-Type: text/plain; charset=utf-8\r\n";
                break;
        }
        send(out, "HTTP/1.1 " + status + " X\r\n" + extra + "Content-Length: " + n + "\r\n" + common + "\r\n");
        if (!isHead) {
            out.write(body);
        }
        return true;
    }

    private static void send(final OutputStream out, final String text) throws java.io.IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
