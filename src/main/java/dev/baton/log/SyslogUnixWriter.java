package dev.baton.log;

import dev.baton.sys.UnixDatagramSocket;
import org.tinylog.Logger;

import java.io.IOException;
import java.util.Map;

/**
 * Syslog over a Unix datagram socket ({@code log /dev/log}, {@code log unix@PATH}); {@link SyslogWriter} for the
 * datagram. Properties: {@code path}, {@code facility}.
 *
 * <p>As HAProxy, a socket file that is missing or has nobody behind it is no start-up error: each line is tried
 * on its own, and one the receiver cannot take now (missing, or its queue full) is dropped rather than waited for
 * ({@link UnixDatagramSocket#send} never blocks). A failure is reported on stderr when its errno differs from the
 * last one reported (so a missing {@code /dev/log} shows once, not at each line). tinylog's writing thread only.
 */
public final class SyslogUnixWriter extends SyslogWriter {
    private final String path;
    private final UnixDatagramSocket socket;
    private long dropped;
    private int lastErrno;

    public SyslogUnixWriter(final Map<String, String> properties) throws IOException {
        super(properties);
        this.path = properties.getOrDefault("path", "/dev/log");
        this.socket = UnixDatagramSocket.to(path);
    }

    @Override
    void send(final byte[] bytes, final int length) {
        final int errno = socket.send(bytes, length);
        if (errno == 0) {
            return;
        }
        dropped++;
        if (errno != lastErrno) {
            lastErrno = errno;
            // untagged: goes to stderr, never back into this writer
            Logger.warn("log line dropped: sendto({}) failed with errno {} ({} dropped so far)", path, errno, dropped);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
