/**
 * The PROXY protocol (HAProxy's doc/proxy-protocol.txt), v1 and v2, as HAProxy 2.6 speaks it: on the way in,
 * {@link dev.baton.proxyproto.ProxyHandshake} reads a {@code bind ... accept-proxy} client's header with
 * {@link dev.baton.proxyproto.ProxyHeaderParser} before the client's stream starts (a failure is logged by
 * {@link dev.baton.proxyproto.EmbryonicLog}); on the way out, {@link dev.baton.proxyproto.ProxyLineWriter} writes the
 * header a server's {@code send-proxy}/{@code send-proxy-v2} connections and checks start with (sent by the
 * endpoint before any other byte, see {@code SocketEndpoint#sendFirst}). Reactor threads only.
 */
package dev.baton.proxyproto;
