package dev.baton.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * An {@link Endpoint} over one stream socket (TCP, or a unix socket for the runtime API): its channel, its
 * selection key and the interest set, separate from the protocol that drives it (DESIGN.md rule 6). Owner
 * reactor's thread only (asserted where the key is touched). TCP-only options (TCP_NODELAY, SO_LINGER) are set
 * only where the channel has them.
 *
 * <p>The interest set is cached so that unchanged interest costs nothing. {@link #close()} is idempotent
 * and returns the socket to the {@link FdBudget} exactly once.
 */
public final class SocketEndpoint implements Endpoint, Selectable {
    private final SocketChannel channel;
    private final FdBudget fds;
    private EndpointHandler handler;
    private SelectorOwner reactor;
    private SelectionKey key;
    private int interestOps;
    private boolean closed;
    /** The listener id of the Unix socket this client came through; 0 for TCP and for server connections. */
    private int unixListenerId;
    /** Run once when closed: gives back the slot of a {@code bind ... maxconn}; null when none. */
    private Runnable onClose;

    /**
     * Wraps a channel already counted as open in {@code fds}; configures it non-blocking, with TCP_NODELAY
     * when it is a TCP channel.
     */
    public SocketEndpoint(final SocketChannel channel, final FdBudget fds, final EndpointHandler handler)
        throws IOException {
        this.channel = channel;
        this.fds = fds;
        this.handler = handler;
        channel.configureBlocking(false);
        if (channel.supportedOptions().contains(StandardSocketOptions.TCP_NODELAY)) {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, Boolean.TRUE);
        }
    }

    /** Registers with {@code reactor}'s selector for {@code ops}. Must run on that reactor. */
    public void register(final SelectorOwner reactor, final int ops) throws ClosedChannelException {
        register(reactor, ops, this);
    }

    /**
     * Registers with {@code attachment} receiving the key's events (a pooled server connection routes
     * them itself, see {@code ServerConnection}). Must run on that reactor.
     */
    public void register(final SelectorOwner reactor, final int ops, final Selectable attachment)
        throws ClosedChannelException {
        assert reactor.inReactorThread() : "register off " + reactor;
        this.reactor = reactor;
        interestOps = ops;
        key = channel.register(reactor.selector(), ops, attachment);
    }

    /**
     * Cancels the current key (thread-safe in NIO) so that another selector may take the channel over;
     * the caller then registers it anew. Used by a takeover, on the new owner's thread.
     */
    public void cancelRegistration() {
        if (key != null) {
            key.cancel();
            key = null;
        }
    }

    public SocketChannel channel() {
        return channel;
    }

    /** Starts connecting to {@code address}: true when connected at once, else finish with {@link #finishConnect}. */
    public boolean connect(final SocketAddress address) throws IOException {
        return channel.connect(address);
    }

    /** Completes a connect in progress: true once connected. IOException: it failed. */
    public boolean finishConnect() throws IOException {
        return channel.finishConnect();
    }

    @Override
    public void handler(final EndpointHandler handler) {
        this.handler = handler;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void interest(final int ops) {
        if (ops != interestOps && key != null && !closed) {
            assert reactor == null || reactor.inReactorThread() : "interest off " + reactor;
            interestOps = ops;
            key.interestOps(ops);
        }
    }

    @Override
    public int interestOps() {
        return interestOps;
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(final ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (final IOException ignored) {
            // peer gone; reading reports it
        }
    }

    /** Closes with RST instead of FIN (SO_LINGER 0), for aborts; a unix socket just closes. */
    @Override
    public void abort() {
        if (!closed && channel.supportedOptions().contains(StandardSocketOptions.SO_LINGER)) {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (final IOException ignored) {
                // closing anyway
            }
        }
        close();
    }

    /** Cancels the key and closes the channel, once. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Channels.cancelAndClose(key, channel);
        fds.closed();
        if (onClose != null) {
            onClose.run();
        }
    }

    /**
     * Marks an accepted client: {@code unixListenerId} (not 0) for one of a Unix socket, {@code onClose} (may be
     * null) to run once when it closes. Before the endpoint is handed to a stream.
     */
    public void fromListener(final int unixListenerId, final Runnable onClose) {
        this.unixListenerId = unixListenerId;
        this.onClose = onClose;
    }

    @Override
    public int unixListenerId() {
        return unixListenerId;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        try {
            final SocketAddress a = channel.getRemoteAddress();
            return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
        } catch (final IOException e) {
            return null;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        try {
            final SocketAddress a = channel.getLocalAddress();
            return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
        } catch (final IOException e) {
            return null;
        }
    }

    @Override
    public void onSelected(final SelectionKey selected, final int readyOps) {
        if (!closed) {
            handler.onReady(this, readyOps);
        }
    }

    /**
     * The reactor moved the channel to a new selector (see {@link Selectable#rekeyed}); also called by the
     * attachment that routes this endpoint's events (a pooled server connection). Owner reactor.
     */
    @Override
    public void rekeyed(final SelectionKey newKey) {
        assert reactor == null || reactor.inReactorThread() : "rekeyed off " + reactor;
        key = newKey;
    }

    @Override
    public String toString() {
        return "endpoint" + (closed ? "[closed]" : "[" + channel + "]");
    }
}
