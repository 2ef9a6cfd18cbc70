package dev.baton.stream;

import dev.baton.config.SendProxy;
import dev.baton.io.Endpoint;
import dev.baton.log.LogCaptures;
import dev.baton.pool.ServerConnection;
import dev.baton.proxyproto.ProxyLineWriter;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The PROXY protocol header ({@code send-proxy}, {@code send-proxy-v2}, {@code proxy-v2-options}) a
 * {@link ServerLeg} sends first on a new connection to a server that wants one: it names the stream's client.
 * Owner reactor's thread only; no allocation but the leg's header buffer on first use and, for a
 * {@code unique-id} TLV, the copy of the id.
 */
final class LegProxyHeader {
    /**
     * The unique id a {@code proxy-v2-options unique-id} TLV carries: HAProxy builds it from the frontend's
     * {@code unique-id-format}, which baton does not read, and without one the id is empty.
     */
    private static final byte[] NO_ID = new byte[0];

    private LegProxyHeader() {
    }

    /** {@code leg}'s stream's PROXY protocol header for the chosen server, in the leg's buffer (read mode). */
    static ByteBuffer write(final ServerLeg leg, final SendProxy sp) {
        if (leg.proxyLine == null) {
            leg.proxyLine = ByteBuffer.allocate(ProxyLineWriter.MAX_LENGTH);
        }
        final Endpoint from = leg.client;
        final LogCaptures id = leg.stream.uniqueIdHolder();
        final byte[] uniqueId = id == null || id.uniqueIdLength <= 0 ? NO_ID
            : java.util.Arrays.copyOf(id.uniqueId, id.uniqueIdLength); // once per new server connection
        final java.net.InetSocketAddress[] set = leg.stream.streamAddresses(); // set-src, set-dst of the stream
        ProxyLineWriter.write(leg.proxyLine, sp, set != null ? set[0] : from == null ? null : from.remoteAddress(),
            set != null ? set[1] : from == null ? null : from.localAddress(), false,
            from == null ? null : from.proxyAuthority(), uniqueId);
        return leg.proxyLine;
    }

    /** Sends what the socket takes of a waiting PROXY header once {@code conn} is connected; false: writing failed. */
    static boolean send(final ServerConnection conn) {
        try {
            conn.endpoint().flushPrefix(0);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }
}
