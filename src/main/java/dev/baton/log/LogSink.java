package dev.baton.log;

import dev.baton.config.LogTarget;
import dev.baton.sys.UnixDatagramSocket;
import org.tinylog.Logger;

import java.io.Closeable;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

/**
 * Where the bytes of a log line go: one UDP datagram, one Unix datagram, or one write on stdout/stderr per line
 * (HAProxy's {@code sendmsg}/{@code writev} per line). Opened when logging is set up (host names resolved then, so
 * that nothing needs the file system or DNS after {@code chroot}); written on tinylog's writing thread only.
 *
 * <p>As HAProxy, a failure costs the line, never the process: a Unix socket file that is missing or has nobody
 * behind it, or a full queue, drops the line ({@link UnixDatagramSocket#send} never blocks); each new kind of
 * failure is reported once on stderr (untagged, so never back into a sink).
 */
abstract class LogSink implements Closeable {
    private final String name;
    private long dropped;
    private String lastFailure;

    LogSink(final String name) {
        this.name = name;
    }

    /** Opens the sink of {@code target}; host names are resolved here. */
    static LogSink open(final LogTarget target) throws IOException {
        switch (target.kind()) {
            case STDOUT:
                return new Stream("stdout", new FileOutputStream(FileDescriptor.out));
            case STDERR:
                return new Stream("stderr", new FileOutputStream(FileDescriptor.err));
            case UNIX:
                return new Unix(target.host());
            default:
                return new Udp(target.host(), target.port());
        }
    }

    /** Sends {@code bytes} as one datagram or one write; tinylog's writing thread. */
    final void send(final byte[] bytes) {
        final String failure = trySend(bytes);
        if (failure == null) {
            return;
        }
        dropped++;
        if (!failure.equals(lastFailure)) {
            lastFailure = failure;
            Logger.warn("log line dropped: {} failed: {} ({} dropped so far)", name, failure, dropped);
        }
    }

    /** Null when sent, else what failed. */
    abstract String trySend(byte[] bytes);

    /** UDP to a syslog server. */
    static final class Udp extends LogSink {
        private final DatagramSocket socket;
        private final InetAddress address;
        private final int port;

        Udp(final String host, final int port) throws IOException {
            super("sendto(" + host + ":" + port + ")");
            this.address = InetAddress.getByName(host);
            this.port = port;
            this.socket = new DatagramSocket();
        }

        @Override
        String trySend(final byte[] bytes) {
            try {
                socket.send(new DatagramPacket(bytes, bytes.length, address, port));
                return null;
            } catch (final IOException e) {
                return String.valueOf(e.getMessage());
            }
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** A Unix datagram socket ({@code /dev/log}, {@code unix@PATH}), through libc. */
    static final class Unix extends LogSink {
        private final UnixDatagramSocket socket;

        Unix(final String path) throws IOException {
            super("sendto(" + path + ")");
            this.socket = UnixDatagramSocket.to(path);
        }

        @Override
        String trySend(final byte[] bytes) {
            final int errno = socket.send(bytes, bytes.length);
            return errno == 0 ? null : "errno " + errno;
        }

        @Override
        public void close() {
            socket.close();
        }
    }

    /** stdout or stderr ({@code fd@1}, {@code fd@2}): one unbuffered write per line. */
    static final class Stream extends LogSink {
        private final FileOutputStream out;

        Stream(final String name, final FileOutputStream out) {
            super(name);
            this.out = out;
        }

        @Override
        String trySend(final byte[] bytes) {
            try {
                out.write(bytes);
                return null;
            } catch (final IOException e) {
                return String.valueOf(e.getMessage());
            }
        }

        @Override
        public void close() {
            // the process's stream stays open for the other writers
        }
    }
}
