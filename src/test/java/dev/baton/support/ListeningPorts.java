package dev.baton.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Whether a TCP port is in the LISTEN state, read from {@code /proc/net/tcp} without connecting to it: for tests
 * where a probe connection would itself be traffic (a log line, a counter).
 */
public final class ListeningPorts {
    private static final String LISTEN = "0A";

    private ListeningPorts() {
    }

    /**
     * True when some socket listens on 127.0.0.1:{@code port} or 0.0.0.0:{@code port}: an IPv4 socket
     * ({@code /proc/net/tcp}) or an IPv6 one bound to the IPv4-mapped address or to any ({@code /proc/net/tcp6}; the
     * JDK's channels are IPv6 sockets unless told otherwise).
     */
    public static boolean listening(final int port) {
        final String suffix = ":" + String.format(Locale.ROOT, "%04X", port);
        return listed("/proc/net/tcp", List.of("0100007F" + suffix, "00000000" + suffix))
            || listed("/proc/net/tcp6", List.of("0000000000000000FFFF00000100007F" + suffix,
                "00000000000000000000000000000000" + suffix));
    }

    private static boolean listed(final String table, final List<String> locals) {
        final List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(table));
        } catch (final IOException e) {
            return false;
        }
        for (int i = 1; i < lines.size(); i++) {
            final String[] f = lines.get(i).trim().split("\\s+");
            if (f.length > 3 && f[3].equals(LISTEN) && locals.contains(f[1])) {
                return true;
            }
        }
        return false;
    }
}
