package dev.baton.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A one-thread HTTP server that records each request head and answers 200 "ok" with keep-alive, for tests that look
 * at what reached the server (headers set by rules). Closed by the test.
 */
public final class RecordingBackend implements AutoCloseable {
    public final LinkedBlockingQueue<String> heads = new LinkedBlockingQueue<>();
    private final ServerSocket server;
    private final Thread thread;

    public RecordingBackend() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "recording-backend");
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                s.setSoTimeout(10_000);
                final InputStream in = s.getInputStream();
                final OutputStream out = s.getOutputStream();
                while (true) {
                    final String head = readHead(in);
                    if (head == null) {
                        break;
                    }
                    heads.add(head);
                    out.write("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (final IOException e) {
                // the connection ended; accept the next one
            }
        }
    }

    private static String readHead(final InputStream in) throws IOException {
        final StringBuilder sb = new StringBuilder();
        for (int count = 0; count < 65_536; count++) {
            final int c = in.read();
            if (c < 0) {
                return null;
            }
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                return sb.toString();
            }
        }
        return null;
    }

    /**
     * The index of the first of {@code servers} to record a head within 10 s (-1: none did); that head must contain
     * {@code expected}.
     */
    public static int whichGot(final RecordingBackend[] servers, final String expected) throws InterruptedException {
        final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < servers.length; i++) {
                final String head = servers[i].heads.poll(20, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (head != null) {
                    if (!head.contains(expected)) {
                        throw new AssertionError("expected '" + expected + "' in " + head);
                    }
                    return i;
                }
            }
        }
        return -1;
    }

    /** The x- headers of a request head a server got, in order, as {@code name:value | ...} (names in lower case). */
    public static String xHeaders(final String head) {
        if (head == null) {
            throw new AssertionError("no head");
        }
        final java.util.List<String> kept = new java.util.ArrayList<>();
        for (final String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-")) {
                kept.add(line.substring(0, line.indexOf(':')).toLowerCase(java.util.Locale.ROOT) + ":"
                    + line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return String.join(" | ", kept);
    }

    /** Reads the first 12 bytes of a recording server's answer on client socket {@code s} (or up to its end). */
    public static void readAnswerStart(final Socket s) throws IOException {
        s.getInputStream().readNBytes(12);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
