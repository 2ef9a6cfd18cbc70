package dev.baton.pool;

import dev.baton.backend.Server;
import dev.baton.io.BufferPool;
import dev.baton.io.Channels;
import dev.baton.io.SocketEndpoint;
import dev.baton.io.SocketTuning;
import dev.baton.log.RateLimit;
import dev.baton.io.FdBudget;
import org.tinylog.Logger;

import dev.baton.config.SocketBuffers;
import dev.baton.config.TcpKeepAlive;
import dev.baton.io.KeepAlive;
import dev.baton.sys.NativeSockets;
import dev.baton.tls.ServerTlsContext;
import dev.baton.tls.TlsClientEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;

/**
 * Opens new server connections for one reactor's pool: a socket counted in the {@link FdBudget}, wrapped in a
 * {@link ServerConnection} owned by that reactor (SO_KEEPALIVE under {@code option srvtcpka}), its non-blocking
 * connect started. Owner reactor's thread only.
 */
final class Dialer {
    private static final RateLimit SOCKET_SHORTAGE_LOG = new RateLimit(1_000_000_000L);

    private static final int TLS_BUFFERS_RETAINED = 256;

    private final FdBudget fds;
    /** {@code tune.rcvbuf.server}, {@code tune.sndbuf.server}: forced on each socket before its connect. */
    private final SocketBuffers buffers;
    /** The reactor's record buffers for TLS server connections, made on the first one. */
    private BufferPool tlsBuffers;

    Dialer(final FdBudget fds, final SocketBuffers buffers) {
        this.fds = fds;
        this.buffers = buffers;
    }

    /** The TLS record buffers of {@code recordSize} bytes (every server context has the same). Owner thread. */
    BufferPool tlsBuffers(final int recordSize) {
        if (tlsBuffers == null) {
            tlsBuffers = new BufferPool(recordSize, TLS_BUFFERS_RETAINED);
        } else if (tlsBuffers.bufferSize() < recordSize) {
            throw new IllegalStateException("TLS records of " + recordSize + " bytes, buffers of "
                + tlsBuffers.bufferSize());
        }
        return tlsBuffers;
    }

    BufferPool tlsBuffersIfAny() {
        return tlsBuffers;
    }

    /**
     * Puts the TLS layer of an {@code ssl} server over {@code c}'s socket: a client engine sending {@code sni} (null:
     * none), whose handshake starts once the TCP connect is done (ServerConnection#finishConnect).
     */
    private void startTls(final ReactorPool pool, final Server server, final ServerConnection c,
                          final InetSocketAddress to, final String sni) {
        final ServerTlsContext context = server.tls();
        if (context == null) {
            return;
        }
        final String address = to == null ? server.config().path() : to.getAddress().getHostAddress();
        final SSLEngine engine = context.newEngine(sni, address, to == null ? 0 : to.getPort());
        final TlsClientEndpoint tls = new TlsClientEndpoint(pool.reactor(), c.endpoint(), engine,
            tlsBuffers(context.bufferSize()), sni);
        tls.maxRecord(context.maxRecord()); // tune.ssl.hard-maxrecord
        c.startTls(tls);
    }

    /**
     * A new connection to {@code server}, owned by {@code pool} and registered on its reactor: for reads when the connect
     * completed at once ({@link ServerConnection#isConnected()}), else for the connect's completion. Null when
     * no socket could be opened (descriptors exhausted: a resource failure, logged at most once a second).
     * IOException: the connect failed at once; the socket is closed again.
     */
    ServerConnection dial(final ReactorPool pool, final Server server, final int clientPort, final String sni)
        throws IOException {
        if (server.config().isUnix() && server.config().abns()) {
            return dialAbstract(pool, server, sni);
        }
        final SocketChannel channel;
        try {
            channel = server.config().isUnix() ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        } catch (final IOException e) {
            final long nowNs = pool.reactor().nowNs();
            if (SOCKET_SHORTAGE_LOG.shouldLog(nowNs)) {
                Logger.warn("server {}: cannot open a socket: {} (logged at most once a second)", server,
                    e.getMessage());
            }
            return null;
        }
        fds.opened();
        final ServerConnection c;
        try {
            if (keepAlive(server)) {
                final TcpKeepAlive ka = server.backend().config().tcpKeepAlive();
                KeepAlive.enable(channel, ka.srvIdleS(), ka.srvIntvlS(), ka.srvCnt());
            }
            if (server.backend() != null) {
                SocketTuning.server(channel, server.backend().config().extras().options()); // nolinger, smart-connect
            }
            SocketTuning.buffers(channel, buffers); // tune.rcvbuf.server, tune.sndbuf.server
            c = new ServerConnection(server, pool.serverPools().of(server), new SocketEndpoint(channel, fds, null), pool);
        } catch (final IOException e) {
            Channels.closeQuietly(channel);
            fds.closed();
            throw e;
        }
        try {
            final java.net.SocketAddress to = server.dialAddress(clientPort);
            startTls(pool, server, c, to instanceof InetSocketAddress a ? a : null, sni);
            final boolean now = c.endpoint().connect(to);
            c.register(pool, now ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
            if (now) {
                c.connected();
            }
        } catch (final IOException e) {
            c.abort();
            throw e;
        }
        return c;
    }

    /**
     * An {@code abns@NAME} server: the socket is created and connected by name in one go (the JDK cannot name an
     * abstract socket), non-blocking, so a full backlog fails at once as for HAProxy.
     */
    private ServerConnection dialAbstract(final ReactorPool pool, final Server server, final String sni)
        throws IOException {
        final SocketChannel channel = NativeSockets.connectAbstract(server.config().path());
        fds.opened();
        SocketTuning.buffers(channel, buffers); // already connected: a Unix socket has no window to negotiate
        final ServerConnection c;
        try {
            c = new ServerConnection(server, pool.serverPools().of(server), new SocketEndpoint(channel, fds, null), pool);
        } catch (final IOException e) {
            Channels.closeQuietly(channel);
            fds.closed();
            throw e;
        }
        try {
            startTls(pool, server, c, null, sni);
            c.register(pool, SelectionKey.OP_READ);
            c.connected();
        } catch (final IOException e) {
            c.abort();
            throw e;
        }
        return c;
    }

    /** {@code option srvtcpka} (or {@code tcpka}) of the server's backend; never on a Unix socket. */
    private static boolean keepAlive(final Server server) {
        return server.backend() != null && server.backend().config().tcpKeepAlive().server()
            && !server.config().isUnix();
    }
}
