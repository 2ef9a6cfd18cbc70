package dev.baton;

import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.backend.Server;
import dev.baton.backend.LoadBalancer;
import dev.baton.backend.balance.LoadBalancers;
import dev.baton.config.BackendSwitch;
import dev.baton.config.BatonConfig;
import dev.baton.config.Mode;
import dev.baton.config.BindConfig;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ServerConfig;
import dev.baton.health.CheckSpread;
import dev.baton.health.CheckTransitions;
import dev.baton.health.HealthChecks;
import dev.baton.http.HttpAcceptor;
import dev.baton.listener.Acceptor;
import dev.baton.listener.ConnectionLimits;
import dev.baton.listener.Frontend;
import dev.baton.listener.Listener;
import dev.baton.listener.ListenerPlan;
import dev.baton.listener.BindSlots;
import dev.baton.log.TrafficLog;
import dev.baton.pool.ReactorPool;
import dev.baton.queue.QueueInbox;
import dev.baton.pool.ServerPool;
import dev.baton.pool.ServerPools;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.ReactorGroup;
import dev.baton.stats.StatsCollector;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.StatsSource;
import dev.baton.stats.cli.RuntimeApi;
import dev.baton.stats.cli.command.Commands;
import dev.baton.sys.ClassPreloader;
import dev.baton.tls.TlsSetup;
import dev.baton.sys.Os;
import dev.baton.tcp.TcpAcceptor;
import org.tinylog.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private static final int LISTEN_BACKLOG = 1024;
    /** TLS record buffers each listener keeps for reuse (about 18 KiB each). */
    private static final int TLS_BUFFERS_RETAINED = 256;
    /** How long killing the streams left at the hard stop, then stopping the reactors, may take. */
    private static final long KILL_TIMEOUT_MS = 5_000;

    private final BatonConfig config;
    private final ReactorGroup reactors;
    /** The typed way into each reactor, by reactor id (control commands from this thread). */
    private final ReactorProxy[] proxies;
    private final FdBudget fds;
    private final ConnectionLimits limits;
    private final Map<String, Backend> backends = new LinkedHashMap<>();
    private final Map<String, Frontend> frontends = new LinkedHashMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    /** The contexts of the {@code bind ... ssl} lines, shared by the reactors' listeners. */
    private final TlsSetup tls;
    private final ReactorPool[] pools;
    private final Balancers[] balancers;
    private final TcpAcceptor[] tcpAcceptors;
    private final HttpAcceptor[] httpAcceptors;
    private final long fdLimit;
    private final RuntimeApi runtimeApi;
    private final HealthChecks checks;
    /** Every server transition's consequences, for the checks and the runtime API alike. */
    private final CheckTransitions transitions;
    private long startEpochMs = System.currentTimeMillis();
    private boolean started;
    private boolean stopped;

    public Daemon(final BatonConfig config) throws StartupException {
        this.checks = new HealthChecks(new CheckSpread(config.global().spreadChecks(),
            config.global().maxSpreadChecksMs(), null));
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
        // HAProxy sets the backends' default fullconn once the global maxconn is known, derived or not
        this.config = config.withFullconnResolved(maxconn);
        this.fds = new FdBudget((int) Math.min(Integer.MAX_VALUE, fdLimit));
        this.limits = new ConnectionLimits(maxconn);
        this.reactors = new ReactorGroup(nbthread, config.global().bufsize(), config.global().cpuMap());
        this.proxies = new ReactorProxy[nbthread];
        for (int r = 0; r < nbthread; r++) {
            proxies[r] = new ReactorProxy(reactors.get(r));
        }
        final ServerAddresses addresses = buildBackends();
        this.pools = buildPools(nbthread);
        this.transitions = new CheckTransitions(pools);
        buildChecks(addresses);
        this.balancers = buildBalancers(nbthread);
        this.tcpAcceptors = new TcpAcceptor[nbthread];
        this.httpAcceptors = new HttpAcceptor[nbthread];
        buildAcceptors(nbthread);
        buildFrontends();
        this.tls = TlsSetup.build(config);
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
        bindListeners();
        try {
            this.runtimeApi = RuntimeApi.open(config.global(), reactors.get(0), fds, this,
                Commands.registry(tls.certificates(), config.patterns()));
        } catch (final RuntimeApi.RuntimeApiException e) {
            closeListeners();
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

    /** Resolves every server address first (blocking, as {@code baton -c} does), then builds the backends. */
    private ServerAddresses buildBackends() throws StartupException {
        final ServerAddresses addresses = ServerAddresses.resolve(config);
        if (!addresses.errors().isEmpty()) {
            throw new StartupException(addresses.errors());
        }
        for (final ProxyConfig p : config.proxies()) {
            if (!p.kind().isBackend() || p.disabled()) {
                continue; // a disabled backend serves nothing: what is routed to it gets 503, as in HAProxy
            }
            final Backend backend = new Backend(p);
            int id = 0;
            for (final ServerConfig s : p.servers()) {
                backend.addServer(new Server(backend, id++, s, addresses.of(s)));
            }
            backend.initAvailability(System.nanoTime());
            backends.put(p.name(), backend);
        }
        linkTrackers();
        return addresses;
    }

    /** {@code track [BACKEND/]SERVER}: each tracker follows its target (the configuration checked both exist). */
    private void linkTrackers() {
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

    /** A health check for every server with {@code check}, an agent check for each with {@code agent-check}. */
    private void buildChecks(final ServerAddresses addresses) {
        final CheckTransitions events = transitions;
        for (final Backend b : backends.values()) {
            for (final Server s : b.servers()) {
                events.watch(s);
                if (s.isChecked()) {
                    checks.add(s, addresses.checkOf(s.config()),
                        b.config().timeouts().checkConnectMs(s.config().check().interMs()), reactors, fds, events);
                }
                final InetSocketAddress agentAt = addresses.agentOf(s.config());
                if (agentAt != null && (s.config().agent().addr() != null || s.config().check().addr() != null)) {
                    s.agent().addr(agentAt.getAddress()); // shown by show servers state, with or without agent-check
                }
                if (s.agent().configured()) {
                    checks.addAgent(s, addresses.agentOf(s.config()),
                        b.config().timeouts().checkConnectMs(s.config().agent().interMs()), reactors, fds, events);
                }
            }
        }
    }

    /** Each reactor's balancers: one per backend, seeded differently so that reactors do not pick in step. */
    private Balancers[] buildBalancers(final int nbthread) {
        final Balancers[] out = new Balancers[nbthread];
        for (int r = 0; r < nbthread; r++) {
            final Map<Backend, LoadBalancer> mine = new IdentityHashMap<>();
            for (final Backend b : backends.values()) {
                mine.put(b, LoadBalancers.create(b, b.config().balance(), 0x9E3779B97F4A7C15L * (r + 1)));
            }
            out[r] = new Balancers(r, mine, new QueueInbox(reactors.get(r)));
        }
        return out;
    }

    /**
     * One pool per reactor over the servers of HTTP backends, each of which gets its idle pool (TCP
     * backends never pool: a TCP stream's server connection dies with it, though it is dialled through the
     * same reactor pool).
     */
    private ReactorPool[] buildPools(final int nbthread) {
        final List<Server> pooled = new ArrayList<>();
        for (final Backend b : backends.values()) {
            if (b.config().mode() == Mode.HTTP) {
                pooled.addAll(b.servers());
            }
        }
        final ServerPools serverPools = ServerPools.build(nbthread, pooled);
        final ReactorPool[] out = new ReactorPool[nbthread];
        for (int r = 0; r < nbthread; r++) {
            out[r] = new ReactorPool(reactors.get(r), fds, config.idlePool(), serverPools);
        }
        ReactorPool.link(out);
        return out;
    }

    private void buildFrontends() {
        for (final ProxyConfig p : config.frontends()) {
            if (p.disabled()) {
                continue; // a disabled frontend binds nothing
            }
            final String backendName = p.kind().isBackend() ? p.name() : p.defaultBackend();
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
    }

    /**
     * One acceptor per reactor and mode, given to that reactor's listeners: it holds the reactor's pool,
     * balancers and request workspaces for the streams it starts.
     */
    private void buildAcceptors(final int nbthread) {
        final Supplier<StatsSnapshot> snapshots = () -> StatsCollector.collect(this, System.currentTimeMillis());
        for (int r = 0; r < nbthread; r++) {
            httpAcceptors[r] = new HttpAcceptor(reactors.get(r), pools[r], balancers[r], limits, snapshots, this);
            tcpAcceptors[r] = new TcpAcceptor(reactors.get(r), pools[r], balancers[r], limits, httpAcceptors[r]);
        }
    }

    private void bindListeners() throws StartupException {
        final List<String> errors = new ArrayList<>();
        for (final Frontend fe : frontends.values()) {
            final int[] ids = ListenerPlan.listenerIds(fe.config().binds());
            for (int b = 0; b < ids.length; b++) {
                final BindConfig bind = fe.config().binds().get(b);
                final String error = bindOne(fe, bind, ids[b]);
                if (error != null) {
                    errors.add(error);
                }
            }
        }
        if (!errors.isEmpty()) {
            closeListeners();
            throw new StartupException(errors);
        }
    }

    /**
     * Opens {@code bind}'s listeners: one per reactor of its thread set for a TCP address (SO_REUSEPORT), one on
     * the first reactor of the set for a single socket (Unix, abstract, inherited). The error line, or null.
     */
    private String bindOne(final Frontend fe, final BindConfig bind, final int listenerId) {
        final long threads = ListenerPlan.threads(bind, reactors.size(), fe.name());
        final BindSlots slots = bind.options().maxconn() > 0 ? new BindSlots(bind.options().maxconn(), limits) : null;
        final int backlog = bind.backlog() > 0 ? bind.backlog() : LISTEN_BACKLOG;
        int port = bind.port();
        for (int r = 0; r < reactors.size(); r++) {
            if ((threads & (1L << r)) == 0) {
                continue;
            }
            try {
                final Acceptor acceptor = fe.config().mode() == Mode.HTTP ? httpAcceptors[r] : tcpAcceptors[r];
                final Listener l = Listener.bound(reactors.get(r), fe, acceptor, bind, port, backlog,
                    config.global().unixBind(), limits, fds, slots, listenerId);
                if (bind.tls() != null) {
                    l.terminateTls(tls.context(bind), TLS_BUFFERS_RETAINED);
                }
                port = l.localPort();
                listeners.add(l);
            } catch (final IOException e) {
                return bind.where() + ": frontend '" + fe.name() + "': cannot bind " + bind.display() + ": "
                    + e.getMessage();
            }
            if (bind.family() != BindConfig.Family.INET) {
                break; // one socket: a single reactor accepts from it
            }
        }
        return null;
    }

    /** Registers the listeners and the runtime API, and starts the reactor threads. */
    public void start() throws InterruptedException, IOException {
        for (final Listener l : listeners) {
            l.register();
        }
        runtimeApi.register();
        startEpochMs = System.currentTimeMillis();
        reactors.start();
        started = true;
        checks.start();
        Logger.info("baton started: {} reactor(s), maxconn {}, {} file descriptors, {} listener socket(s)",
            reactors.size(), limits.globalMax(), fds.maxsock(), listeners.size());
    }

    /**
     * Graceful stop, run inside the reactors: each closes its listeners and asks its streams to stop
     * gracefully ({@link dev.baton.reactor.Killable#softStop}: idle HTTP keep-alive clients close at once,
     * requests under way finish with {@code Connection: close}), and says when its last stream is gone. Streams
     * still alive after {@code hardStopAfterMs} (0: no limit) are killed; then the idle server connections
     * are closed and the reactors stop. Idempotent.
     */
    public void stop(final long hardStopAfterMs) throws InterruptedException {
        if (stopped) {
            return;
        }
        stopped = true;
        if (!started) {
            closeListeners();
            runtimeApi.close();
            runtimeApi.removeSocketFiles();
            return;
        }
        checks.stop();
        final int n = reactors.size();
        final CountDownLatch drained = new CountDownLatch(n);
        proxies[0].closeRuntimeApi(runtimeApi);
        // Each reactor closes its listeners before its streams are asked to stop (its inbox keeps the order).
        for (final Listener l : listeners) {
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
        return checks;
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
        for (final Listener l : listeners) {
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
        return config;
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
        return java.util.Collections.unmodifiableCollection(backends.values());
    }

    @Override
    public Backend backend(final String name) {
        return backends.get(name);
    }

    @Override
    public Frontend frontend(final String name) {
        return frontends.get(name);
    }

    @Override
    public List<Listener> listeners() {
        return Collections.unmodifiableList(listeners);
    }

    /** The port a frontend's first bind line actually listens on. */
    public int port(final String frontend) {
        for (final Listener l : listeners) {
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
