package dev.baton.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ports tests listen on: taken below the kernel's ephemeral range ({@code ip_local_port_range}), so that no
 * outgoing connection of any process (a proxy's to its servers, a client's) can be given the port between the
 * moment a test picks it and the moment a daemon binds it, which a port the kernel handed out for {@code bind(0)}
 * could be ("Address already in use" in HAProxy's start, seen in a full run). Handed out in rising order from a
 * random start, {@link #STRIDE} apart, so that a test may also use the port after the one it got; each is checked
 * free (bindable on every address) when handed out. Any thread.
 */
final class TestPorts {
    /** The lowest port handed out: above the well-known services a test machine may run. */
    private static final int LOW = 10_000;
    /** Ports between two handed out: a test may use {@code port + 1} as well. */
    private static final int STRIDE = 4;
    private static final int HIGH = ephemeralLow();
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(HIGH - LOW));

    private TestPorts() {
    }

    /** A free port. */
    static int next() throws IOException {
        return next(1);
    }

    /** The first of {@code count} consecutive free ports. */
    static int next(final int count) throws IOException {
        final int span = HIGH - LOW;
        for (int attempt = 0; attempt < span / STRIDE; attempt++) {
            final int first = LOW + Math.floorMod(NEXT.getAndAdd(count - 1 + STRIDE), span);
            if (first + count <= HIGH && allFree(first, count)) {
                return first;
            }
        }
        throw new IOException("no " + count + " free consecutive port(s) between " + LOW + " and " + HIGH);
    }

    private static boolean allFree(final int first, final int count) {
        for (int port = first; port < first + count; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new InetSocketAddress(port));
            } catch (final IOException e) {
                return false;
            }
        }
        return true;
    }

    /** The first port of the kernel's ephemeral range (Linux's default 32768 when it cannot be read). */
    private static int ephemeralLow() {
        try {
            final String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            final int low = Integer.parseInt(range.split("\\s+")[0]);
            return low > LOW + 1000 ? low : 32_768;
        } catch (final IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
