package dev.baton.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.charset.StandardCharsets;

/**
 * What baton needs of sockets beyond the JDK's API, at start-up only: the descriptor of a channel (to set
 * options the JDK has no name for), a channel around a listening socket inherited from the parent
 * ({@code fd@N}), and Linux abstract-namespace Unix sockets ({@code abns@NAME}), which the JDK refuses (a
 * {@code UnixDomainSocketAddress} cannot hold the leading NUL).
 *
 * <p>The JDK's channels are reached through {@code sun.nio.ch}, which the JVM must open to baton: the jar's
 * manifest carries {@code Add-Opens: java.base/sun.nio.ch}, so {@code java -jar baton.jar} needs no flag; other
 * launchers pass {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED}. Without it, these calls throw an
 * IOException that says so. Any thread, never a reactor's hot path.
 */
public final class NativeSockets {
    /** The flag to name when {@code sun.nio.ch} is not open. */
    public static final String NEEDS_FLAG = "this needs the JVM flag --add-opens java.base/sun.nio.ch=ALL-UNNAMED "
        + "(baton.jar's manifest carries it: start baton with java -jar)";
    public static final int SOL_SOCKET = 1;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_IPV6 = 41;
    public static final int SO_BINDTODEVICE = 25;
    public static final int TCP_MAXSEG = 2;
    public static final int TCP_DEFER_ACCEPT = 9;
    public static final int TCP_FASTOPEN = 23;
    public static final int TCP_USER_TIMEOUT = 18;
    public static final int IP_TRANSPARENT = 19;
    public static final int IPV6_TRANSPARENT = 75;
    public static final int IPV6_V6ONLY = 26;
    public static final int TCP_REPAIR = 19;
    public static final int TCP_QUICKACK = 12;
    public static final int IP_TTL = 2;
    public static final int IPV6_UNICAST_HOPS = 16;
    public static final int SO_MARK = 36;
    private static final int SO_TYPE = 3;
    private static final int SO_ACCEPTCONN = 30;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int F_SETFD = 2;
    private static final int FD_CLOEXEC = 1;
    /** {@code sizeof(struct sockaddr_un)}: HAProxy binds and connects abstract names padded with NULs to it. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final Object LOCK = new Object();
    /** The peer address of a connected abstract socket, as the JDK would show an unnamed one. */
    private static final UnixDomainSocketAddress UNNAMED = UnixDomainSocketAddress.of("");
    private static SocketLib lib;
    /** The JDK's constructor of a connected socket channel around a descriptor; looked up once (LOCK). */
    private static Constructor<?> socketConstructor;

    private NativeSockets() {
    }

    static SocketLib lib() {
        synchronized (LOCK) {
            if (lib == null) {
                lib = Native.load("c", SocketLib.class);
            }
            return lib;
        }
    }

    /** {@code SocketChannelImpl(SelectorProvider, ProtocolFamily, FileDescriptor, SocketAddress)}, opened once. */
    private static Constructor<?> socketConstructor() throws ReflectiveOperationException {
        synchronized (LOCK) {
            if (socketConstructor == null) {
                final Constructor<?> make = Class.forName("sun.nio.ch.SocketChannelImpl").getDeclaredConstructor(
                    SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class, SocketAddress.class);
                make.setAccessible(true);
                socketConstructor = make;
            }
            return socketConstructor;
        }
    }

    /** {@code SelChImpl.getFDVal}, looked up once (LOCK). */
    private static Method getFdVal;

    private static Method getFdVal() throws ReflectiveOperationException {
        synchronized (LOCK) {
            if (getFdVal == null) {
                getFdVal = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
            }
            return getFdVal;
        }
    }

    /** The file descriptor under a JDK socket channel. */
    public static int fd(final NetworkChannel channel) throws IOException {
        try {
            return (Integer) getFdVal().invoke(channel);
        } catch (final ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot reach the socket's descriptor: " + NEEDS_FLAG, e);
        }
    }

    /** setsockopt with an int value; IOException naming {@code what} and errno when the kernel refuses. */
    public static void setInt(final int fd, final int level, final int name, final int value, final String what)
        throws IOException {
        final byte[] v = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(value).array();
        try {
            lib().setsockopt(fd, level, name, v, 4);
        } catch (final LastErrorException e) {
            throw new IOException("cannot set " + what + ": " + errno(e));
        }
    }

    /** The int value of a socket option. */
    public static int getInt(final int fd, final int level, final int name) throws IOException {
        final byte[] v = new byte[4];
        try {
            lib().getsockopt(fd, level, name, v, new int[] {4});
        } catch (final LastErrorException e) {
            throw new IOException("getsockopt(" + level + ", " + name + "): " + errno(e));
        }
        return ByteBuffer.wrap(v).order(ByteOrder.nativeOrder()).getInt();
    }

