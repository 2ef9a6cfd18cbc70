package dev.baton.io;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * The byte-moving half of one connection, as the protocol code (tcp stream, http session, server leg) sees
 * it: fill, flush, interest, half-close, close, addresses. {@link SocketEndpoint} implements it over a
 * {@code SocketChannel}; {@code dev.baton.tls.TlsEndpoint} wraps one behind the same interface, and tests drive protocol
 * code over an in-memory one. Owner reactor's thread only.
 *
 * <p>Readiness comes back through the {@link EndpointHandler} set with {@link #handler}: the endpoint calls
 * it when an operation of its interest set may make progress.
 */
public interface Endpoint {
    /** Reads into {@code dst}: the bytes read, 0 if none now, -1 at end of stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Writes from {@code src}: the bytes written, possibly 0. */
    int write(ByteBuffer src) throws IOException;

    /** Sets the interest set ({@code SelectionKey.OP_*}); unchanged interest costs nothing. */
    void interest(int ops);

    int interestOps();

    default void enable(final int op) {
        interest(interestOps() | op);
    }

    default void disable(final int op) {
        interest(interestOps() & ~op);
    }

    /** Sends FIN; errors are ignored (a peer already gone shows on the next read). */
    void shutdownOutput();

    /** Closes gracefully (FIN), once. */
    void close();

    /** Closes with RST, for aborts, once. */
    void abort();

    /**
     * Closes so that the peer is not told, where the system allows it (HAProxy's {@code silent-drop}): the socket
     * goes into TCP repair mode, whose close sends nothing (root or CAP_NET_ADMIN); failing that its TTL (hop limit)
     * becomes 1 so that the RST it then sends dies at the first router (a local peer still sees it). Once.
     */
    default void silentDrop() {
        abort();
    }

    /**
     * The IP TOS (DSCP) byte of the packets sent from now on ({@code set-tos}); false where it could not be set (a
     * Unix socket, a refusal). HAProxy ignores such failures too.
     */
    default boolean setTos(final int tos) {
        return false;
    }

    /** The netfilter mark of the packets sent from now on ({@code set-mark}; needs CAP_NET_ADMIN); false if refused. */
    default boolean setMark(final int mark) {
        return false;
    }

    boolean isClosed();

    /** Who is told of readiness from now on. */
    void handler(EndpointHandler handler);

    /**
     * For a client of a Unix socket (whose {@link #remoteAddress()} is null): the id of the listener it came
     * through, which HAProxy logs in place of a port ({@code unix:1}); 0 for any other connection.
     */
    default int unixListenerId() {
        return 0;
    }

    /**
     * The peer's address, or null when unknown (a Unix socket's peer); for a client that sent a PROXY protocol header
     * ({@code accept-proxy}), the client address the header gave.
     */
    InetSocketAddress remoteAddress();

    /**
     * The local address of the connection, or null when unknown; after a PROXY protocol header, the destination
     * the header gave.
     */
    InetSocketAddress localAddress();

    /**
     * A {@code tcp-request connection|session|content} rule ({@code set-src}, {@code set-dst}...) changed the client
     * connection's addresses: {@link #remoteAddress} and {@link #localAddress} report these from now on (null: keep
     * the current one); the socket keeps its own. Client connections only.
     */
    default void addresses(final InetSocketAddress remote, final InetSocketAddress local) {
        throw new UnsupportedOperationException("not a client connection");
    }

    /**
     * The variables of the session ({@code sess.*}) that {@code tcp-request connection|session} rules set before its
     * stream existed, which the stream then takes over; null when none were set. Client connections only.
     */
    default dev.baton.sample.vars.VarStore sessionVars() {
        return null;
    }

    /**
     * Keeps {@code vars} as the connection's {@link #sessionVars()}; an endpoint that is no client connection keeps
     * none (its rules then see the variables for their own evaluation only).
     */
    default void sessionVars(final dev.baton.sample.vars.VarStore vars) {
        // nothing to keep
    }

    /** The AUTHORITY TLV of the client's PROXY protocol v2 header, or null (none, or no header). */
    default byte[] proxyAuthority() {
        return null;
    }

    /** The UNIQUE_ID TLV of the client's PROXY protocol v2 header, or null (none, or no header). */
    default byte[] proxyUniqueId() {
        return null;
    }

    /** Whether the client started with a PROXY protocol header ({@code fc_rcvd_proxy}). */
    default boolean receivedProxyHeader() {
        return false;
    }

    /**
     * When a client connection was accepted, on its reactor's clock ({@code Reactor#nowNs}); 0 for a connection that
     * was not accepted by a listener. The time until its stream starts is its handshakes' (PROXY header, TLS): HAProxy's
     * {@code %Th}.
     */
    default long acceptNs() {
        return 0;
    }

    /**
     * The milliseconds from the accept to {@code streamStartNs} (same clock): the handshakes a stream starting then
     * found done ({@code %Th}); 0 for a connection no listener accepted.
     */
    default long handshakeMs(final long streamStartNs) {
        final long accepted = acceptNs();
        return accepted == 0 ? 0 : Math.max(0, (streamStartNs - accepted) / 1_000_000L);
    }

    /** What the connection's TLS handshake negotiated, or null for a plain connection. */
    default TlsInfo tls() {
        return null;
    }

    /**
     * The stick counters of a client connection ({@code tcp-request connection|session track-scN}, and the stream
     * slots of whatever serves it), set at accept when the configuration has stick tables; null otherwise. The
     * endpoint lets them go ({@code conn_cur} down) when it closes, whoever closes it.
     */
    default dev.baton.stick.StickCounters connectionCounters() {
        return null;
    }

    /**
     * The counters of the listening address a client connection came through, when its frontend has
     * {@code option socket-stats}; null otherwise (and for any connection no listener accepted). What counts for the
     * frontend counts here too.
     */
    default dev.baton.counters.ListenerCounters listenerCounters() {
        return null;
    }
}
