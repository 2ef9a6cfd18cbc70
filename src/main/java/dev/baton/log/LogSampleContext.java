package dev.baton.log;

import dev.baton.sample.SampleContext;
import dev.baton.sample.StreamFacts;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The sample context of a log line: what {@link StreamLogFields} still knows when the line is built (addresses,
 * ports, proxy and server names, status, captures, the request line copy, the unique id). One per thread
 * ({@link #of}), pointed at one stream's fields at a time; no head is available. Names are encoded once per distinct
 * string (the proxies' names are the same objects from line to line).
 */
final class LogSampleContext implements SampleContext, StreamFacts {
    private static final ThreadLocal<LogSampleContext> THREAD = ThreadLocal.withInitial(LogSampleContext::new);

    private StreamLogFields f;
    private final byte[] src4 = new byte[4];
    private final byte[] dst4 = new byte[4];
    private final NameCache frontend = new NameCache();
    private final NameCache backend = new NameCache();
    private final NameCache server = new NameCache();

    /** This thread's context over {@code fields}. */
    static LogSampleContext of(final StreamLogFields fields) {
        final LogSampleContext c = THREAD.get();
        c.f = fields;
        return c;
    }

    /** The UTF-8 bytes of the last string seen, remade only when the string object changes. */
    private static final class NameCache {
        private String text;
        private byte[] bytes;

        byte[] of(final String s) {
            if (s == null) {
                return null;
            }
            if (s != text) {
                text = s;
                bytes = s.getBytes(StandardCharsets.UTF_8);
            }
            return bytes;
        }
    }

    @Override
    public long timerMs(final dev.baton.sample.StreamTimer t) {
        return LogVariables.timerMs(t, f);
    }

    @Override
    public dev.baton.sample.vars.Vars vars() {
        return f.vars;
    }

    private static byte[] address(final InetSocketAddress a, final byte[] v4) {
        if (a == null || a.getAddress() == null) {
            return null;
        }
        final InetAddress ip = a.getAddress();
        if (ip instanceof Inet4Address) {
            final int v = ip.hashCode(); // Inet4Address: the address itself, without copying it
            v4[0] = (byte) (v >>> 24);
            v4[1] = (byte) (v >>> 16);
            v4[2] = (byte) (v >>> 8);
            v4[3] = (byte) v;
            return v4;
        }
        return ip.getAddress();
    }

    /** The client connection's TLS session (the {@code ssl_*} fetches), null on plain TCP. */
    @Override
    public dev.baton.io.TlsInfo tls() {
        return f.tls;
    }

    @Override
    public byte[] srcAddress() {
        return address(f.client, src4);
    }

    @Override
    public byte[] dstAddress() {
        return address(f.frontendAddress, dst4);
    }

    @Override
    public int srcPort() {
        return f.client == null ? -1 : f.client.getPort();
    }

    @Override
    public int dstPort() {
        return f.frontendAddress == null ? -1 : f.frontendAddress.getPort();
    }

    @Override
    public int status() {
        return f.status;
    }

    @Override
    public StreamFacts stream() {
        return this;
    }

    @Override
    public byte[] capture(final boolean response, final int slot) {
        return f.captures == null ? null : f.captures.slot(response, slot);
    }

    @Override
    public int captureLength(final boolean response, final int slot) {
        return f.captures == null ? -1 : f.captures.slotLength(response, slot);
    }

    @Override
    public byte[] requestLine() {
        return f.requestLine;
    }

    @Override
    public int requestLineLength() {
        return f.requestLineLength;
    }

    @Override
    public byte[] uniqueId() {
        return f.captures == null ? null : f.captures.uniqueId;
    }

    @Override
    public int uniqueIdLength() {
        return f.captures == null ? -1 : f.captures.uniqueIdLength;
    }

    @Override
    public byte[] frontendName() {
        return frontend.of(f.frontend);
    }

    @Override
    public int frontendId() {
        return -1;
    }

    @Override
    public byte[] backendName() {
        return backend.of(f.backend);
    }

    @Override
    public int backendId() {
        return -1;
    }

    /** The server's name; baton's own answers ({@code <STATS>}, {@code <NOSRV>}) are no server. */
    @Override
    public byte[] serverName() {
        return f.server == null || f.server.startsWith("<") ? null : server.of(f.server);
    }

    @Override
    public int serverId() {
        return -1;
    }

    @Override
    public long frontendConnections() {
        return f.feconn;
    }

    @Override
    public long backendConnections(final String name) {
        return name == null ? f.beconn : -1;
    }

    @Override
    public long usableServers(final String name) {
        return -1;
    }

    @Override
    public boolean serverUp(final String name, final String srv) {
        return false;
    }

    @Override
    public long connectionSlots(final String name) {
        return -1;
    }

    @Override
    public long queued(final String name) {
        return name == null ? f.backendQueue : -1;
    }
}
