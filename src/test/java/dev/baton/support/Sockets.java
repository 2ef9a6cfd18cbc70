package dev.baton.support;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Blocking client-side helpers for integration tests. Every read is bounded by {@link #READ_TIMEOUT} (set
 * on each socket made here and by {@link BlockingServer}), so a test that waits for bytes that never come
 * fails instead of hanging.
 */
public final class Sockets {
    /** The longest any blocking read of a test waits. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    private Sockets() {
    }

    /** A port of 127.0.0.1 that nothing listens on at the time of the call: a connect there is refused. */
    public static int unusedPort() throws IOException {
        return TestPorts.next();
    }

    /** A connected client socket to 127.0.0.1:{@code port}, reads bounded by {@link #READ_TIMEOUT}. */
    public static Socket connect(final int port) throws IOException {
        final Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout((int) READ_TIMEOUT.toMillis());
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) READ_TIMEOUT.toMillis());
        } catch (final IOException e) {
            closeQuietly(s);
            throw e;
        }
        return s;
    }

    public static void write(final Socket s, final String text) throws IOException {
        final OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads exactly {@code n} bytes; fails on an early end of stream. */
    public static byte[] readExactly(final Socket s, final int n) throws IOException {
        final byte[] data = s.getInputStream().readNBytes(n);
        if (data.length != n) {
            fail("end of stream after " + data.length + " of " + n + " bytes");
        }
        return data;
    }

    public static String readAscii(final Socket s, final int n) throws IOException {
        return new String(readExactly(s, n), StandardCharsets.US_ASCII);
    }

    /** Writes {@code text} and expects it back (through an echo backend). */
    public static void roundTrip(final Socket s, final String text) throws IOException {
        write(s, text);
        assertEquals(text, readAscii(s, text.length()));
    }

    /** Reads until end of stream, at most {@code max} bytes (more fails the test). */
    public static byte[] readToEof(final Socket s, final int max) throws IOException {
        final byte[] data = s.getInputStream().readNBytes(max + 1);
        if (data.length > max) {
            fail("more than " + max + " bytes before end of stream");
        }
        return data;
    }

    /**
     * Asserts the peer ended the connection with nothing more to read: end of stream or a reset, within
     * {@link #READ_TIMEOUT}. Returns true for a reset, false for a clean end of stream.
     */
    public static boolean assertClosedByPeer(final Socket s) throws IOException {
        final InputStream in = s.getInputStream();
        try {
            final int b = in.read();
            if (b >= 0) {
                fail("expected the connection to end, read byte " + b);
            }
            return false;
        } catch (final SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + READ_TIMEOUT, e);
        } catch (final SocketException e) {
            return true;
        }
    }

    /**
     * Connects a client to 127.0.0.1:{@code port} and asserts the peer ends it, as
     * {@link #assertClosedByPeer}; a reset that arrives before the connect call returns counts too (a peer
     * that gives up at once may be that fast). Returns the client's local port, bound before connecting so
     * that it is known either way.
     */
    public static int connectAndAssertClosedByPeer(final int port) throws IOException {
        try (Socket s = new Socket()) {
            s.setSoTimeout((int) READ_TIMEOUT.toMillis());
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                    (int) READ_TIMEOUT.toMillis());
            } catch (final ConnectException e) {
                throw e;
            } catch (final SocketException e) {
                return s.getLocalPort();
            }
            assertClosedByPeer(s);
            return s.getLocalPort();
        }
    }

    public static void closeQuietly(final Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (final IOException ignored) {
            // closing anyway
        }
    }

    /**
     * Sends {@code command} (one line) to the runtime API on unix socket {@code socket}, baton's or HAProxy's, and
     * returns the whole answer (the server closes after one command).
     */
    public static String stats(final java.nio.file.Path socket, final String command) throws IOException {
        try (java.nio.channels.SocketChannel ch =
                 java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            ch.connect(java.net.UnixDomainSocketAddress.of(socket));
            ch.write(java.nio.ByteBuffer.wrap((command + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            return new String(java.nio.channels.Channels.newInputStream(ch).readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code line} to the runtime API on TCP port {@code port} of 127.0.0.1 and returns the whole answer, line by
     * line (the server closes after it).
     */
    public static String cli(final int port, final String line) throws IOException {
        try (Socket s = connect(port)) {
            final java.io.OutputStream out = s.getOutputStream();
            out.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            final StringBuilder answer = new StringBuilder();
            final java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                s.getInputStream(), java.nio.charset.StandardCharsets.UTF_8));
            String read;
            while ((read = in.readLine()) != null) {
                answer.append(read).append('\n');
            }
            return answer.toString();
        }
    }
}
