package dev.baton.support;

/**
 * Configuration text for the integration tests: one {@code mode tcp} frontend {@code fe} on 127.0.0.1
 * sending everything to backend {@code be}, with timeouts generous enough for a loaded test machine. The
 * caller supplies the lines that matter to its test, one directive a line, without indentation.
 */
public final class TcpConfig {
    private TcpConfig() {
    }

    /**
     * @param global  lines of the {@code global} section (nbthread, maxconn, cpu-map...), may be empty
     * @param port    the frontend's port; 0 picks a free one ({@link RunningDaemon#port} tells which)
     * @param backend lines of backend {@code be}: {@code balance} and {@code server} lines
     */
    public static String of(final String global, final int port, final String backend) {
        return "global\n"
            + indent(global)
            + "defaults\n"
            + "    mode tcp\n"
            + "    timeout connect 2s\n"
            + "    timeout client 20s\n"
            + "    timeout server 20s\n"
            + "frontend fe\n"
            + "    bind 127.0.0.1:" + (port == 0 ? freePort() : port) + "\n"
            + "    default_backend be\n"
            + "backend be\n"
            + indent(backend);
    }

    /** The line number of the frontend's {@code bind} line in {@link #of}'s text, for error messages. */
    public static int bindLine(final String global) {
        return (int) global.lines().count() + 8;
    }

    private static int freePort() {
        try {
            return RunningDaemon.freePort();
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String indent(final String lines) {
        final StringBuilder b = new StringBuilder();
        lines.lines().forEach(l -> b.append("    ").append(l.strip()).append('\n'));
        return b.toString();
    }
}