    /** SO_BINDTODEVICE: the socket only sees the packets of interface {@code name}. */
    public static void bindToDevice(final int fd, final String name) throws IOException {
        final byte[] v = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        try {
            lib().setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, v, v.length);
        } catch (final LastErrorException e) {
            throw new IOException("cannot bind to interface '" + name + "': " + errno(e));
        }
    }

    /**
     * A server channel around descriptor {@code fd}, which must be a listening stream socket (IPv4, IPv6 or
     * Unix) handed by the parent process; the channel owns it from now on. IOException, as HAProxy's "cannot use
     * file descriptor", when it is not one.
     */
    public static ServerSocketChannel inheritListener(final int fd) throws IOException {
        final int type;
        final int listening;
        try {
            type = getInt(fd, SOL_SOCKET, SO_TYPE);
            listening = getInt(fd, SOL_SOCKET, SO_ACCEPTCONN);
        } catch (final IOException e) {
            throw new IOException("cannot use file descriptor '" + fd + "' : " + e.getMessage());
        }
        if (type != SOCK_STREAM || listening != 1) {
            throw new IOException("socket on file descriptor '" + fd + "' is of the wrong type (not a listening "
                + "stream socket)");
        }
        final ProtocolFamily family = family(fd);
        cloexec(fd);
        return wrapListener(fd, family);
    }

    /**
     * A listening Unix socket on abstract name {@code name} (HAProxy's {@code abns@}: the name padded with NULs
     * to the whole {@code sun_path}, so that HAProxy's own clients find it).
     */
    public static ServerSocketChannel abstractListener(final String name, final int backlog) throws IOException {
        final int fd;
        try {
            fd = lib().socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        } catch (final LastErrorException e) {
            throw new IOException("cannot create receiving socket (" + errno(e) + ")");
        }
        try {
            lib().bind(fd, abstractAddress(name), SOCKADDR_UN_SIZE);
            lib().listen(fd, backlog);
        } catch (final LastErrorException e) {
            closeQuietly(fd);
            throw new IOException("cannot bind UNIX socket (" + errno(e) + ") [abns@" + name + "]");
        }
        return wrapListener(fd, StandardProtocolFamily.UNIX);
    }

    /**
     * A connected (non-blocking) Unix socket to abstract name {@code name}, padded as HAProxy's {@code abns@}.
     * A connect to a listener whose backlog is full fails at once (EAGAIN), as for HAProxy.
     */
    public static SocketChannel connectAbstract(final String name) throws IOException {
        final int fd;
        try {
            fd = lib().socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        } catch (final LastErrorException e) {
            throw new IOException("cannot create socket (" + errno(e) + ")");
        }
        try {
            lib().connect(fd, abstractAddress(name), SOCKADDR_UN_SIZE);
        } catch (final LastErrorException e) {
            closeQuietly(fd);
            throw new IOException("connect to abns@" + name + ": " + errno(e));
        }
        try {
            return (SocketChannel) socketConstructor().newInstance(SelectorProvider.provider(),
                StandardProtocolFamily.UNIX, newFd(fd), UNNAMED);
        } catch (final InvocationTargetException e) {
            closeQuietly(fd);
            throw new IOException(e.getCause());
        } catch (final ReflectiveOperationException | RuntimeException e) {
            closeQuietly(fd);
            throw new IOException("cannot connect to abns@" + name + ": " + NEEDS_FLAG, e);
        }
    }

    private static byte[] abstractAddress(final String name) throws IOException {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > SOCKADDR_UN_SIZE - 3) {
            throw new IOException("abstract name '" + name + "' is too long");
        }
        final ByteBuffer b = ByteBuffer.allocate(SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
        b.putShort((short) AF_UNIX).put((byte) 0).put(bytes);
        return b.array();
    }

    private static ProtocolFamily family(final int fd) throws IOException {
        final byte[] address = new byte[128];
        try {
            lib().getsockname(fd, address, new int[] {address.length});
        } catch (final LastErrorException e) {
            throw new IOException("cannot use file descriptor '" + fd + "' : " + errno(e));
        }
        final int family = ByteBuffer.wrap(address).order(ByteOrder.nativeOrder()).getShort() & 0xffff;
        switch (family) {
            case AF_INET:
                return StandardProtocolFamily.INET;
            case AF_INET6:
                return StandardProtocolFamily.INET6;
            case AF_UNIX:
                return StandardProtocolFamily.UNIX;
            default:
                throw new IOException("socket on file descriptor '" + fd + "' is of the wrong type (family "
                    + family + ")");
        }
    }

    private static ServerSocketChannel wrapListener(final int fd, final ProtocolFamily family) throws IOException {
        try {
            final Class<?> impl = Class.forName("sun.nio.ch.ServerSocketChannelImpl");
            final Constructor<?> make = impl.getDeclaredConstructor(SelectorProvider.class, ProtocolFamily.class,
                FileDescriptor.class, boolean.class);
            make.setAccessible(true);
            return (ServerSocketChannel) make.newInstance(SelectorProvider.provider(), family, newFd(fd), true);
        } catch (final InvocationTargetException e) {
            throw new IOException(e.getCause());
        } catch (final ReflectiveOperationException | RuntimeException e) {
            throw new IOException("cannot wrap socket descriptor " + fd + ": " + NEEDS_FLAG, e);
        }
    }

    private static FileDescriptor newFd(final int fd) throws ReflectiveOperationException {
        return (FileDescriptor) Class.forName("sun.nio.ch.IOUtil").getMethod("newFD", int.class).invoke(null, fd);
    }

    private static void cloexec(final int fd) throws IOException {
        try {
            lib().fcntl(fd, F_SETFD, FD_CLOEXEC);
        } catch (final LastErrorException e) {
            throw new IOException("cannot use file descriptor '" + fd + "' : " + errno(e));
        }
    }

    /** chown(2): {@code uid} or {@code gid} -1 leaves that part. */
    public static void chown(final String path, final int uid, final int gid) throws IOException {
        try {
            lib().chown(path, uid, gid);
        } catch (final LastErrorException e) {
            throw new IOException("cannot change UNIX socket ownership (" + errno(e) + ")");
        }
    }

    private static void closeQuietly(final int fd) {
        try {
            lib().close(fd);
        } catch (final LastErrorException ignored) {
            // nothing more to do
        }
    }

    private static String errno(final LastErrorException e) {
        return "errno " + e.getErrorCode();
    }
}
