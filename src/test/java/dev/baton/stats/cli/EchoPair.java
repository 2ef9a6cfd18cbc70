package dev.baton.stats.cli;

import dev.baton.testservers.TcpEchoServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * Two echo servers, {@code s1} and {@code s2}, each greeting a client with its name and a newline, so that a
 * client of baton learns which server it reached. {@link #visit} makes one short connection through baton.
 */
final class EchoPair implements AutoCloseable {
    static final int TIMEOUT_MS = 5_000;

    final TcpEchoServer s1;
    final TcpEchoServer s2;

    EchoPair() throws IOException {
        this.s1 = TcpEchoServer.start(new TcpEchoServer.Options().name("s1").bannerOnConnect("s1\n"));
        TcpEchoServer second = null;
        try {
            second = TcpEchoServer.start(new TcpEchoServer.Options().name("s2").bannerOnConnect("s2\n"));
        } finally {
            if (second == null) {
                s1.close();
            }
        }
        this.s2 = second;
    }

    /** Connects to baton on {@code port}, reads the greeting, checks one echo, closes; the server's name. */
    static String visit(final int port) throws IOException {
        try (Socket s = open(port)) {
            final String name = greeting(s);
            s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
            if (!readLine(s.getInputStream()).equals("ping")) {
                throw new IOException("no echo from " + name);
            }
            return name;
        }
    }

    /** A connection to baton on {@code port}, with a read timeout. */
    static Socket open(final int port) throws IOException {
        final Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MS);
        s.setSoTimeout(TIMEOUT_MS);
        return s;
    }

    /** The greeting of the server behind {@code s}. */
    static String greeting(final Socket s) throws IOException {
        return readLine(s.getInputStream());
    }

    /** Sends {@code text} and returns the echoed line. */
    static String echo(final Socket s, final String text) throws IOException {
        final OutputStream out = s.getOutputStream();
        out.write((text + "\n").getBytes(StandardCharsets.US_ASCII));
        return readLine(s.getInputStream());
    }

    private static String readLine(final InputStream in) throws IOException {
        final StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("connection closed after '" + line + "'");
            }
            line.append((char) c);
        }
        return line.toString();
    }

    @Override
    public void close() {
        s1.close();
        s2.close();
    }
}
