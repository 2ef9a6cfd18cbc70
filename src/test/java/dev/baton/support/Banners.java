package dev.baton.support;

import dev.baton.testservers.TcpEchoServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * Backends that say who they are, for tests that count which server a client reached: a
 * {@link TcpEchoServer} that sends {@code NAME\n} to each client as it connects and then echoes, holding the
 * connection until the client closes it; and the client side, which reads that name.
 */
public final class Banners {
    private static final int CLIENT_TIMEOUT_MS = 5_000;

    private Banners() {
    }

    /** Starts a server called {@code name} on an ephemeral port of 127.0.0.1. */
    public static TcpEchoServer start(final String name) throws IOException {
        return TcpEchoServer.start(new TcpEchoServer.Options().name(name).bannerOnConnect(name + "\n"));
    }

    /** {@code 127.0.0.1:PORT}, for a {@code server} line. */
    public static String hostPort(final TcpEchoServer server) {
        return "127.0.0.1:" + server.port();
    }

    /** Connects to {@code port} on 127.0.0.1 and returns the name read, or throws. */
    public static String ask(final int port) throws IOException {
        return ask(null, port);
    }

    /**
     * Same as {@link #ask(int)} from a given local address ({@code 127.0.0.N}), so that a test can play
     * several clients; null means any.
     */
    public static String ask(final InetAddress from, final int port) throws IOException {
        try (Socket s = new Socket()) {
            if (from != null) {
                s.bind(new InetSocketAddress(from, 0));
            }
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), CLIENT_TIMEOUT_MS);
            return readName(s);
        }
    }

    /** Reads the name line from a connected client socket, waiting at most a few seconds. */
    public static String readName(final Socket s) throws IOException {
        s.setSoTimeout(CLIENT_TIMEOUT_MS);
        try {
            final String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
            if (line == null) {
                throw new IOException("closed before a name was sent");
            }
            return line;
        } catch (final SocketTimeoutException e) {
            throw new IOException("no name within " + CLIENT_TIMEOUT_MS + " ms", e);
        }
    }
}
