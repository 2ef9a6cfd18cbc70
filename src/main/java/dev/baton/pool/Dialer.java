package dev.baton.pool;

import dev.baton.backend.Server;
import dev.baton.io.Channels;
import dev.baton.io.SocketEndpoint;
import dev.baton.io.SocketTuning;
import dev.baton.log.RateLimit;
import dev.baton.io.FdBudget;
import org.tinylog.Logger;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * Opens new server connections for one reactor's pool: a socket counted in the {@link FdBudget}, wrapped in a
 * {@link ServerConnection} owned by that reactor (SO_KEEPALIVE under {@code option srvtcpka}), its non-blocking
 * connect started. Owner reactor's thread only.
 */
final class Dialer {
    private static final RateLimit SOCKET_SHORTAGE_LOG = new RateLimit(1_000_000_000L);

    private final FdBudget fds;

    Dialer(final FdBudget fds) {
        this.fds = fds;
    }

    /**
     * A new connection to {@code server}, owned by {@code pool} and registered on its reactor: for reads when the connect
     * completed at once ({@link ServerConnection#isConnected()}), else for the connect's completion. Null when
     * no socket could be opened (descriptors exhausted: a resource failure, logged at most once a second).
     * IOException: the connect failed at once; the socket is closed again.
     */
    ServerConnection dial(final ReactorPool pool, final Server server) throws IOException {
        final SocketChannel channel;
        try {
            channel = SocketChannel.open();
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
                channel.setOption(StandardSocketOptions.SO_KEEPALIVE, Boolean.TRUE);
            }
            if (server.backend() != null) {
                SocketTuning.server(channel, server.backend().config().extras().options()); // nolinger, smart-connect
            }
            c = new ServerConnection(server, pool.serverPools().of(server), new SocketEndpoint(channel, fds, null), pool);
        } catch (final IOException e) {
            Channels.closeQuietly(channel);
            fds.closed();
            throw e;
        }
        try {
            final boolean now = c.endpoint().connect(server.address());
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

    /** {@code option srvtcpka} (or {@code tcpka}) of the server's backend. */
    private static boolean keepAlive(final Server server) {
        return server.backend() != null && server.backend().config().tcpKeepAlive().server();
    }
}
