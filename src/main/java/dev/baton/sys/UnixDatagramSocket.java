package dev.baton.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * An unbound AF_UNIX datagram socket that sends to one path, through libc (JNA): the JDK 17 offers Unix domain
 * sockets only as streams. Used for syslog on {@code /dev/log} or {@code unix@PATH}.
 *
 * <p>Each {@link #send} is a {@code sendto(2)} with {@code MSG_DONTWAIT}: it never blocks, and a datagram the
 * receiver cannot take now (its queue full, the socket file missing, nobody bound to it) is dropped, its errno
 * returned. The path is looked up at each send, so a receiver that starts (or restarts) later is found then. One
 * thread at a time (the caller's); Linux only (the sockaddr_un layout and constants are Linux's).
 */
public final class UnixDatagramSocket implements Closeable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(sun_path) on Linux, the terminating NUL included. */
    public static final int MAX_PATH = 108;

    /** libc's socket calls; errno through {@link LastErrorException}. */
    interface Calls extends Library {
        int socket(int domain, int type, int protocol) throws LastErrorException;

        long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    private static final Object LOCK = new Object();
    private static Calls calls;

    private final int fd;
    private final byte[] address;
    private boolean closed;

    private UnixDatagramSocket(final int fd, final byte[] address) {
        this.fd = fd;
        this.address = address;
    }

    private static Calls calls() {
        synchronized (LOCK) {
            if (calls == null) {
                calls = Native.load("c", Calls.class);
            }
            return calls;
        }
    }

    /**
     * A socket sending to {@code path} (at most {@link #MAX_PATH} - 1 bytes); the path need not exist yet. A path
     * starting with {@code @} names a socket of Linux's abstract namespace (systemd's notation).
     */
    public static UnixDatagramSocket to(final String path) throws IOException {
        final byte[] name = path.getBytes(StandardCharsets.UTF_8);
        if (name.length >= MAX_PATH) {
            throw new IOException("unix socket path '" + path + "' is longer than " + (MAX_PATH - 1) + " bytes");
        }
        final ByteBuffer sa;
        if (name.length > 0 && name[0] == '@') {
            // an abstract name (as systemd's NOTIFY_SOCKET may give): a leading NUL instead of '@', no final NUL
            sa = ByteBuffer.allocate(2 + name.length).order(ByteOrder.nativeOrder());
            sa.putShort((short) AF_UNIX).put((byte) 0).put(name, 1, name.length - 1);
        } else {
            sa = ByteBuffer.allocate(2 + name.length + 1).order(ByteOrder.nativeOrder());
            sa.putShort((short) AF_UNIX).put(name).put((byte) 0);
        }
        try {
            return new UnixDatagramSocket(calls().socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), sa.array());
        } catch (final LastErrorException e) {
            throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + e.getErrorCode(), e);
        }
    }

    /** Sends {@code bytes[0..length)} as one datagram without blocking: 0 when sent, else the errno (dropped). */
    public int send(final byte[] bytes, final int length) {
        try {
            calls().sendto(fd, bytes, length, MSG_DONTWAIT | MSG_NOSIGNAL, address, address.length);
            return 0;
        } catch (final LastErrorException e) {
            return e.getErrorCode();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                calls().close(fd);
            } catch (final LastErrorException e) {
                // nothing to do: the descriptor is gone either way
            }
        }
    }
}
