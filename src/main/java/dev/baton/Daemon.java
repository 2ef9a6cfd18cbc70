package dev.baton;

import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.backend.Server;
import dev.baton.backend.balance.LoadBalancers;
import dev.baton.config.BatonConfig;
import dev.baton.config.ProxyConfig;
import dev.baton.config.StatsSocketConfig;
import dev.baton.config.TuneSettings;
import dev.baton.dns.DnsResolver;
import dev.baton.peers.PeersService;
import dev.baton.health.CheckTransitions;
import dev.baton.health.HealthChecks;
import dev.baton.http.HttpAcceptor;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.listener.Listener;
import dev.baton.pool.ReactorPool;
import dev.baton.queue.QueueInbox;
import dev.baton.pool.ServerPool;
import dev.baton.pool.ServerPools;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.ReactorGroup;
import dev.baton.stats.StatsCollector;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.Reloader;
import dev.baton.stats.StatsSource;
import dev.baton.stats.cli.RuntimeApi;
import dev.baton.stats.cli.command.Commands;
import dev.baton.sys.ClassPreloader;
import dev.baton.sys.Os;
import dev.baton.tcp.TcpAcceptor;
import org.tinylog.Logger;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A running baton: the reactors, the listeners of every frontend, the backends and their servers, built
 * from one validated configuration. Constructed and controlled by one thread (the main thread, or a test);
 * from {@link #start()} on, traffic runs on the reactors only.
 *
 * <p>Lifecycle: {@code new Daemon(config)} resolves server addresses and binds every listener and
 * {@code stats socket} (so a bind error is reported before anything runs); {@link #start()} starts the
 * reactors; {@link #stop(long)} closes the runtime API and stops accepting, waits for streams to end up to
 * the hard-stop delay, kills the rest, stops the reactors and removes the unix stats socket files.
 *
 * <p>As a {@link StatsSource}, it is what the runtime API (served on reactor 0) reads and changes.
 */
public final class Daemon implements AutoCloseable, StatsSource {
    /** File descriptors kept aside for the JVM itself (jars, selectors, pipes) when deriving maxconn. */
    static final int RESERVED_FDS = 64;
    /** How long killing the streams left at the hard stop, then stopping the reactors, may take. */
    private static final long KILL_TIMEOUT_MS = 5_000;

    private final ReactorGroup reactors;
    /** The typed way into each reactor, by reactor id (control commands from this thread). */
    private final ReactorProxy[] proxies;
    private final FdBudget fds;
    private final ConnectionLimits limits;
    /** The configuration in force and what it shaped; replaced whole by a reload (docs/reload.md). */
    private volatile Generation current;
    /** Builds each generation over the process-wide parts. */
    private final GenerationBuilder builder;
    /** Which servers pool, by runtime: the map is replaced by each reload. */
    private final ServerPools serverPools;
    private final ReactorPool[] pools;
    private final Balancers[] balancers;
    private final TcpAcceptor[] tcpAcceptors;
    private final HttpAcceptor[] httpAcceptors;
    private final long fdLimit;
    private final RuntimeApi runtimeApi;
    /** Every server transition's consequences, for the checks and the runtime API alike. */
    private final CheckTransitions transitions;
    /** Switches generations at a reload. */
    private final GenerationSwitch switcher;
    /** The runtime API's add/del server and address changes. */
    private final DynamicServers dynamicServers;
    /** What runs {@code reload}; null until the command line sets one up. */
    private volatile Reloader reloader;
    private long startEpochMs = System.currentTimeMillis();
    private boolean started;
    private boolean stopped;

    public Daemon(final BatonConfig config) throws StartupException {
        this(config, List.of());
    }

    /**
     * As {@link #Daemon(BatonConfig)}, the runtime API also listening on {@code masterSockets} (the command line's
     * {@code -S}): sockets of the process, kept by every reload.
     */
    public Daemon(final BatonConfig config, final List<StatsSocketConfig> masterSockets) throws StartupException {
        ClassPreloader.loadAll(Daemon.class); // no class file to open once descriptors may run short
        final int nbthread = config.global().nbthread() > 0
            ? config.global().nbthread() : Runtime.getRuntime().availableProcessors();
        this.fdLimit = config.global().process().boundedFileLimit(Os.fileLimit());
        final int listenerSockets = countBinds(config) * nbthread;
        final int maxconn = config.global().maxconn() > 0
            ? config.global().maxconn()
            : (int) Math.max(1, Math.min(1_000_000, (fdLimit - RESERVED_FDS - listenerSockets) / 2));
        final long maxsock = (long) maxconn * 2 + listenerSockets + RESERVED_FDS;
        if (maxsock > fdLimit) {
            // HAProxy 2.6's check and words; fatal under strict-limits (its default), an alert otherwise
            final String tooLow = "FD limit (" + fdLimit + ") too low for maxconn=" + maxconn + "/maxsock=" + maxsock
                + ". Please raise 'ulimit-n' to " + maxsock + " or more to avoid any trouble";
            if (config.global().process().strictLimits()) {
                throw new StartupException(List.of(tooLow + " (or lower 'maxconn', or set 'no strict-limits' to start "
                    + "anyway: past the limit, accept pauses and new server connections fail)"));
            }
            Logger.warn("{}; past the limit, accept pauses and new server connections fail", tooLow);
        }
        this.fds = new FdBudget((int) Math.min(Integer.MAX_VALUE, fdLimit));
        this.limits = new ConnectionLimits(maxconn);
        this.reactors = new ReactorGroup(nbthread, config.global().bufsize(), config.global().cpuMap());
        this.proxies = new ReactorProxy[nbthread];
        for (int r = 0; r < nbthread; r++) {
            proxies[r] = new ReactorProxy(reactors.get(r));
        }
        this.serverPools = ServerPools.build(nbthread, List.of());
        this.pools = buildPools(nbthread, config);
        this.transitions = new CheckTransitions(pools);
        this.balancers = buildBalancers(nbthread);
        this.tcpAcceptors = new TcpAcceptor[nbthread];
        this.httpAcceptors = new HttpAcceptor[nbthread];
        buildAcceptors(nbthread, config.global().headLimit(), config.global().tune());
        this.switcher = new GenerationSwitch(proxies, serverPools, pools, balancers);
        this.builder = new GenerationBuilder(reactors, proxies, fds, limits, httpAcceptors, tcpAcceptors, serverPools,
            transitions);
        // HAProxy sets the backends' default fullconn once the global maxconn is known, derived or not
        final Generation first = builder.build(config.withFullconnResolved(maxconn), null, false);
        serverPools.replace(first.serverPools);
        this.current = first;
        this.dynamicServers = new DynamicServers(this, () -> current, reactors, fds, transitions, serverPools, proxies,
            pools);
        try {
            openDns(first);
        } catch (final IOException e) {
            closeListeners();
            throw new StartupException(List.of("resolvers: cannot open a UDP socket: " + e.getMessage()));
        }
        try {
            first.peers = PeersService.create(config.peers(), first.stickTables, Set.of());
        } catch (final IOException e) {
            closeListeners();
            throw new StartupException(List.of(e.getMessage()));
        }
        try {
            this.runtimeApi = RuntimeApi.open(config.global(), masterSockets, reactors.get(0), fds, this,
                Commands.registry(() -> current.tls.certificates(), () -> current.config.patterns()));
        } catch (final RuntimeApi.RuntimeApiException e) {
            closeListeners();
            if (first.peers != null) {
                first.peers.stop();
            }
            throw new StartupException(e.problems());
        }
    }

    private static int countBinds(final BatonConfig config) {
        int n = 0;
        for (final ProxyConfig p : config.frontends()) {
            n += p.binds().size();
        }
        return n;
    }

    /** Each reactor's balancers: one per backend, seeded differently so that reactors do not pick in step. */
    private Balancers[] buildBalancers(final int nbthread) {
        final Balancers[] out = new Balancers[nbthread];
        for (int r = 0; r < nbthread; r++) {
            final long seed = 0x9E3779B97F4A7C15L * (r + 1);
            out[r] = new Balancers(r, Map.of(), new QueueInbox(reactors.get(r)),
                b -> LoadBalancers.create(b, b.config().balance(), seed));
        }
        return out;
    }

    /**
     * One pool per reactor over the shared map of server pools (each generation's HTTP servers get their idle
     * pool; TCP backends never pool: a TCP stream's server connection dies with it, though it is dialled through
     * the same reactor pool).
     */
    private ReactorPool[] buildPools(final int nbthread, final BatonConfig config) {
        final ReactorPool[] out = new ReactorPool[nbthread];
        for (int r = 0; r < nbthread; r++) {
            out[r] = new ReactorPool(reactors.get(r), fds, config.idlePool(), serverPools,
                config.global().tune().server());
        }
        ReactorPool.link(out);
        return out;
    }

    /**
     * One acceptor per reactor and mode, given to that reactor's listeners: it holds the reactor's pool,
     * balancers and request workspaces (heads up to {@code headLimit} bytes) for the streams it starts.
     */
    private void buildAcceptors(final int nbthread, final int headLimit, final TuneSettings tune) {
        final Supplier<StatsSnapshot> snapshots = () -> StatsCollector.collect(this, System.currentTimeMillis());
        for (int r = 0; r < nbthread; r++) {
            httpAcceptors[r] = new HttpAcceptor(reactors.get(r), pools[r], balancers[r], limits, snapshots, this,
                headLimit, tune);
            tcpAcceptors[r] = new TcpAcceptor(reactors.get(r), pools[r], balancers[r], limits, httpAcceptors[r]);
        }
    }

    /**
     * Reloads in place (docs/reload.md): builds the generation of {@code loaded} (a configuration already loaded
     * and checked) over the running one and switches to it. Throws with the errors when it cannot be built
     * (addresses, certificates, binds): then nothing changed. Returns the lines saying what changed, and what
     * needs a restart. The reload thread, one at a time; only once started.
     */
    synchronized List<String> reload(final BatonConfig loaded) throws StartupException {
        if (!started || stopped) {
            throw new StartupException(List.of("baton is not running: nothing to reload"));
        }
        final Generation old = current;
        final List<String> lines = new ArrayList<>(GenerationSwitch.needRestart(old.config.global(), loaded.global()));
        final Generation next = builder.build(loaded.withFullconnResolved(limits.globalMax()), old, true);
        try {
            openDns(next);
        } catch (final IOException e) {
            Logger.error("resolvers: cannot open a UDP socket, the servers' names are not resolved at run time: {}",
                e.getMessage());
        }
        lines.addAll(switcher.run(old, next, g -> current = g));
        if (old.dns != null) {
            old.dns.stop();
        }
        restartPeers(old, next);
        if (next.dns != null) {
            next.dns.start();
        }
        return lines;
    }

    /**
     * The peers of {@code next} take over from those of {@code old}: the old service ends its sessions and frees its
     * ports, the new one listens and dials (remote peers see their session end and redial). A section whose tables
     * all carried over learns nothing from its peers. A port the new one cannot bind is logged: its tables then stay
     * unshared until the next reload.
     */
    private void restartPeers(final Generation old, final Generation next) {
        if (old.peers != null) {
            old.peers.stop();
        }
        final Set<dev.baton.stick.StickTable> kept = new HashSet<>();
        for (final dev.baton.stick.StickTable t : next.stickTables.all()) {
            if (old.stickTables.contains(t) || t.changes() != null && t.used() > 0) {
                kept.add(t); // the same table, or one that started from the old one's entries
            }
        }
        try {
            next.peers = PeersService.create(next.config.peers(), next.stickTables, kept);
        } catch (final IOException e) {
            Logger.error("{}; the tables of that section are not shared until the next reload", e.getMessage());
            return;
        }
        if (next.peers != null) {
            next.peers.start();
        }
    }

    /** Opens the run-time name resolution of {@code g}'s servers (none when no server names a resolvers section). */
    private void openDns(final Generation g) throws IOException {
        final List<Server> servers = new ArrayList<>();
        for (final Backend b : g.backends.values()) {
            servers.addAll(b.servers());
        }
        final DnsAnswers answers = new DnsAnswers();
        g.dns = DnsResolver.create(g.config.resolvers(), servers, new DnsResolver.Sink() {
            @Override
            public void resolved(final Server server, final DnsResolver.Outcome outcome) {
                dynamicServers.resolved(server, outcome, answers);
            }

            @Override
            public void srvChanged(final Server server, final dev.baton.dns.SrvChange change) {
                dynamicServers.srvChanged(server, change, answers);
            }
        });
    }

    /** Sets what runs {@code reload} for the runtime API. */
    void reloader(final Reloader r) {
        this.reloader = r;
    }

    @Override
    public Reloader reloader() {
        return reloader;
    }

    @Override
    public dev.baton.peers.PeersSnapshot peersSnapshot() {
        final PeersService p = current.peers;
        return p == null ? null : p.snapshot();
    }

    @Override
    public dev.baton.stats.ServerEditor serverEditor() {
        return dynamicServers;
    }

    /** Registers the listeners and the runtime API, and starts the reactor threads. */
    public void start() throws InterruptedException, IOException {
        final Generation g = current;
        for (final Listener l : g.listeners) {
            l.register();
        }
        runtimeApi.register();
        startEpochMs = System.currentTimeMillis();
        reactors.start();
        started = true;
        g.checks.start();
        if (g.dns != null) {
            g.dns.start();
        }
        if (g.peers != null) {
            g.peers.start();
        }
        Logger.info("baton started: {} reactor(s), maxconn {}, {} file descriptors, {} listener socket(s)",
            reactors.size(), limits.globalMax(), fds.maxsock(), g.listeners.size());
    }

    /**
     * Graceful stop, run inside the reactors: each closes its listeners and asks its streams to stop
     * gracefully ({@link dev.baton.reactor.Killable#softStop}: idle HTTP keep-alive clients close at once,
     * requests under way finish with {@code Connection: close}), and says when its last stream is gone. Streams
     * still alive after {@code hardStopAfterMs} (0: no limit) are killed; then the idle server connections
     * are closed and the reactors stop. Idempotent.
     */
    public synchronized void stop(final long hardStopAfterMs) throws InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        dynamicServers.close();
        if (!started) {
            closeListeners();
            if (current.peers != null) {
                current.peers.stop();
            }
            runtimeApi.close();
            runtimeApi.removeSocketFiles();
            return;
        }
        final Generation g = current;
        g.checks.stop();
        if (g.dns != null) {
            g.dns.stop();
        }
        if (g.peers != null) {
            g.peers.stop();
        }
        final int n = reactors.size();
        final CountDownLatch drained = new CountDownLatch(n);
        proxies[0].closeRuntimeApi(runtimeApi);
        // Each reactor closes its listeners before its streams are asked to stop (its inbox keeps the order).
        for (final Listener l : g.listeners) {
            proxies[l.reactor().id()].closeListener(l);
        }
        for (int i = 0; i < n; i++) {
            if (!proxies[i].softStop(drained::countDown)) {
                drained.countDown();
            }
        }
        final boolean done = hardStopAfterMs > 0 ? drained.await(hardStopAfterMs, TimeUnit.MILLISECONDS)
            : awaitForever(drained);
        if (!done) {
            Logger.warn("hard-stop-after reached: killing {} remaining connection(s)", liveStreams());
            final CountDownLatch killed = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                if (!proxies[i].killAll(killed::countDown)) {
                    killed.countDown();
                }
            }
            killed.await(KILL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        for (final ReactorPool pool : pools) {
            proxies[pool.reactor().id()].closeIdlePool(pool);
        }
        reactors.stop(KILL_TIMEOUT_MS);
        // Reactor 0 has stopped: if it did not get to close the runtime API, its channels are nobody's now.
        runtimeApi.close();
        runtimeApi.removeSocketFiles();
    }

    private static boolean awaitForever(final CountDownLatch latch) throws InterruptedException {
        latch.await();
        return true;
    }

    @Override
    public CheckTransitions transitions() {
        return transitions;
    }

    /** The servers' health checks (tests stop them before checking that the daemon is at rest). */
    public HealthChecks healthChecks() {
        return current.checks;
    }

    /** The reactor pools, indexed by reactor id (for the runtime API and tests). */
    public ReactorPool pool(final int reactorId) {
        return pools[reactorId];
    }

    /** Stops at once (hard stop after 1 ms); for tests and error paths. Keeps the interrupt status. */
    @Override
    public void close() {
        try {
            stop(1);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeListeners() {
        for (final Listener l : current.listeners) {
            l.close();
        }
    }

    /** A heartbeat over every reactor, for the systemd watchdog. Any thread. */
    public ReactorHeartbeat heartbeat() {
        return new ReactorHeartbeat(proxies);
    }

    /** Streams alive on every reactor. Any thread. */
    @Override
    public int liveStreams() {
        int n = 0;
        for (int i = 0; i < reactors.size(); i++) {
            n += reactors.get(i).live().size();
        }
        return n;
    }

    @Override
    public BatonConfig config() {
        return current.config;
    }

    @Override
    public long startEpochMs() {
        return startEpochMs;
    }

    @Override
    public long fileLimit() {
        return fdLimit;
    }

    /** The runtime API ({@code stats socket}s); for tests. */
    public RuntimeApi runtimeApi() {
        return runtimeApi;
    }

    @Override
    public ReactorGroup reactors() {
        return reactors;
    }

    @Override
    public FdBudget fds() {
        return fds;
    }

    @Override
    public ServerPool serverPool(final Server server) {
        return pools[0].serverPools().of(server);
    }

    @Override
    public ConnectionLimits limits() {
        return limits;
    }

    /** Every backend, in configuration order. */
    public java.util.Collection<Backend> backends() {
        return current.backends.values();
    }

    @Override
    public Backend backend(final String name) {
        return current.backends.get(name);
    }

    @Override
    public Frontend frontend(final String name) {
        return current.frontends.get(name);
    }

    @Override
    public List<Listener> listeners() {
        return current.listeners;
    }

    /** The port a frontend's first bind line actually listens on. */
    public int port(final String frontend) {
        for (final Listener l : current.listeners) {
            if (l.frontend().name().equals(frontend)) {
                return l.localPort();
            }
        }
        throw new IllegalArgumentException("no listener for frontend " + frontend);
    }

    /** The reactor running thread {@code id}; convenience for tests. */
    public Reactor reactor(final int id) {
        return reactors.get(id);
    }
}
