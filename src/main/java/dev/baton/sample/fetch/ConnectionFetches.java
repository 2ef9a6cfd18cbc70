package dev.baton.sample.fetch;

import dev.baton.io.TlsInfo;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.StreamFacts;
import dev.baton.sample.Uses;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * Fetches of the client connection and of the stream's proxies (HAProxy's layer 4 and "internal state" fetches):
 * {@code src}, {@code src_port}, {@code dst}, {@code dst_port}, {@code so_id}, {@code fe_name}, {@code fe_id},
 * {@code be_name}, {@code be_id}, {@code srv_name}, {@code srv_id}, {@code fe_conn}, {@code be_conn([BE])},
 * {@code nbsrv([BE])}, {@code srv_is_up([BE/]SRV)}, {@code connslots([BE])}, {@code queue([BE])},
 * {@code avg_queue([BE])}, the TLS ones of the client connection ({@code ssl_fc}, {@code ssl_fc_sni},
 * {@code ssl_fc_protocol}, {@code ssl_fc_cipher}, {@code ssl_fc_alpn}) and those of its PROXY header
 * ({@code fc_rcvd_proxy}, {@code fc_pp_authority}, {@code fc_pp_unique_id}).
 */
public final class ConnectionFetches {
    private ConnectionFetches() {
    }

    public static void register(final SampleRegistry r) {
        r.fetch("src", SampleType.ADDR, Uses.L4, 0, 0, a -> (ctx, out) -> ctx.srcAddress() != null
            && out.setAddress(ctx.srcAddress()) != null);
        r.fetch("dst", SampleType.ADDR, Uses.L4, 0, 0, a -> (ctx, out) -> ctx.dstAddress() != null
            && out.setAddress(ctx.dstAddress()) != null);
        r.fetch("src_port", SampleType.SINT, Uses.L4, 0, 0, a -> (ctx, out) -> Fetches.count(out, ctx.srcPort()));
        r.fetch("dst_port", SampleType.SINT, Uses.L4, 0, 0, a -> (ctx, out) -> Fetches.count(out, ctx.dstPort()));
        r.fetch("so_id", SampleType.SINT, Uses.L4, 0, 0, a -> (ctx, out) -> ctx.stream() != null
            && Fetches.count(out, ctx.stream().listenerId()));
        r.fetch("fe_name", SampleType.STR, Uses.INTERNAL, 0, 0, a -> (ctx, out) -> ctx.stream() != null
            && Fetches.copy(ctx, out, ctx.stream().frontendName()));
        r.fetch("fe_id", SampleType.SINT, Uses.INTERNAL, 0, 0, a -> (ctx, out) -> ctx.stream() != null
            && Fetches.count(out, ctx.stream().frontendId()));
        r.fetch("be_name", SampleType.STR, Uses.INTERNAL, 0, 0, a -> (ctx, out) -> ctx.stream() != null
            && Fetches.copy(ctx, out, ctx.stream().backendName()));
        r.fetch("be_id", SampleType.SINT, Uses.INTERNAL, 0, 0, a -> (ctx, out) -> ctx.stream() != null
            && Fetches.count(out, ctx.stream().backendId()));
        r.fetch("srv_name", SampleType.STR, Uses.INTERNAL, 0, 0, a -> (ctx, out) -> ctx.stream() != null
            && Fetches.copy(ctx, out, ctx.stream().serverName()));
        r.fetch("srv_id", SampleType.SINT, Uses.INTERNAL, 0, 0, a -> (ctx, out) -> ctx.stream() != null
            && Fetches.count(out, ctx.stream().serverId()));
        r.fetch("fe_conn", SampleType.SINT, Uses.INTERNAL, 0, 1, a -> (ctx, out) -> ctx.stream() != null
            && Fetches.count(out, ctx.stream().frontendConnections()));
        backendMetric(r, "be_conn", StreamFacts::backendConnections);
        backendMetric(r, "nbsrv", StreamFacts::usableServers);
        backendMetric(r, "connslots", StreamFacts::connectionSlots);
        backendMetric(r, "queue", StreamFacts::queued);
        backendMetric(r, "avg_queue", StreamFacts::averageQueue);
        r.fetch("srv_is_up", SampleType.BOOL, Uses.INTERNAL, 1, 1, a -> {
            final String arg = a.required(0, "server");
            final int slash = arg.indexOf('/');
            final String backend = slash < 0 ? null : arg.substring(0, slash);
            final String server = arg.substring(slash + 1);
            if (server.isEmpty()) {
                throw new SampleException("missing server name in '" + arg + "'");
            }
            return (ctx, out) -> ctx.stream() != null && out.setBool(ctx.stream().serverUp(backend, server)) != null;
        });
        r.fetch("fc_rcvd_proxy", SampleType.BOOL, Uses.L4, 0, 0, a -> (ctx, out) -> ctx.clientConnection() != null
            && out.setBool(ctx.clientConnection().receivedProxyHeader()) != null);
        r.fetch("fc_pp_authority", SampleType.STR, Uses.L4, 0, 0, a -> (ctx, out) -> ctx.clientConnection() != null
            && Fetches.copy(ctx, out, ctx.clientConnection().proxyAuthority()));
        r.fetch("fc_pp_unique_id", SampleType.STR, Uses.L4, 0, 0, a -> (ctx, out) -> ctx.clientConnection() != null
            && Fetches.copy(ctx, out, ctx.clientConnection().proxyUniqueId()));
        r.fetch("ssl_fc", SampleType.BOOL, Uses.L4, 0, 0, a -> (ctx, out) -> out.setBool(ctx.tls() != null) != null);
        tls(r, "ssl_fc_sni", TlsInfo::sniBytes);
        tls(r, "ssl_fc_protocol", TlsInfo::protocolBytes);
        tls(r, "ssl_fc_cipher", TlsInfo::cipherBytes);
        tls(r, "ssl_fc_alpn", TlsInfo::alpnBytes);
    }

    /** An integer fetch of a backend, the stream's own when the argument is absent. */
    private interface BackendMetric {
        long of(StreamFacts facts, String backend);
    }

    private static void backendMetric(final SampleRegistry r, final String name, final BackendMetric metric) {
        r.fetch(name, SampleType.SINT, Uses.INTERNAL, 0, 1, a -> {
            final String backend = a.has(0) ? a.str(0) : null;
            return (ctx, out) -> ctx.stream() != null && Fetches.count(out, metric.of(ctx.stream(), backend));
        });
    }

    private static void tls(final SampleRegistry r, final String name, final Function<TlsInfo, ByteBuffer> field) {
        r.fetch(name, SampleType.STR, Uses.L4, 0, 0, a -> (ctx, out) -> {
            final TlsInfo tls = ctx.tls();
            final ByteBuffer value = tls == null ? null : field.apply(tls);
            return value != null && out.setString(value, 0, value.limit()) != null;
        });
    }
}
