package dev.baton.listener;

import dev.baton.config.BindConfig;
import dev.baton.config.BindOptions;
import dev.baton.config.UnixBindSettings;
import dev.baton.sys.NativeSockets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/**
 * Opens the listening socket of one {@code bind} address, as HAProxy 2.6 does for each family: TCP with
 * SO_REUSEPORT (one per reactor) and the options the JDK cannot name set on its descriptor before it binds; a
 * Unix socket bound under a temporary name, given its owner and mode, then renamed over the path (so that a
 * stale file, or a previous process still listening, is replaced atomically, and nobody ever connects to a
 * socket with the wrong rights); an abstract socket; or an inherited descriptor. Start-up thread only.
 */
public final class ListenSockets {
    private ListenSockets() {
    }

    /** The bound, listening, non-blocking channel of {@code bind} ({@code port} overrides a TCP bind's). */
    static ServerSocketChannel open(final BindConfig bind, final int port, final int backlog,
                                    final UnixBindSettings unixBind) throws IOException {
        final ServerSocketChannel ch;
        switch (bind.family()) {
            case UNIX:
                ch = unix(unixBind.path(bind.path()), backlog, unixBind.mode(bind.options()),
                    unixBind.uid(bind.options()), unixBind.gid(bind.options()));
                break;
            case ABNS:
                ch = NativeSockets.abstractListener(bind.path(), backlog);
                break;
            case FD:
                ch = NativeSockets.inheritListener(bind.fd());
                break;
            default:
                return tcp(bind, port, backlog);
        }
        try {
            ch.configureBlocking(false);
        } catch (final IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    private static ServerSocketChannel tcp(final BindConfig bind, final int port, final int backlog)
        throws IOException {
        final BindOptions o = bind.options();
        final boolean v4 = bind.host() != null && bind.host().indexOf(':') < 0;
        // an IPv4 address on an IPv4 socket when options go by descriptor: IP_TRANSPARENT and TCP options then
        // apply at the level they are written for
        final ServerSocketChannel ch = o.needsNativeOptions() && v4
            ? ServerSocketChannel.open(StandardProtocolFamily.INET) : ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, Boolean.TRUE);
            ch.setOption(StandardSocketOptions.SO_REUSEPORT, Boolean.TRUE);
            ch.configureBlocking(false);
            if (o.needsNativeOptions() || o.tcpUtMs() > 0) {
                nativeOptions(ch, bind, v4);
            }
            final InetSocketAddress address = bind.host() == null
                ? new InetSocketAddress(port) : new InetSocketAddress(bind.host(), port);
            ch.bind(address, backlog);
        } catch (final IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    /** The bind options set through the descriptor, before bind(2) as HAProxy sets them. */
    private static void nativeOptions(final ServerSocketChannel ch, final BindConfig bind, final boolean v4)
        throws IOException {
        final BindOptions o = bind.options();
        final int fd = NativeSockets.fd(ch);
        if (o.transparent()) {
            if (v4) {
                NativeSockets.setInt(fd, NativeSockets.IPPROTO_IP, NativeSockets.IP_TRANSPARENT, 1, "transparent");
            } else {
                NativeSockets.setInt(fd, NativeSockets.IPPROTO_IPV6, NativeSockets.IPV6_TRANSPARENT, 1,
                    "transparent");
            }
        }
        if (o.iface() != null) {
            NativeSockets.bindToDevice(fd, o.iface());
        }
        if (o.v6only() && bind.host() != null && !v4) {
            NativeSockets.setInt(fd, NativeSockets.IPPROTO_IPV6, NativeSockets.IPV6_V6ONLY, 1, "v6only");
        }
        if (o.mss() > 0) {
            NativeSockets.setInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_MAXSEG, o.mss(), "mss");
        } else if (o.mss() < 0) {
            // HAProxy: a negative value lowers the MSS the socket would use by that much
            final int current = NativeSockets.getInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_MAXSEG);
            NativeSockets.setInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_MAXSEG, current + o.mss(), "mss");
        }
        if (o.deferAccept()) {
            // HAProxy's value: wait for the first data up to one retransmit
            NativeSockets.setInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_DEFER_ACCEPT, 1, "defer-accept");
        }
        if (o.tfo()) {
            // HAProxy queues up to the listener's backlog of fast-open requests; the backlog is a fair bound
            NativeSockets.setInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_FASTOPEN,
                bind.backlog() > 0 ? bind.backlog() : 1024, "tfo");
        }
        if (o.tcpUtMs() > 0) {
            // accepted sockets inherit it from the listener
            NativeSockets.setInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_USER_TIMEOUT,
                (int) Math.min(Integer.MAX_VALUE, o.tcpUtMs()), "tcp-ut");
        }
    }

    /**
     * HAProxy's Unix bind: {@code PATH.PID.tmp} is bound, chown'ed and chmod'ed, the existing {@code PATH} (if
     * any) is kept as {@code PATH.PID.bak} while {@code PATH.PID.tmp} is renamed over it, then the backup goes.
     * On failure the old file comes back.
     */
    public static ServerSocketChannel unix(final String path, final int backlog, final int mode, final int uid,
                                    final int gid) throws IOException {
        final long pid = ProcessHandle.current().pid();
        final Path target = Path.of(path);
        final Path temp = Path.of(path + "." + pid + ".tmp");
        final Path back = Path.of(path + "." + pid + ".bak");
        Files.deleteIfExists(temp);
        Files.deleteIfExists(back);
        try {
            Files.createLink(back, target);
        } catch (final NoSuchFileException e) {
            // no previous socket to keep
        } catch (final FileAlreadyExistsException e) {
            throw new IOException("error when trying to preserve previous UNIX socket [" + path + "]");
        }
        final ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(temp), backlog);
            if (uid != -1 || gid != -1) {
                NativeSockets.chown(temp.toString(), uid, gid);
            }
            if (mode != 0) {
                Files.setPosixFilePermissions(temp, permissions(mode));
            }
        } catch (final IOException e) {
            ch.close();
            Files.deleteIfExists(temp);
            Files.deleteIfExists(back);
            throw new IOException(e.getMessage() + " [" + path + "]", e);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            ch.close();
            Files.deleteIfExists(temp);
            if (Files.exists(back)) {
                Files.move(back, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            throw new IOException("cannot switch final and temporary UNIX sockets (" + e.getMessage() + ") ["
                + path + "]", e);
        }
        Files.deleteIfExists(back);
        return ch;
    }

    /** The low nine bits of {@code mode} as permissions. */
    public static Set<PosixFilePermission> permissions(final int mode) {
        final PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        final Set<PosixFilePermission> out = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                out.add(bits[i]);
            }
        }
        return out;
    }
}
