package dev.baton.http.rules;

import java.net.InetSocketAddress;

/**
 * The client ({@code src}) and local ({@code dst}) addresses a place of evaluation shows its fetches, log and
 * balancing, which {@link AddressRule}s ({@code set-src}, {@code set-dst}...) replace. HAProxy 2.6 keeps three
 * levels: the connection's (changed by {@code tcp-request connection} rules, and the PROXY header), the session's
 * ({@code tcp-request session}) and each stream's ({@code tcp-request content}, {@code http-request}; in mode http a
 * stream is one request). The socket's own addresses never change. Owner reactor thread only.
 */
public interface AddressTarget {
    /** The client address as this place shows it now, null when unknown (a Unix socket's client). */
    InetSocketAddress source();

    /** The local address as this place shows it now, null when unknown. */
    InetSocketAddress destination();

    /** From now on this place shows {@code address} as its client's. */
    void source(InetSocketAddress address);

    /** From now on this place shows {@code address} as the local one. */
    void destination(InetSocketAddress address);
}
