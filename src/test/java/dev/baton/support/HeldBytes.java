package dev.baton.support;

import dev.baton.sample.SampleContext;

import java.nio.ByteBuffer;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Bytes under inspection, as a tcp stream holds them for its content rules ({@code over}: inspection can no longer
 * wait), and TLS ClientHello records made by the JDK's engine to fill it with. For tests of the payload fetches.
 */
public final class HeldBytes implements SampleContext {
    public final ByteBuffer buffer = ByteBuffer.allocate(16384);
    public boolean over;
    public int changes;

    public HeldBytes(final byte[] bytes) {
        buffer.put(bytes);
    }

    @Override
    public ByteBuffer payload(final boolean response) {
        return response ? null : buffer;
    }

    @Override
    public void mayChange() {
        if (!over) {
            changes++;
        }
    }

    @Override
    public int mayChangeCount() {
        return changes;
    }

    @Override
    public boolean inspectionOver() {
        return over;
    }

    /** A TLS 1.2 ClientHello record asking for {@code sni} and offering {@code alpn}. */
    public static byte[] clientHello(final String sni, final String... alpn) throws Exception {
        final SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        final SSLEngine engine = ctx.createSSLEngine("ignored", 443);
        engine.setUseClientMode(true);
        final SSLParameters p = engine.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(sni)));
        p.setApplicationProtocols(alpn);
        p.setProtocols(new String[] {"TLSv1.2"});
        engine.setSSLParameters(p);
        final ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        final byte[] bytes = new byte[out.remaining()];
        out.get(bytes);
        return bytes;
    }
}
