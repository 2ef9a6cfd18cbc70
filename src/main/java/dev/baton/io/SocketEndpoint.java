package dev.baton.io;

import dev.baton.sys.NativeSockets;

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
 *
 * <p><b>PROXY protocol.</b> A client's header, once read ({@code dev.baton.proxyproto.ProxyHandshake}), replaces
 * the addresses this endpoint reports ({@link #proxied}); bytes read past it wait in an {@link #unread} buffer that
 * the next reads return first. A server connection's header waits in a {@link #sendFirst} prefix written before
 * anything else: while part of it is pending, the key also asks for OP_WRITE (when not connecting), and
 * {@link #flushPrefix} is to be called on each event before the handler's, which then sees OP_WRITE only if it asked
 * for it.
 */
public final class SocketEndpoint implements Endpoint, Selectable, SelectorOwner.DeferredRegistration {
    private final SocketChannel channel;
    private final FdBudget fds;
    private EndpointHandler handler;
    private SelectorOwner reactor;
    private SelectionKey key;
    private int interestOps;
    private boolean closed;
    /**
     * Registered with the selector only once an event is wanted ({@link #registerLazily}): a client whose request
     * is read and answered without waiting for the selector is never added to its epoll set, and then closes
     * without the deferred close a key needs.
     */
    private boolean lazy;
    /** A lazy endpoint whose registration is queued for the next selection ({@link #registerIfWanted}). */
    private boolean registrationQueued;
    /** What the client's PROXY header said, when it said something: reported instead of the socket's. */
    private InetSocketAddress proxiedRemote;
    private InetSocketAddress proxiedLocal;
    /** The session variables connection rules set before the stream began ({@link #sessionVars()}), or null. */
    private dev.baton.sample.vars.VarStore sessionVars;
    private byte[] proxyAuthority;
    private byte[] proxyUniqueId;
    private boolean receivedProxyHeader;
    /** Bytes read past a client's PROXY header, returned first by {@link #read}; null: none. */
    private ByteBuffer unread;
    private BufferPool unreadPool;
    /** A server connection's PROXY header, written before anything else; null once sent. */
    private ByteBuffer prefix;
    /** The listener id of the Unix socket this client came through; 0 for TCP and for server connections. */
    private int unixListenerId;
    /** When a listener accepted it (its reactor's clock), else 0. */
    private long acceptNs;
    /** Run once when closed: gives back the slot of a {@code bind ... maxconn}; null when none. */
    private Runnable onClose;
    /** The counters of the listening address of a client ({@code option socket-stats}); null when none. */
    private dev.baton.counters.ListenerCounters listenerCounters;
    /** A client's stick counters ({@link #connectionCounters}), let go when it closes; null when none. */
    private dev.baton.stick.StickCounters counters;

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
     * Like {@link #register(SelectorOwner, int)}, but the channel joins the selector only if, just before the next
     * selection, it still wants an event (its first read may have found its request already), or later when it
     * asks for one. Must run on that reactor.
     */
    public void registerLazily(final SelectorOwner reactor, final int ops) {
        assert reactor.inReactorThread() : "register off " + reactor;
        this.reactor = reactor;
        interestOps = ops;
        lazy = true;
        registrationQueued = true;
        reactor.beforeSelection(this);
    }

    @Override
    public void registerIfWanted() {
        registrationQueued = false;
        if (!closed && key == null && keyOps(interestOps) != 0) {
            try {
                key = channel.register(reactor.selector(), keyOps(interestOps), this);
            } catch (final ClosedChannelException e) {
                close();
            }
        }
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
        if (key == null && lazy && !closed) {
            interestOps = ops;
            if (!registrationQueued) {
                registerIfWanted();
            }
            return;
        }
        if (ops != interestOps && key != null && !closed) {
            assert reactor == null || reactor.inReactorThread() : "interest off " + reactor;
            interestOps = ops;
            key.interestOps(keyOps(ops));
        }
    }

    /** The key's interest for the handler's {@code ops}: OP_WRITE added while a prefix waits on a connected socket. */
    private int keyOps(final int ops) {
        return prefix == null || (ops & SelectionKey.OP_CONNECT) != 0 ? ops : ops | SelectionKey.OP_WRITE;
    }

    /**
     * {@code bytes} (read mode, from {@code pool}) were read from the socket but belong to whoever reads next:
     * {@link #read} returns them first and gives the buffer back once they are all read (or at close).
     */
    public void unread(final ByteBuffer bytes, final BufferPool pool) {
        unread = bytes;
        unreadPool = pool;
    }

    /** Whether bytes given to {@link #unread} are still to be read (no selector event will announce them). */
    public boolean hasUnread() {
        return unread != null;
    }

    /** Tells the handler the endpoint is readable: for bytes held by {@link #unread}, which no event announces. */
    public void fireReadable() {
        if (!closed && handler != null) {
            handler.onReady(this, SelectionKey.OP_READ);
        }
    }

    /**
     * The client's PROXY protocol header gave these addresses (null: keep the socket's) and AUTHORITY TLV (or
     * null): {@link #remoteAddress}, {@link #localAddress} and {@link #proxyAuthority} report them from now on.
     */
    public void proxied(final InetSocketAddress remote, final InetSocketAddress local, final byte[] authority) {
        proxiedRemote = remote;
        proxiedLocal = local;
        proxyAuthority = authority;
    }

    @Override
    public void addresses(final InetSocketAddress remote, final InetSocketAddress local) {
        proxied(remote != null ? remote : proxiedRemote, local != null ? local : proxiedLocal, proxyAuthority);
    }

    @Override
    public dev.baton.sample.vars.VarStore sessionVars() {
        return sessionVars;
    }

    @Override
    public void sessionVars(final dev.baton.sample.vars.VarStore vars) {
        sessionVars = vars;
    }

    @Override
    public byte[] proxyAuthority() {
        return proxyAuthority;
    }

    /**
     * The client's PROXY header was read: its UNIQUE_ID TLV (or null) is {@link #proxyUniqueId} from now on, and
     * {@link #receivedProxyHeader} true. Called once by the handshake, after {@link #proxied}.
     */
    public void proxyHeaderRead(final byte[] uniqueId) {
        proxyUniqueId = uniqueId;
        receivedProxyHeader = true;
    }

    @Override
    public byte[] proxyUniqueId() {
        return proxyUniqueId;
    }

    @Override
    public boolean receivedProxyHeader() {
        return receivedProxyHeader;
    }

    /**
     * {@code header} (read mode; the caller keeps it unchanged until sent) goes out before any other byte: each
     * {@link #write} sends what is left of it first, and an event sends it too ({@link #flushPrefix}).
     */
    public void sendFirst(final ByteBuffer header) {
        prefix = header;
        if (key != null && !closed) {
            key.interestOps(keyOps(interestOps));
        } else if (lazy && !closed && !registrationQueued) {
            registerIfWanted();
        }
    }

    /** Whether a {@link #sendFirst} header still waits. */
    public boolean hasPrefix() {
        return prefix != null;
    }

    /**
     * Sends what is left of a {@link #sendFirst} header, when one waits and the socket is connected; returns
     * {@code readyOps} without OP_WRITE when the handler did not ask for it. IOException: writing failed.
     */
    public int flushPrefix(final int readyOps) throws IOException {
        if (prefix == null || !channel.isConnected()) {
            return readyOps;
        }
        channel.write(prefix);
        if (!prefix.hasRemaining()) {
            prefix = null;
            if (key != null && !closed && key.isValid()) {
                key.interestOps(interestOps);
            }
        }
        return (interestOps & SelectionKey.OP_WRITE) != 0 ? readyOps : readyOps & ~SelectionKey.OP_WRITE;
    }

    @Override
    public int interestOps() {
        return interestOps;
    }

    @Override
    public int read(final ByteBuffer dst) throws IOException {
        if (unread == null) {
            return channel.read(dst);
        }
        final int n = Math.min(unread.remaining(), dst.remaining());
        final int limit = unread.limit();
        unread.limit(unread.position() + n);
        dst.put(unread);
        unread.limit(limit);
        if (!unread.hasRemaining()) {
            dropUnread();
            if (dst.hasRemaining()) {
                final int more = channel.read(dst);
                return more > 0 ? n + more : n;
            }
        }
        return n;
    }

    private void dropUnread() {
        if (unread != null) {
            unreadPool.release(unread);
            unread = null;
            unreadPool = null;
        }
    }

    @Override
    public int write(final ByteBuffer src) throws IOException {
        if (prefix != null) {
            flushPrefix(0);
            if (prefix != null) {
                return 0;
            }
        }
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

    @Override
    public void silentDrop() {
        if (closed) {
            return;
        }
        try {
            final int fd = NativeSockets.fd(channel);
            // the client's last bytes are acknowledged now (a delayed ACK would never leave a socket in repair mode,
            // and the client's retransmission would then meet a reset), as HAProxy does before the same trick
            NativeSockets.setInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_QUICKACK, 1, "TCP_QUICKACK");
            try {
                NativeSockets.setInt(fd, NativeSockets.IPPROTO_TCP, NativeSockets.TCP_REPAIR, 1, "TCP_REPAIR");
            } catch (final IOException notAllowed) {
                final boolean v6 = channel.getLocalAddress() instanceof InetSocketAddress a
                    && a.getAddress() instanceof java.net.Inet6Address;
                NativeSockets.setInt(fd, v6 ? NativeSockets.IPPROTO_IPV6 : NativeSockets.IPPROTO_IP,
                    v6 ? NativeSockets.IPV6_UNICAST_HOPS : NativeSockets.IP_TTL, 1, "the TTL");
            }
        } catch (final IOException | UnsupportedOperationException e) {
            // not a TCP socket, or the options are refused: the RST of abort() is all that is left
        }
        abort();
    }

    @Override
    public boolean setTos(final int tos) {
        try {
            channel.setOption(StandardSocketOptions.IP_TOS, tos);
            return true;
        } catch (final IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public boolean setMark(final int mark) {
        try {
            NativeSockets.setInt(NativeSockets.fd(channel), NativeSockets.SOL_SOCKET, NativeSockets.SO_MARK, mark,
                "the mark");
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /**
     * Cancels the key and closes the channel, once. A registered channel is closed by its reactor after the next
     * selection dropped the key ({@link SelectorOwner#closeDeregistered}), a lazily registered one that never joined
     * the selector at the end of the reactor's turn ({@link SelectorOwner#closeUnregistered}); this endpoint is
     * closed from now on.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null && reactor != null) {
            key.cancel();
            reactor.closeDeregistered(channel); // once the selector dropped the key: a plain close
        } else if (lazy) {
            reactor.closeUnregistered(channel); // at the end of the reactor's turn
        } else {
            Channels.closeQuietly(channel);
        }
        fds.closed();
        dropUnread();
        prefix = null;
        if (onClose != null) {
            onClose.run();
        }
        if (counters != null) {
            counters.endSession(); // the connection's tracked entries: conn_cur down, as HAProxy's session_free
        }
    }

    /**
     * Marks an accepted client: {@code unixListenerId} (not 0) for one of a Unix socket, {@code onClose} (may be
     * null) to run once when it closes, {@code acceptNs} when it was accepted (its reactor's clock). Before the endpoint
     * is handed to a stream.
     */
    public void fromListener(final int unixListenerId, final Runnable onClose, final long acceptNs) {
        this.unixListenerId = unixListenerId;
        this.onClose = onClose;
        this.acceptNs = acceptNs;
    }

    @Override
    public long acceptNs() {
        return acceptNs;
    }

    /**
     * Gives an accepted client the counters of its listening address ({@code option socket-stats}); before the
     * endpoint is handed to a stream. Closing the endpoint does not touch them: {@link #fromListener}'s
     * {@code onClose} does.
     */
    public void listenerCounters(final dev.baton.counters.ListenerCounters c) {
        this.listenerCounters = c;
    }

    @Override
    public dev.baton.counters.ListenerCounters listenerCounters() {
        return listenerCounters;
    }

    /** Gives an accepted client its stick counters, before its connection rules run; its reactor only. */
    public void connectionCounters(final dev.baton.stick.StickCounters c) {
        this.counters = c;
    }

    @Override
    public dev.baton.stick.StickCounters connectionCounters() {
        return counters;
    }

    @Override
    public int unixListenerId() {
        return unixListenerId;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        if (proxiedRemote != null) {
            return proxiedRemote;
        }
        try {
            final SocketAddress a = channel.getRemoteAddress();
            return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
        } catch (final IOException e) {
            return null;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        if (proxiedLocal != null) {
            return proxiedLocal;
        }
        try {
            final SocketAddress a = channel.getLocalAddress();
            return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
        } catch (final IOException e) {
            return null;
        }
    }

    @Override
    public void onSelected(final SelectionKey selected, final int readyOps) {
        if (closed) {
            return;
        }
        int ops = readyOps;
        if (prefix != null) {
            try {
                ops = flushPrefix(readyOps);
            } catch (final IOException e) {
                ops = readyOps; // the handler's own next write fails the same way and handles it
            }
        }
        if (ops != 0) {
            handler.onReady(this, ops);
        }
    }

    /** The socket's own peer address, whatever a PROXY header said (HAProxy logs it for a failed header). */
    public InetSocketAddress socketRemoteAddress() {
        try {
            final SocketAddress a = channel.getRemoteAddress();
            return a instanceof InetSocketAddress ? (InetSocketAddress) a : null;
        } catch (final IOException e) {
            return null;
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
