package dev.baton.sample.fetch;

import dev.baton.io.TlsFetch;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.Uses;

import java.nio.charset.StandardCharsets;

/**
 * The certificate fetches of a TLS client connection ({@code ssl_c_*}: the client's certificate and its verification;
 * {@code ssl_f_*}: the certificate baton served) and {@code ssl_fc_is_resumed}, as engine fetches over
 * {@link TlsFetch}, which holds their logic. Booleans, integers and binary values ({@code serial}, {@code sha1})
 * allocate nothing; the string ones ({@code s_dn}, {@code i_dn}, dates, algorithms) make their text per evaluation,
 * as these fetches are read at most once per request of a client-certificate setup.
 */
public final class TlsCertFetches {
    private TlsCertFetches() {
    }

    public static void register(final SampleRegistry r) {
        for (final String name : TlsFetch.names()) {
            final TlsFetch probe = TlsFetch.parse(name);
            final SampleType type = switch (probe.rawType()) {
                case BOOL -> SampleType.BOOL;
                case INT -> SampleType.SINT;
                case BIN -> SampleType.BIN;
                default -> SampleType.STR;
            };
            final boolean dn = name.endsWith("_dn");
            r.fetch(name, type, Uses.L4, 0, dn ? 3 : 0, a -> {
                final TlsFetch f;
                try {
                    f = TlsFetch.parse(a.size() == 0 ? name : name + "(" + String.join(",", a.all()) + ")");
                } catch (final IllegalArgumentException e) {
                    throw new SampleException(e.getMessage());
                }
                switch (type) {
                    case BOOL:
                        return (ctx, out) -> {
                            final long v = f.number(ctx.tls());
                            return v >= 0 && out.setBool(v == 1) != null;
                        };
                    case SINT:
                        return (ctx, out) -> {
                            final long v = f.number(ctx.tls());
                            return v >= 0 && out.setInt(v) != null;
                        };
                    case BIN:
                        return (ctx, out) -> {
                            final byte[] v = f.binary(ctx.tls());
                            if (v == null) {
                                return false;
                            }
                            final java.nio.ByteBuffer b = ctx.scratch().next();
                            b.put(v, 0, Math.min(v.length, b.capacity()));
                            return out.setBytes(SampleType.BIN, b) != null;
                        };
                    default:
                        return (ctx, out) -> {
                            final String v = f.string(ctx.tls());
                            return v != null && Fetches.copy(ctx, out, v.getBytes(StandardCharsets.UTF_8));
                        };
                }
            });
        }
    }
}
