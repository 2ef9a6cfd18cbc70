package dev.baton.tcp;

import dev.baton.backend.Backend;
import dev.baton.config.BackendSwitch;
import dev.baton.io.Endpoint;
import dev.baton.listener.Frontend;
import dev.baton.sample.SampleContext;
import dev.baton.sample.StreamFacts;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A mode tcp frontend's {@code use_backend ... if|unless COND} rules, run once when the session starts, as HAProxy
 * does without {@code tcp-request content} rules: the conditions see the connection only ({@code src}, {@code dst},
 * their ports, {@code fe_name}, {@code ssl_fc*} on a TLS bind, constants), never any payload. The first rule whose
 * condition holds picks the backend, else {@code default_backend}. Reactor thread; allocates a small context per
 * connection only when the frontend has rules.
 */
final class TcpSwitching {
    private TcpSwitching() {
    }

    /** The backend of a new connection {@code client} of {@code frontend} (null: none, the stream ends). */
    static Backend backendFor(final Frontend frontend, final Endpoint client) {
        final List<BackendSwitch> rules = frontend.config().http().useBackends();
        if (rules.isEmpty()) {
            return frontend.defaultBackend();
        }
        final Connection ctx = new Connection(frontend, client);
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i).condition().test(ctx)) {
                return frontend.switchTarget(i);
            }
        }
        return frontend.defaultBackend();
    }

    /**
     * The key of {@code balance hash EXPR} for a new connection {@code client} of {@code frontend}: the expression on
     * the connection's fetches (a request fetch finds nothing here: round robin, as HAProxy).
     */
    static long hashKey(final Frontend frontend, final Endpoint client, final dev.baton.config.BalanceParams params) {
        return dev.baton.backend.balance.BalanceKeys.expression(params, new Connection(frontend, client));
    }

    /** What a connection-level fetch reads of a new tcp session. */
    private static final class Connection implements SampleContext, StreamFacts {
        private final Frontend frontend;
        private final Endpoint client;
        private final InetSocketAddress remote;
        private final InetSocketAddress local;

        Connection(final Frontend frontend, final Endpoint client) {
            this.frontend = frontend;
            this.client = client;
            this.remote = client.remoteAddress();
            this.local = client.localAddress();
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
        public dev.baton.io.TlsInfo tls() {
            return client.tls();
        }

        @Override
        public StreamFacts stream() {
            return this;
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
}
