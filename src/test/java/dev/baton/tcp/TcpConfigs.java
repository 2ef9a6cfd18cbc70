package dev.baton.tcp;

import dev.baton.support.RunningDaemon;

import java.io.IOException;

/** Configuration text for the {@code mode tcp} integration tests. */
final class TcpConfigs {
    private TcpConfigs() {
    }

    /**
     * {@code global} ({@code nbthread}, then {@code globalLines}) and a {@code defaults} section for
     * {@code mode tcp} with tcplog and timeouts long enough never to fire in a test; the test appends its
     * proxies (whose lines override the defaults).
     */
    static String header(final int nbthread, final String... globalLines) {
        final StringBuilder sb = new StringBuilder("global\n    nbthread ").append(nbthread).append('\n');
        for (final String line : globalLines) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.append("""
            defaults
                mode tcp
                log global
                option tcplog
                timeout connect 5s
                timeout client 30s
                timeout server 30s
            """).toString();
    }

    /** {@link #header} and one {@code listen fe} on a free port of 127.0.0.1, with {@code proxyLines}. */
    static String listenFe(final int nbthread, final String... proxyLines) throws IOException {
        final StringBuilder sb = new StringBuilder(header(nbthread)).append("listen fe\n    bind 127.0.0.1:")
            .append(RunningDaemon.freePort()).append('\n');
        for (final String line : proxyLines) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    /** A {@code server NAME 127.0.0.1:PORT} line. */
    static String server(final String name, final int port) {
        return "server " + name + " 127.0.0.1:" + port;
    }
}
