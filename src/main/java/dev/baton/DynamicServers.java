package dev.baton;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.dns.DnsResolver;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.DynamicServerParser;
import dev.baton.config.Mode;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ServerConfig;
import dev.baton.health.CheckTransitions;
import dev.baton.http.rules.ServerRules;
import dev.baton.io.FdBudget;
import dev.baton.pool.ReactorPool;
import dev.baton.pool.ServerPool;
import dev.baton.pool.ServerPools;
import dev.baton.reactor.ReactorGroup;
import dev.baton.stats.ServerEditor;
import dev.baton.tls.ServerTlsContext;
import org.tinylog.Logger;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The runtime API's dynamic servers (HAProxy 2.4+, docs/dynamic-servers.md): {@code add server} puts a server in the
 * running configuration's backend, in maintenance with its checks paused as HAProxy does, balanced (each reactor
 * rebuilds its balancer on its next pick: {@link Backend#serversVersion()}), pooled and checked like the file's;
 * {@code del server} takes one out once it is in maintenance without streams or queue (its idle connections are
 * closed, where HAProxy 2.6 refuses); {@code set server ... addr} and {@code ssl} change where and how new connections
 * go, and the server gets a fresh idle pool so that no connection of the old kind is reused (HAProxy's
 * srv_cleanup_connections). Each runs on the thread {@code baton-servers}, under the daemon's monitor, so it never
 * overlaps a reload nor another change; the reactors only see volatile writes and commands.
 */
final class DynamicServers implements ServerEditor {
    static final String REGISTERED = "New server registered.\n";
    private static final String UPDATER = " by 'stats socket command'\n";

    private final Object monitor;
    private final Supplier<Generation> current;
    private final ReactorGroup reactors;
    private final FdBudget fds;
    private final CheckTransitions transitions;
    private final ServerPools serverPools;
    private final ReactorProxy[] proxies;
    private final ReactorPool[] pools;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "baton-servers");
        t.setDaemon(true);
        return t;
    });

    /**
     * {@code monitor}: what reloads hold (the daemon); {@code current}: the configuration in force; the reactors,
     * descriptors and transitions are what checks need.
     */
    DynamicServers(final Object monitor, final Supplier<Generation> current, final ReactorGroup reactors,
                   final FdBudget fds, final CheckTransitions transitions,
                   final ServerPools serverPools, final ReactorProxy[] proxies,
                   final ReactorPool[] pools) {
        this.monitor = monitor;
        this.current = current;
        this.reactors = reactors;
        this.fds = fds;
        this.transitions = transitions;
        this.serverPools = serverPools;
        this.proxies = proxies;
        this.pools = pools;
    }

    /** Stops the thread (the process stops); a change under way finishes. */
    void close() {
        thread.shutdown();
    }

    /** Runs {@code change} on the servers' thread under the daemon's monitor; its answer completes the stage. */
    private CompletionStage<String> run(final Supplier<String> change) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                synchronized (monitor) {
                    try {
                        return change.get();
                    } catch (final RuntimeException e) {
                        Logger.error(e, "runtime API: a server change failed");
                        return "Internal error: " + e + "\n";
                    }
                }
            }, thread);
        } catch (final RejectedExecutionException e) {
            return CompletableFuture.completedFuture("baton is stopping: no server change now.\n");
        }
    }

    @Override
    public CompletionStage<String> add(final String backend, final List<String> words) {
        return run(() -> addNow(backend, words));
    }

    @Override
    public CompletionStage<String> delete(final String backend, final String server) {
        return run(() -> deleteNow(backend, server));
    }

    @Override
    public CompletionStage<String> setAddress(final Server server, final String address, final String port) {
        return run(() -> ServerAddressChange.apply(server, address, port, UPDATER, () -> renewPool(server)));
    }

    @Override
    public CompletionStage<String> setTls(final Server server, final boolean on) {
        return run(() -> {
            if (server.isDynamic()) {
                return "'set server <srv> ssl' not supported on dynamic servers\n"; // HAProxy 2.6's words
            }
            if (!server.hasTlsContext()) {
                return "'set server <srv> ssl' cannot be set.  default-server should define ssl settings\n";
            }
            server.useTls(on);
            renewPool(server);
            Logger.info("runtime API: server {} now connects {}", server, on ? "over TLS" : "in clear");
            return "server ssl setting updated.\n";
        });
    }

    /**
     * The run-time resolution's {@code outcome} for {@code server}, applied by {@code answers} on the servers' thread
     * under the daemon's monitor, as {@code set server addr} is. Returns at once (the resolver's thread).
     */
    void resolved(final Server server, final DnsResolver.Outcome outcome, final DnsAnswers answers) {
        run(() -> {
            answers.apply(server, outcome, () -> renewPool(server));
            return "";
        });
    }

    /** What a DNS SRV answer did to {@code server}, applied as {@link #resolved} applies an outcome. */
    void srvChanged(final Server server, final dev.baton.dns.SrvChange change, final DnsAnswers answers) {
        run(() -> {
            answers.srvChanged(server, change, () -> renewPool(server));
            return "";
        });
    }

    /** Whether HAProxy 2.6 lets {@code p}'s algorithm take servers at run time (BE_LB_PROP_DYN). */
    static boolean dynamicAlgorithm(final ProxyConfig p) {
        final BalanceAlgorithm a = p.balance();
        return switch (a) {
            case ROUNDROBIN, LEASTCONN, FIRST, RANDOM -> true;
            case STATIC_RR -> false;
            default -> p.extras().balanceParams().consistent(); // the hashes: consistent only, not map-based
        };
    }

    private String addNow(final String backendName, final List<String> words) {
        final Generation g = current.get();
        final Backend backend = g.backends.get(backendName);
        if (backend == null) {
            return "No such backend.\n";
        }
        if (!dynamicAlgorithm(backend.config())) {
            return "Backend must use a dynamic load balancing to support dynamic servers.\n";
        }
        final DynamicServerParser.Result parsed = DynamicServerParser.parse(words, backend.config());
        if (parsed.error() != null) {
            return parsed.error() + "\n";
        }
        final ServerConfig config = parsed.server();
        if (backend.server(config.name()) != null) {
            return "Already exists a server with the same name in backend.\n";
        }
        final Server target;
        final String track = config.reactions().track();
        if (track != null) {
            final String[] found = new String[1];
            target = trackTarget(g, backend, track, found);
            if (target == null) {
                return found[0];
            }
        } else {
            target = null;
        }
        final ServerAddresses addresses = ServerAddresses.resolveOne(backendName, config);
        if (!addresses.errors().isEmpty()) {
            return addresses.errors().get(0) + "\n";
        }
        if (config.id() > 0) {
            final Server holder = backend.numbered(config.id() - 1);
            if (holder != null) { // HAProxy's refusal of an id in use
                return dev.baton.config.ServerIds.inUse(config.id(), holder.config()) + "\n";
            }
        }
        final int id = config.id() > 0 ? config.id() - 1 : backend.freeServerId();
        final Server server = new Server(backend, id, config, addresses.of(config));
        try {
            final boolean checkedOverTls = config.check().enabled() && config.tls().checksOverTls(config.check());
            final ServerTlsContext tls = ServerTlsContext.build(config, g.config.global().tls(), checkedOverTls);
            server.tls(config.ssl() ? tls : null);
            server.checkTls(checkedOverTls ? tls : null);
        } catch (final IOException e) {
            return "server '" + config.name() + "': " + e.getMessage() + "\n";
        }
        server.markDynamic();
        server.adminState(Server.AdminState.MAINT); // HAProxy: a dynamic server starts in maintenance...
        server.checkEnabled(false); // ...its checks paused until "enable health" / "enable agent"
        server.agent().enabled(false);
        if (target != null) {
            server.track(target);
        }
        transitions.watch(server);
        if (backend.config().mode() == Mode.HTTP) {
            serverPools.renew(proxies.length, server);
        }
        if (server.isChecked()) {
            g.checks.add(server, addresses.checkOf(config),
                backend.config().timeouts().checkConnectMs(config.check().interMs()), reactors, fds,
                transitions);
        }
        if (server.agent().configured()) {
            g.checks.addAgent(server, addresses.agentOf(config),
                backend.config().timeouts().checkConnectMs(config.agent().interMs()), reactors, fds,
                transitions);
        }
        backend.addServer(server);
        g.checks.startAdded(server);
        Logger.info("runtime API: server {} added (id {}, in maintenance until 'enable server')", server,
            server.id() + 1);
        return REGISTERED;
    }

    /**
     * The server {@code track} names for a dynamic server of {@code backend}, or null with HAProxy's refusal in
     * {@code error[0]}: it must exist, come from the configuration, and have a check or an agent.
     */
    private static Server trackTarget(final Generation g, final Backend backend, final String track,
                                      final String[] error) {
        final int slash = track.lastIndexOf('/');
        final Backend in = slash > 0 ? g.backends.get(track.substring(0, slash)) : backend;
        if (in == null) {
            error[0] = "unable to find required proxy '" + track.substring(0, slash) + "' for tracking.\n";
            return null;
        }
        final Server target = in.server(track.substring(slash + 1));
        if (target == null) {
            error[0] = "unable to find required server '" + track.substring(slash + 1) + "' for tracking.\n";
            return null;
        }
        if (target.isDynamic()) {
            error[0] = "unable to use " + in.name() + "/" + target.name()
                + " for tracking as it is a dynamic server.\n";
            return null;
        }
        if (!target.isChecked() && !target.agent().configured()) {
            error[0] = "unable to use " + in.name() + "/" + target.name()
                + " for tracking as it does not have any check nor agent enabled.\n";
            return null;
        }
        return target;
    }

    private String deleteNow(final String backendName, final String name) {
        final Generation g = current.get();
        final Backend backend = g.backends.get(backendName);
        if (backend == null) {
            return "No such backend.\n";
        }
        final Server server = backend.server(name);
        if (server == null) {
            return "No such server.\n";
        }
        if (!server.trackers().isEmpty() || namedByUseServer(backend, name)) {
            return "This server cannot be removed at runtime due to other configuration elements pointing to it.\n";
        }
        if (!server.isDisabled()) {
            return "Only servers in maintenance mode can be deleted.\n";
        }
        if (server.currConns() > 0 || server.queue().size() > 0) {
            return "Server still has connections attached to it, cannot remove it.\n";
        }
        backend.removeServer(server);
        server.untrack();
        g.checks.remove(server);
        server.runtime().retire();
        final ServerPool pool = serverPools.remove(server);
        if (pool != null) {
            closeIdle(pool);
        }
        Logger.info("runtime API: server {} deleted", server);
        return "Server deleted.\n";
    }

    /** Whether a {@code use-server} rule of {@code backend} names {@code server} (HAProxy: not purgeable). */
    private static boolean namedByUseServer(final Backend backend, final String server) {
        for (final ServerRules.UseServer u : backend.config().extras().serverRules().useServers()) {
            if (server.equals(u.name())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The server's address or TLS changed: it pools from now on in a fresh pool, and each reactor closes the idle
     * connections of the old one (those in use close when they come back: {@code ReactorPool#offerIdle}).
     */
    private void renewPool(final Server server) {
        if (serverPools.of(server) == null) {
            return; // a tcp backend's server: nothing pooled
        }
        closeIdle(serverPools.renew(proxies.length, server));
    }

    private void closeIdle(final ServerPool pool) {
        final List<ServerPool> retired = List.of(pool);
        for (int r = 0; r < proxies.length; r++) {
            final ReactorPool mine = pools[r];
            proxies[r].reloadStep(reactor -> mine.closeRetired(retired));
        }
    }
}
