package dev.baton.backend.balance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * HTTP servers on 127.0.0.1 that answer every request with their own name as the body and close: the balancing
 * tests see which server a proxy chose. One daemon thread per server; {@link #close} stops them.
 */
final class NameServers implements AutoCloseable {
    private final List<ServerSocket> sockets = new ArrayList<>();

    NameServers(final int count) throws IOException {
        for (int i = 0; i < count; i++) {
            final ServerSocket socket = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
            sockets.add(socket);
            final String name = name(i);
            final Thread t = new Thread(() -> serve(socket, name), "name-server-" + name);
            t.setDaemon(true);
            t.start();
        }
    }

    /** The name server {@code i} answers: s1, s2... */
    static String name(final int i) {
        return "s" + (i + 1);
    }

    int port(final int i) {
        return sockets.get(i).getLocalPort();
    }

    private static void serve(final ServerSocket socket, final String name) {
        final byte[] answer = ("HTTP/1.1 200 OK\r\nContent-Length: " + name.length() + "\r\nConnection: close\r\n\r\n"
            + name).getBytes(StandardCharsets.US_ASCII);
        while (!socket.isClosed()) {
            try (Socket s = socket.accept()) {
                s.setSoTimeout(10_000);
                readHead(s.getInputStream());
                s.getOutputStream().write(answer);
                s.shutdownOutput();
                drain(s.getInputStream());
            } catch (final IOException e) {
                // a client gone early, or the socket closed at the end of the test: next one
            }
        }
    }

    private static void readHead(final InputStream in) throws IOException {
        int last4 = 0;
        while (last4 != 0x0d0a0d0a) {
            final int c = in.read();
            if (c < 0) {
                return;
            }
            last4 = (last4 << 8) | c;
        }
    }

    private static void drain(final InputStream in) throws IOException {
        final byte[] buf = new byte[1024];
        while (in.read(buf) >= 0) {
            // until the client closes
        }
    }

    /**
     * Sends {@code request} (a whole head, {@code Connection: close} included) from {@code source} to
     * 127.0.0.1:{@code port} and returns the response's body.
     */
    static String ask(final String source, final int port, final String request) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.bind(new InetSocketAddress(source, 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            final OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            final ByteArrayOutputStream response = new ByteArrayOutputStream();
            s.getInputStream().transferTo(response);
            final String text = response.toString(StandardCharsets.ISO_8859_1);
            final int body = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 200") || body < 0) {
                return "<" + text.lines().findFirst().orElse("no answer") + ">";
            }
            return text.substring(body + 4);
        }
    }

    @Override
    public void close() throws IOException {
        for (final ServerSocket socket : sockets) {
            socket.close();
        }
    }
}
