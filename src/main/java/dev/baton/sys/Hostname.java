package dev.baton.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's name as the kernel knows it (what gethostname(2) returns, which HAProxy uses as the default
 * {@code node}). Reads a file: call it at start-up, never on a reactor.
 */
public final class Hostname {
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
    /** When the kernel's file cannot be read (not Linux, or a restricted /proc). */
    static final String FALLBACK = "localhost";

    private Hostname() {
    }

    /** The kernel's host name, or {@code localhost} when it cannot be read or is empty. */
    public static String get() {
        try {
            final String name = new String(Files.readAllBytes(KERNEL_HOSTNAME), StandardCharsets.UTF_8).trim();
            return name.isEmpty() ? FALLBACK : name;
        } catch (final IOException e) {
            return FALLBACK;
        }
    }
}
