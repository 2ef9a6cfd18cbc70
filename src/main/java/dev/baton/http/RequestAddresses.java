package dev.baton.http;

import dev.baton.backend.balance.BalanceKeys;

import java.net.InetSocketAddress;

/**
 * The client and local addresses one request shows, HAProxy 2.6's stream addresses: the session's (the socket's, or
 * what a PROXY header or a {@code tcp-request connection|session set-src} made them) until a {@code tcp-request
 * content} or {@code http-request} {@code set-src}, {@code set-src-port}, {@code set-dst} or {@code set-dst-port}
 * rule changes them for this request only (in HAProxy each request of a connection is a new stream). Once changed,
 * the rule views ({@code src}, {@code dst}, {@code option forwardfor}, stick tracking), {@code balance source} and the
 * log line ({@code %ci}, {@code %cp}, {@code %fi}, {@code %fp}) see the change. Part of a {@link RequestWorkspace};
 * reactor thread only; holds nothing and costs nothing while no rule changes an address.
 */
final class RequestAddresses {
    private final RequestWorkspace ws;
    /** The session's addresses, given per borrow. */
    private InetSocketAddress sessionSource;
    private InetSocketAddress sessionDestination;
    /** What rules changed them to, null: unchanged. */
    private InetSocketAddress source;
    private InetSocketAddress destination;

    RequestAddresses(final RequestWorkspace ws) {
        this.ws = ws;
    }

    /** The borrowing session's client and local addresses (null: unknown). */
    void session(final InetSocketAddress src, final InetSocketAddress dst) {
        sessionSource = src;
        sessionDestination = dst;
    }

    InetSocketAddress source() {
        return source != null ? source : sessionSource;
    }

    InetSocketAddress destination() {
        return destination != null ? destination : sessionDestination;
    }

    void source(final InetSocketAddress address) {
        source = address;
        final byte[] bytes = address.getAddress().getAddress();
        ws.reqView.source(bytes, address.getPort());
        ws.respView.source(bytes, address.getPort());
    }

    void destination(final InetSocketAddress address) {
        destination = address;
        final byte[] bytes = address.getAddress().getAddress();
        ws.reqView.destination(bytes, address.getPort());
        ws.respView.destination(bytes, address.getPort());
    }

    /** The client address's hash for {@code balance source}: the session's {@code sessionHash} when unchanged. */
    int sourceHash(final int sessionHash) {
        return source == null ? sessionHash : BalanceKeys.addressHash(source.getAddress());
    }

    /** The client address the log shows: {@code sessionSource} when no rule changed it. */
    InetSocketAddress logSource(final InetSocketAddress sessionSource) {
        return source != null ? source : sessionSource;
    }

    /** The local address the log shows: {@code sessionDestination} when no rule changed it. */
    InetSocketAddress logDestination(final InetSocketAddress sessionDestination) {
        return destination != null ? destination : sessionDestination;
    }

    /**
     * The request's client and local addresses when a rule changed either (a PROXY header to the server shows
     * them, as HAProxy's stream addresses), null when none did. Allocates the pair only then.
     */
    InetSocketAddress[] changed() {
        return source == null && destination == null ? null
            : new InetSocketAddress[] {source(), destination()};
    }

    /** Forgets the request's and the session's addresses. */
    void clear() {
        sessionSource = null;
        sessionDestination = null;
        source = null;
        destination = null;
    }
}
