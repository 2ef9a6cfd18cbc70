package dev.baton;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.backend.ServerRuntime;
import dev.baton.config.BackendSwitch;
import dev.baton.config.BatonConfig;
import dev.baton.config.BindConfig;
import dev.baton.config.Mode;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ServerConfig;
import dev.baton.health.CheckSpread;
import dev.baton.health.CheckTransitions;
import dev.baton.health.HealthChecks;
import dev.baton.io.FdBudget;
import dev.baton.counters.ListenerCounters;
import dev.baton.listener.Acceptor;
import dev.baton.listener.BindSlots;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.listener.Listener;
import dev.baton.listener.ListenerGroup;
import dev.baton.listener.ListenerPlan;
import dev.baton.listener.ListenerRoute;
import dev.baton.listener.SocketIdentity;
import dev.baton.log.TrafficLog;
import dev.baton.pool.ServerPool;
import dev.baton.pool.ServerPools;
import dev.baton.reactor.ReactorGroup;
import dev.baton.tls.TlsSetup;
import org.tinylog.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds a {@link Generation} from a checked configuration over the process-wide parts (reactors, limits, the
 * per-reactor acceptors, the idle-pool map, the transitions), reusing what the running generation has
 * (docs/reload.md): a backend's runtime by name; a server's runtime by backend and server name when its connection
 * identity ({@link #sameConnection}) is unchanged; a listening socket by {@link SocketIdentity}. Nothing it does is
 * visible to traffic until the daemon publishes the result: new sockets are bound but not registered, kept ones get
 * their new route only at the switch. On an error every socket it opened is closed and nothing else changed.
 * The daemon's thread (start-up or a reload), one build at a time.
 */
final class GenerationBuilder {
    private static final int LISTEN_BACKLOG = 1024;
    /** TLS record buffers each listener keeps for reuse (about 18 KiB each). */
    private static final int TLS_BUFFERS_RETAINED = 256;

    private final ReactorGroup reactors;
    private final ReactorProxy[] proxies;
    private final FdBudget fds;
    private final ConnectionLimits limits;
    private final Acceptor[] httpAcceptors;
    private final Acceptor[] tcpAcceptors;
    private final ServerPools serverPools;
    private final CheckTransitions transitions;

    GenerationBuilder(final ReactorGroup reactors, final ReactorProxy[] proxies, final FdBudget fds,
                      final ConnectionLimits limits, final Acceptor[] httpAcceptors, final Acceptor[] tcpAcceptors,
                      final ServerPools serverPools, final CheckTransitions transitions) {
        this.reactors = reactors;
        this.proxies = proxies;
        this.fds = fds;
        this.limits = limits;
        this.httpAcceptors = httpAcceptors;
        this.tcpAcceptors = tcpAcceptors;
        this.serverPools = serverPools;
        this.transitions = transitions;
    }

    /**
     * The generation of {@code config} (its fullconn resolved), taking over from {@code previous} (null at
     * start-up). Throws with every error (addresses, TLS files, binds); then nothing changed.
     */
    Generation build(final BatonConfig config, final Generation previous, final boolean running)
        throws StartupException {
        final ServerAddresses addresses = ServerAddresses.resolve(config, (backend, server) -> lastAddress(previous,
            backend, server));
        if (!addresses.errors().isEmpty()) {
            throw new StartupException(addresses.errors());
        }
        addresses.warnings().forEach(Logger::warn);
        final Map<String, Backend> backends = buildBackends(config, addresses, previous);
        final TlsSetup tls = TlsSetup.build(config);
        if (!tls.errors().isEmpty()) {
            tls.release();
            throw new StartupException(tls.errors());
        }
        for (final Backend b : backends.values()) {
            for (final Server s : b.servers()) {
                s.tls(tls.context(s.config()));
                s.checkTls(tls.checkContext(s.config()));
            }
        }
        final dev.baton.stick.StickTables stickTables = stickTables(config, previous);
        final Map<String, Frontend> frontends = buildFrontends(config, backends);
        for (final Frontend fe : frontends.values()) {
            fe.stickTables(stickTables);
            fe.spoe(spoe(fe.config(), backends));
        }
        final List<Listener> listeners = new ArrayList<>();
        final Map<Listener, ListenerRoute> reroutes = new IdentityHashMap<>();
        final List<Listener> opened = new ArrayList<>();
        final List<String> errors = bindListeners(config, frontends, tls, previous, listeners, reroutes, opened);
        if (!errors.isEmpty()) {
            for (final Listener l : opened) {
                if (running) {
                    proxies[l.reactor().id()].closeListener(l);
                } else {
                    l.close();
                }
            }
            tls.release();
            throw new StartupException(errors);
        }
        final List<Server> pooled = new ArrayList<>();
        for (final Backend b : backends.values()) {
            if (b.config().mode() == Mode.HTTP) {
                pooled.addAll(b.servers());
            }
        }
        final Map<ServerRuntime, ServerPool> pools = serverPools.next(reactors.size(), pooled);
        final HealthChecks checks = buildChecks(config, backends, addresses);
        final Generation g = new Generation(previous == null ? 1 : previous.number + 1, config, backends, frontends,
            listeners, tls, checks, pools, reroutes, opened);
        g.stickTables = stickTables;
        return g;
    }

    /**
     * The stick tables the configuration declares: new and empty (a reload starts them afresh, as HAProxy's), but a
     * table shared through a peers section keeps the entries it had in {@code previous} when its definition allows
     * ({@link dev.baton.stick.StickTables#carryOver}: HAProxy's local peer passes them to its new process).
     */
    private static dev.baton.stick.StickTables stickTables(final BatonConfig config, final Generation previous) {
        final java.util.Set<String> serverKeys = new java.util.HashSet<>(); // tables named by stick on|match|store
        for (final ProxyConfig p : config.proxies()) {
            serverKeys.addAll(p.extras().stickRules().tables());
        }
        final List<dev.baton.stick.StickTableConfig> tables = new ArrayList<>();
        for (final ProxyConfig p : config.proxies()) {
            final dev.baton.stick.StickTableConfig t = p.extras().stickTable();
            if (t != null && !p.disabled()) {
                tables.add(serverKeys.contains(t.name()) ? t.withServerKeys() : t);
            }
        }
        for (final dev.baton.config.PeersConfig s : config.peers().values()) {
            for (final dev.baton.stick.StickTableConfig t : s.tables()) {
                tables.add(serverKeys.contains(t.name()) ? t.withServerKeys() : t);
            }
        }
        return previous == null ? dev.baton.stick.StickTables.of(tables)
            : dev.baton.stick.StickTables.carryOver(tables, previous.stickTables);
    }

    /** The backends, each server given the runtime it keeps from {@code previous}, or a fresh one. */
    private static Map<String, Backend> buildBackends(final BatonConfig config, final ServerAddresses addresses,
                                                      final Generation previous) {
        final Map<String, Backend> backends = new LinkedHashMap<>();
        for (final ProxyConfig p : config.proxies()) {
            if (!p.kind().isBackend() || p.disabled()) {
                continue; // a disabled backend serves nothing: what is routed to it gets 503, as in HAProxy
            }
            final Backend before = previous == null ? null : previous.backends.get(p.name());
            final Backend backend = before == null ? new Backend(p) : new Backend(p, before.runtime());
            final int[] puids = dev.baton.config.ServerIds.assign(p.servers());
            int position = 0;
            for (final ServerConfig s : p.servers()) {
                final InetSocketAddress address = addresses.of(s);
                final Server old = before == null ? null : before.server(s.name());
                final ServerRuntime kept = old != null && sameConnection(old, s, address) ? old.runtime() : null;
                final Server server = new Server(backend, puids[position++] - 1, s, address, kept);
                backend.addServer(server);
                if (kept == null && addresses.unresolved(s)) {
                    server.resolutionMaint(true); // init-addr none: no line at start-up, as HAProxy's
                }
            }
            backend.initAvailability(System.nanoTime());
            backends.put(p.name(), backend);
        }
        linkTrackers(backends);
        return backends;
    }

    /**
     * The address server {@code name} of {@code backend} has in {@code previous} (null at start-up), for
     * {@code init-addr last}; null when it has none (unknown, Unix, or cleared by resolution).
     */
    private static java.net.InetAddress lastAddress(final Generation previous, final String backend,
                                                    final String name) {
        final Backend b = previous == null ? null : previous.backends.get(backend);
        final Server s = b == null ? null : b.server(name);
        if (s == null || s.address() == null || s.address().getAddress().isAnyLocalAddress()) {
            return null;
        }
        return s.address().getAddress();
    }

    /**
     * Whether a server configured as {@code next} at {@code address} opens the same connections as {@code old}:
     * same address and port (or mapping), Unix path, PROXY protocol and TLS settings. Then its idle connections,
     * state and counters carry over.
     */
    static boolean sameConnection(final Server old, final ServerConfig next, final InetSocketAddress address) {
        final ServerConfig c = old.config();
        return Objects.equals(old.address(), address) && c.port() == next.port() && c.mapPorts() == next.mapPorts()
            && Objects.equals(c.path(), next.path()) && c.abns() == next.abns()
            && Objects.equals(c.sendProxy(), next.sendProxy()) && Objects.equals(c.tls(), next.tls());
    }

    /** {@code track [BACKEND/]SERVER}: each tracker follows its target (the configuration checked both exist). */
    private static void linkTrackers(final Map<String, Backend> backends) {
        for (final Backend b : backends.values()) {
            for (final Server s : b.servers()) {
                final String track = s.config().reactions().track();
                if (track == null) {
                    continue;
                }
                final int slash = track.lastIndexOf('/');
                final Backend in = slash > 0 ? backends.get(track.substring(0, slash)) : b;
                final String name = track.substring(slash + 1);
                for (final Server target : in.servers()) {
                    if (target.name().equals(name)) {
                        s.track(target);
                        break;
                    }
                }
            }
        }
    }

    /** The SPOE engines of frontend {@code p}, each with its agent backend. */
    private dev.baton.spoe.SpoeRuntime[] spoe(final ProxyConfig p, final Map<String, Backend> backends) {
        final List<dev.baton.config.SpoeEngine> engines = p.extras().spoe();
        final dev.baton.spoe.SpoeRuntime[] out = new dev.baton.spoe.SpoeRuntime[engines.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = new dev.baton.spoe.SpoeRuntime(engines.get(i), backends.get(engines.get(i).agent().backend()),
                reactors.size());
        }
        return out;
    }

    private static Map<String, Frontend> buildFrontends(final BatonConfig config, final Map<String, Backend> backends) {
        final Map<String, Frontend> frontends = new LinkedHashMap<>();
        for (final ProxyConfig p : config.frontends()) {
            if (p.disabled()) {
                continue; // a disabled frontend binds nothing
            }
            // a listen serves with its own servers unless it has a default_backend (written or inherited)
            final String backendName = p.defaultBackend() != null ? p.defaultBackend()
                : p.kind().isBackend() ? p.name() : null;
            final Frontend fe = new Frontend(p, backends.get(backendName), TrafficLog.forFrontend(p));
            final List<BackendSwitch> switches = p.http().useBackends();
            final Backend[] targets = new Backend[switches.size()];
            for (int i = 0; i < targets.length; i++) {
                targets[i] = backends.get(switches.get(i).backend());
            }
            fe.switchTargets(targets);
            fe.backends(backends::get);
            frontends.put(p.name(), fe);
        }
        return frontends;
    }

    /**
     * Every bind's listeners: the running ones with the same {@link SocketIdentity} kept (rerouted), the others
     * bound now (not registered). Returns the error lines.
     */
    private List<String> bindListeners(final BatonConfig config, final Map<String, Frontend> frontends,
                                       final TlsSetup tls, final Generation previous, final List<Listener> listeners,
                                       final Map<Listener, ListenerRoute> reroutes, final List<Listener> opened) {
        final Map<SocketIdentity, List<Listener>> running = new HashMap<>();
        if (previous != null) {
            for (final Listener l : previous.listeners) {
                running.computeIfAbsent(SocketIdentity.of(l.bind()), k -> new ArrayList<>()).add(l);
            }
        }
        final List<String> errors = new ArrayList<>();
        for (final Frontend fe : frontends.values()) {
            final int[] ids = ListenerPlan.listenerIds(fe.config().binds());
            final boolean socketStats = fe.config().extras().options().socketStats();
            final List<ListenerCounters> counted = new ArrayList<>();
            for (int b = 0; b < ids.length; b++) {
                final BindConfig bind = fe.config().binds().get(b);
                final BindSlots slots = bind.options().maxconn() > 0
                    ? new BindSlots(bind.options().maxconn(), limits) : null;
                final ListenerCounters counters = socketStats ? new ListenerCounters(slots) : null;
                if (counters != null) {
                    counted.add(counters);
                }
                final List<Listener> kept = running.remove(SocketIdentity.of(bind));
                if (kept != null) {
                    final ListenerGroup group = ListenerGroup.of(kept, config.global().process().listenerMultiQueue());
                    for (final Listener l : kept) {
                        final ListenerRoute route = new ListenerRoute(l.reactor(), fe, acceptor(fe, l.reactor().id()),
                            bind, slots, counters, limits, bind.family() != BindConfig.Family.INET);
                        if (bind.tls() != null) {
                            route.terminateTls(tls.context(bind), TLS_BUFFERS_RETAINED);
                        }
                        route.group(group);
                        route.tune(config.global().tune());
                        reroutes.put(l, route);
                        listeners.add(l);
                    }
                    continue;
                }
                final String error = bindOne(config, fe, bind, ids[b], slots, counters, tls, listeners, opened);
                if (error != null) {
                    errors.add(error);
                }
            }
            fe.listenerCounters(counted);
        }
        return errors;
    }

    private Acceptor acceptor(final Frontend fe, final int reactor) {
        return fe.config().mode() == Mode.HTTP ? httpAcceptors[reactor] : tcpAcceptors[reactor];
    }

    /**
     * Opens {@code bind}'s listeners: one per reactor of its thread set for a TCP address (SO_REUSEPORT), one on
     * the first reactor of the set for a single socket (Unix, abstract, inherited). The error line, or null.
     */
    private String bindOne(final BatonConfig config, final Frontend fe, final BindConfig bind, final int listenerId,
                           final BindSlots slots, final ListenerCounters counters, final TlsSetup tls,
                           final List<Listener> listeners, final List<Listener> opened) {
        final long threads = ListenerPlan.threads(bind, reactors.size(), fe.name());
        final int backlog = bind.backlog() > 0 ? bind.backlog() : LISTEN_BACKLOG;
        int port = bind.port();
        final List<Listener> siblings = new ArrayList<>();
        for (int r = 0; r < reactors.size(); r++) {
            if ((threads & (1L << r)) == 0) {
                continue;
            }
            try {
                final Listener l = Listener.bound(reactors.get(r), fe, acceptor(fe, r), bind, port, backlog,
                    config.global().unixBind(), limits, fds, slots, counters, listenerId);
                if (bind.tls() != null) {
                    l.terminateTls(tls.context(bind), TLS_BUFFERS_RETAINED);
                }
                port = l.localPort();
                listeners.add(l);
                opened.add(l);
                siblings.add(l);
            } catch (final IOException e) {
                return bind.where() + ": frontend '" + fe.name() + "': cannot bind " + bind.display() + ": "
                    + e.getMessage();
            }
            if (bind.family() != BindConfig.Family.INET) {
                break; // one socket: a single reactor accepts from it
            }
        }
        final ListenerGroup group = ListenerGroup.of(siblings, config.global().process().listenerMultiQueue());
        for (final Listener l : siblings) {
            l.route().group(group);
            l.route().tune(config.global().tune());
        }
        return null;
    }

    /** A health check for every server with {@code check}, an agent check for each with {@code agent-check}. */
    private HealthChecks buildChecks(final BatonConfig config, final Map<String, Backend> backends,
                                     final ServerAddresses addresses) {
        final HealthChecks checks = new HealthChecks(new CheckSpread(config.global().spreadChecks(),
            config.global().maxSpreadChecksMs(), null), config.global().process().insecureForkWanted());
        for (final Backend b : backends.values()) {
            for (final Server s : b.servers()) {
                transitions.watch(s);
                if (s.isChecked()) {
                    checks.add(s, addresses.checkOf(s.config()),
                        b.config().timeouts().checkConnectMs(s.config().check().interMs()), reactors, fds,
                        transitions);
                }
                final InetSocketAddress agentAt = addresses.agentOf(s.config());
                if (agentAt != null && (s.config().agent().addr() != null || s.config().check().addr() != null)) {
                    s.agent().addr(agentAt.getAddress()); // shown by show servers state, with or without agent-check
                }
                if (s.agent().configured()) {
                    checks.addAgent(s, addresses.agentOf(s.config()),
                        b.config().timeouts().checkConnectMs(s.config().agent().interMs()), reactors, fds,
                        transitions);
                }
            }
        }
        return checks;
    }
}
