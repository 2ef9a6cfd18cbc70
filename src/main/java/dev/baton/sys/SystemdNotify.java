package dev.baton.sys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * systemd's readiness protocol, the part {@code baton -Ws} needs (HAProxy's {@code -Ws} "systemd mode"): one datagram
 * such as {@code READY=1} or {@code STOPPING=1} to the Unix socket systemd names in {@code $NOTIFY_SOCKET} (a path,
 * or {@code @NAME} in the abstract namespace). Without that variable (not started by a {@code Type=notify} unit)
 * nothing is sent. Main thread, at start and stop; never on a reactor.
 */
public final class SystemdNotify {
    private SystemdNotify() {
    }

    /**
     * Sends {@code state} to {@code socketPath} (the value of {@code $NOTIFY_SOCKET}, null or empty for none); returns
     * null when sent or when there is no socket, else why it failed.
     */
    public static String send(final String socketPath, final String state) {
        if (socketPath == null || socketPath.isEmpty()) {
            return null;
        }
        final byte[] bytes = state.getBytes(StandardCharsets.UTF_8);
        try (UnixDatagramSocket socket = UnixDatagramSocket.to(socketPath)) {
            final int errno = socket.send(bytes, bytes.length);
            return errno == 0 ? null : "sending '" + state + "' to " + socketPath + " failed: errno " + errno;
        } catch (final IOException e) {
            return e.getMessage();
        }
    }
}
