package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.config.AgentCheckOptions;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.PoolOptions;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.ServerConfig;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/** Servers with an agent check in a one-server backend, for the agent's unit tests (no reactor involved). */
final class AgentRig {
    static final SourceLocation WHERE = new SourceLocation("test", 1);

    private AgentRig() {
    }

    /**
     * Server {@code s1} of backend {@code be} ({@code balance}), weight {@code weight}; {@code check} (inter 1 s,
     * rise 2, fall 3) when {@code checked}; {@code agent-check agent-port agentPort agent-inter 500}.
     */
    static Server server(final BalanceAlgorithm balance, final int weight, final boolean checked, final int agentPort,
                         final boolean logHealthChecks) {
        final Backend backend = new Backend(new ProxyConfig("be", ProxyKind.BACKEND, Mode.TCP, List.of(), 0,
            Timeouts.NONE, null, balance, 3, Redispatch.OFF, false, false, List.of(), HttpOptions.DEFAULT, WHERE,
            null).withLogHealthChecks(logHealthChecks));
        final CheckOptions check = new CheckOptions(checked, 1000, 0, 0, 2, 3, 0, null);
        final AgentCheckOptions agent = new AgentCheckOptions(true, agentPort, null, 500, "hello\n");
        final Server server = new Server(backend, 0, new ServerConfig("s1", "127.0.0.1", 8080, weight, 0, false,
            false, PoolOptions.DEFAULT, check, WHERE, agent),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 8080));
        backend.addServer(server);
        return server;
    }

    static Server server(final int weight, final boolean checked) {
        return server(BalanceAlgorithm.ROUNDROBIN, weight, checked, 9999, false);
    }
}
