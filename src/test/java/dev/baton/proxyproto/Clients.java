package dev.baton.proxyproto;

import dev.baton.support.BlockingServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Clients and backends of the PROXY protocol tests: HTTP/1.1 over plain sockets from a chosen local address. */
final class Clients {
    private Clients() {
    }

    /** A socket from {@code localHost} (any port) connected to {@code host:port}, 5 s read timeout. */
    static Socket connect(final String localHost, final String host, final int port) throws IOException {
        final Socket s = new Socket();
        s.setSoTimeout(5000);
        s.bind(new InetSocketAddress(InetAddress.getByName(localHost), 0));
        s.connect(new InetSocketAddress(host, port), 5000);
        return s;
    }

    /** Sends a GET of {@code path} (keep-alive unless {@code close}) and returns the response's body. */
    static String get(final Socket s, final String path, final boolean close) throws IOException {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: test\r\n"
            + (close ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
        final InputStream in = s.getInputStream();
        final String head = head(in);
        if (head == null) {
            throw new IOException("connection closed before a response");
        }
        final int length = contentLength(head);
        final byte[] body = in.readNBytes(length);
        return new String(body, StandardCharsets.US_ASCII);
    }

    /** The head (up to the empty line) read from {@code in}, or null at end of stream before any byte. */
    static String head(final InputStream in) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            out.write(c);
            final byte[] b = out.toByteArray();
            final int n = b.length;
            if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(final String head) {
        for (final String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }

    /** The value of header {@code name} in {@code head}, or "-". */
    static String header(final String head, final String name) {
        for (final String line : head.split("\r\n")) {
            final int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return "-";
    }

    /**
     * An HTTP backend answering each request (keep-alive) with {@code xff=<X-Forwarded-For> xot=<X-Original-To>}.
     */
    static BlockingServer.Handler addressEcho() {
        return socket -> {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            String head;
            while ((head = head(in)) != null) {
                final byte[] body = ("xff=" + header(head, "X-Forwarded-For") + " xot="
                    + header(head, "X-Original-To")).getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            }
        };
    }

    /** An HTTP backend answering each request (keep-alive) with its {@code name}. */
    static BlockingServer.Handler named(final String name) {
        return socket -> {
            final InputStream in = socket.getInputStream();
            final OutputStream out = socket.getOutputStream();
            while (head(in) != null) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + name.length() + "\r\n\r\n" + name)
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        };
    }
}
