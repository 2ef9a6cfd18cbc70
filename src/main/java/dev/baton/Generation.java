package dev.baton;

import dev.baton.backend.Backend;
import dev.baton.backend.ServerRuntime;
import dev.baton.config.BatonConfig;
import dev.baton.health.HealthChecks;
import dev.baton.listener.Frontend;
import dev.baton.listener.Listener;
import dev.baton.listener.ListenerRoute;
import dev.baton.pool.ServerPool;
import dev.baton.tls.TlsSetup;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Everything one configuration shapes (docs/reload.md): the configuration, its frontends and backends (whose
 * servers share the runtimes kept from the generation before), its listeners, TLS contexts, health checks and
 * the idle-pool map of its servers. Immutable once built ({@link GenerationBuilder}); published by the daemon's
 * volatile write, read by the runtime API and the statistics from any thread. A stream holds its generation
 * through its {@code Frontend} and {@code Backend}, so in-flight streams finish on the one they started with.
 *
 * <p>{@link #reroutes} and {@link #opened} are the switch's plan from the generation before: the sockets kept
 * (each with the route it takes now) and those bound for this generation, not yet registered on their reactors.
 */
final class Generation {
    final int number;
    final BatonConfig config;
    final Map<String, Backend> backends;
    final Map<String, Frontend> frontends;
    final List<Listener> listeners;
    final TlsSetup tls;
    final HealthChecks checks;
    final Map<ServerRuntime, ServerPool> serverPools;
    final Map<Listener, ListenerRoute> reroutes;
    final List<Listener> opened;
    /** The stick tables of this configuration; set once by the builder before the generation is published. */
    dev.baton.stick.StickTables stickTables = dev.baton.stick.StickTables.NONE;
    /**
     * The peers sections' service sharing its tables, or null; set by the daemon (after the switch on a reload: the
     * previous one must have released its ports), read by {@code show peers} from reactor 0.
     */
    volatile dev.baton.peers.PeersService peers;
    /** The run-time name resolution of its servers, or null; set once by the daemon before it is published. */
    dev.baton.dns.DnsResolver dns;

    Generation(final int number, final BatonConfig config, final Map<String, Backend> backends,
               final Map<String, Frontend> frontends, final List<Listener> listeners, final TlsSetup tls,
               final HealthChecks checks, final Map<ServerRuntime, ServerPool> serverPools,
               final Map<Listener, ListenerRoute> reroutes, final List<Listener> opened) {
        this.number = number;
        this.config = config;
        this.backends = Collections.unmodifiableMap(backends);
        this.frontends = Collections.unmodifiableMap(frontends);
        this.listeners = List.copyOf(listeners);
        this.tls = tls;
        this.checks = checks;
        this.serverPools = serverPools;
        this.reroutes = Collections.unmodifiableMap(reroutes);
        this.opened = List.copyOf(opened);
    }
}
