package dev.baton.http;

import dev.baton.support.RunningDaemon;

import java.io.IOException;

/** Configuration text for the {@code mode http} integration tests. */
final class HttpConfigs {
    private HttpConfigs() {
    }

    /**
     * {@code global} with {@code nbthread}, {@code defaults} in {@code mode http} with timeouts long enough
     * never to fire in a test, and one {@code listen fe} on a free port of 127.0.0.1 (frontend and backend
     * at once) with {@code proxyLines}, which override the defaults.
     */
    static String listen(final int nbthread, final String... proxyLines) throws IOException {
        final StringBuilder sb = new StringBuilder("global\n    nbthread ").append(nbthread).append('\n').append("""
            defaults
                mode http
                timeout connect 2s
                timeout client 20s
                timeout server 20s
            listen fe
            """).append("    bind 127.0.0.1:").append(RunningDaemon.freePort()).append('\n');
        for (final String line : proxyLines) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    /** A {@code server NAME 127.0.0.1:PORT [options]} line. */
    static String server(final String name, final int port, final String... options) {
        return "server " + name + " 127.0.0.1:" + port + (options.length == 0 ? "" : " " + String.join(" ", options));
    }
}
