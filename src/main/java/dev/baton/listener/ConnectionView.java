package dev.baton.listener;

import dev.baton.backend.Backend;
import dev.baton.io.Endpoint;
import dev.baton.sample.SampleContext;
import dev.baton.sample.StreamFacts;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * What a connection-level fetch reads of a client connection of {@code frontend}: its addresses and ports, TLS, the
 * frontend and the backends it may name ({@code tcp-request connection|session} rules, the switching rules of a
 * mode tcp frontend, {@code balance hash} on connection fetches). Subclasses add the bytes under inspection. Made per
 * connection; read on the reactor thread that owns the connection.
 */
public class ConnectionView implements SampleContext, StreamFacts, dev.baton.http.rules.AddressTarget {
    private final Frontend frontend;
    private final Endpoint client;
    private InetSocketAddress remote;
    private InetSocketAddress local;
    /** {@code sess.*} variables as rules see them (the connection's, made by the first rule that sets one). */
    private dev.baton.sample.vars.Vars vars;

    public ConnectionView(final Frontend frontend, final Endpoint client) {
        this.frontend = frontend;
        this.client = client;
        this.remote = client.remoteAddress();
        this.local = client.localAddress();
    }

    /**
     * The connection's session variables: those the rules set before (kept by the connection, see
     * {@link Endpoint#sessionVars()}), made now when there are none yet; only {@code proc} and {@code sess} exist here.
     */
    @Override
    public dev.baton.sample.vars.Vars vars() {
        if (vars == null) {
            dev.baton.sample.vars.VarStore sess = client.sessionVars();
            if (sess == null) {
                sess = new dev.baton.sample.vars.VarStore(dev.baton.sample.vars.VarScope.SESS);
                client.sessionVars(sess);
            }
            vars = new dev.baton.sample.vars.Vars();
            vars.attach(sess);
        }
        return vars;
    }

    /** The variables rules of this view set or read, null when none did (the stream's log line shows them). */
    public dev.baton.sample.vars.Vars usedVars() {
        return vars;
    }

    @Override
    public InetSocketAddress source() {
        return remote;
    }

    @Override
    public InetSocketAddress destination() {
        return local;
    }

    /** {@code set-src}...: the connection shows {@code address} as its client's from now on (see {@link Endpoint#addresses}). */
    @Override
    public void source(final InetSocketAddress address) {
        remote = address;
        client.addresses(address, null);
    }

    @Override
    public void destination(final InetSocketAddress address) {
        local = address;
        client.addresses(null, address);
    }

    @Override
    public byte[] srcAddress() {
        return remote == null ? null : remote.getAddress().getAddress();
    }

    @Override
    public byte[] dstAddress() {
        return local == null ? null : local.getAddress().getAddress();
    }

    @Override
    public int srcPort() {
        return remote == null ? -1 : remote.getPort();
    }

    @Override
    public int dstPort() {
        return local == null ? -1 : local.getPort();
    }

    @Override
    public dev.baton.io.Endpoint clientConnection() {
        return client;
    }

    @Override
    public dev.baton.io.TlsInfo tls() {
        return client.tls();
    }

    @Override
    public StreamFacts stream() {
        return this;
    }

    @Override
    public dev.baton.stick.StickCounters trackedCounters() {
        return client.connectionCounters();
    }

    @Override
    public byte[] frontendName() {
        return frontend.name().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int frontendId() {
        return frontend.config().extras().id();
    }

    @Override
    public byte[] backendName() {
        return null;
    }

    @Override
    public int backendId() {
        return -1;
    }

    @Override
    public byte[] serverName() {
        return null;
    }

    @Override
    public int serverId() {
        return -1;
    }

    @Override
    public long frontendConnections() {
        return frontend.currConns().get();
    }

    @Override
    public long backendConnections(final String name) {
        final Backend b = name == null ? null : frontend.backendNamed(name);
        return b == null ? -1 : b.currConns().get();
    }

    @Override
    public long usableServers(final String name) {
        final Backend b = name == null ? null : frontend.backendNamed(name);
        if (b == null) {
            return -1;
        }
        return b.servers().stream().filter(dev.baton.backend.Server::isEligible).count();
    }

    @Override
    public boolean serverUp(final String name, final String server) {
        final Backend b = name == null ? null : frontend.backendNamed(name);
        final dev.baton.backend.Server s = b == null ? null : b.server(server);
        return s != null && s.isRunning();
    }

    @Override
    public long connectionSlots(final String name) {
        return -1;
    }

    @Override
    public long queued(final String name) {
        final Backend b = name == null ? null : frontend.backendNamed(name);
        return b == null ? -1 : b.queues().totalWaiting();
    }
}
