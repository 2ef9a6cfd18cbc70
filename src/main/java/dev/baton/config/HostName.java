package dev.baton.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The host's name as {@code gethostname(2)} gives it (HAProxy's default local peer name): the kernel's, read from
 * {@code /proc}, else the JDK's. Blocking file I/O: load time only.
 */
final class HostName {
    private HostName() {
    }

    static String get() {
        try {
            final String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (final IOException | RuntimeException e) {
            // not Linux: ask the JDK
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (final IOException e) {
            return "localhost";
        }
    }
}
