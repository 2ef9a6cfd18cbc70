package dev.baton.health;

import dev.baton.io.Channels;
import dev.baton.io.EndpointHandler;
import dev.baton.io.FdBudget;
import dev.baton.io.SocketEndpoint;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;

/**
 * The socket of one active check (health or agent): non-blocking, counted in the {@link FdBudget} from the moment
 * it exists, never pooled; opened by {@link CheckRun}'s connect rules. The caller's reactor thread.
 */
final class CheckSocket {
    private CheckSocket() {
    }

    /**
     * Opens a socket for {@code handler}; on failure (HAProxy's SOCKERR) nothing is left open or counted and the
     * exception's message says why.
     */
    static SocketEndpoint open(final FdBudget fds, final EndpointHandler handler) throws IOException {
        return open(fds, handler, SocketChannel.open());
    }

    /** As {@link #open(FdBudget, EndpointHandler)} for a Unix socket. */
    static SocketEndpoint openUnix(final FdBudget fds, final EndpointHandler handler) throws IOException {
        return open(fds, handler, SocketChannel.open(StandardProtocolFamily.UNIX));
    }

    /** Takes a socket already open (and connected): an abstract Unix socket made by name. */
    static SocketEndpoint adopt(final FdBudget fds, final EndpointHandler handler, final SocketChannel channel)
        throws IOException {
        return open(fds, handler, channel);
    }

    private static SocketEndpoint open(final FdBudget fds, final EndpointHandler handler, final SocketChannel channel)
        throws IOException {
        fds.opened();
        try {
            return new SocketEndpoint(channel, fds, handler);
        } catch (final IOException e) {
            Channels.closeQuietly(channel);
            fds.closed();
            throw e;
        }
    }
}
