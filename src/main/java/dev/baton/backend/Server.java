package dev.baton.backend;

import dev.baton.config.AgentCheckOptions;
import dev.baton.config.ServerConfig;
import dev.baton.queue.PendingQueue;
import dev.baton.reactor.Peaks;
import dev.baton.counters.SlidingTime;
import dev.baton.counters.TrafficCounters;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;

/**
 * A backend server at run time: its resolved address, its current weight and administrative state, and
 * its connection counters. Shared by every reactor: all mutable fields are volatile or atomic, so any
 * reactor may read them without a lock. The weight (and {@code maxconn}) is changed by the runtime API (reactor 0)
 * and by the server's agent check ({@code N%}, {@code maxconn:N}, on the agent's reactor): plain volatile writes,
 * the last one wins, as in HAProxy; the state by the runtime API, the stats page's admin forms and the agent's
 * {@code drain}/{@code maint}/{@code ready}, on whichever reactor serves them.
 *
 * <p>Administrative state, as HAProxy's: {@link AdminState#MAINT} ({@link #isDisabled()}: the
 * {@code disabled} keyword, {@code disable server}, {@code set server ... state maint}) and
 * {@link AdminState#DRAIN} ({@code set server ... state drain}) both keep the balancers away while the
 * connections already established carry on; they differ for idle connections (kept for a draining server,
 * not for one in maintenance) and in what the statistics show. The state is one {@link ServerState} value,
 * replaced whole by each change (a compare-and-set), so concurrent changes from several threads never mix:
 * {@code maint} and {@code drain} asked for at once end in one of them, never in neither.
 */
public final class Server {
    /** HAProxy's BE_WEIGHT_SCALE: the effective weight is the weight times a factor up to this. */
    public static final int FULL_RAMP = 16;

    private final TrafficCounters counters = new TrafficCounters();
    /** Time spent waiting for a slot by the streams that connected (HAProxy's q_time, qtime_max). */
    private final SlidingTime queueTime = new SlidingTime();
    private final Backend backend;
    private final ServerConfig config;
    private dev.baton.tls.ServerTlsContext tls;
    private dev.baton.tls.ServerTlsContext checkTls;
    private final int id;
    private final String name;
    private final InetSocketAddress address;
    /** A {@code unix@PATH} server's socket; null for any other. */
    private final SocketAddress unixAddress;
    private final int initialWeight;
    /** {@code maxconn}; changed by an agent's {@code maxconn:N} and {@code set maxconn server}. */
    private volatile int maxconn;
    /** {@code minconn} as HAProxy keeps it (equal to {@link #maxconn} for a static limit); follows maxconn changes. */
    private volatile int minconn;
    private final boolean backup;

    private final boolean checked;
    /**
     * Told when the server enters or leaves maintenance ({@code slowstart}, {@code on-marked-down}), on the
     * changing thread; they must not block. Filled at start-up, read-only once the reactors run.
     */
    private final List<Runnable> maintListeners = new ArrayList<>();
    /** {@code track}: the server whose state this one follows, or null; set at start-up. */
    private Server tracked;
    /** The servers tracking this one; filled at start-up, read-only once the reactors run. */
    private final List<Server> trackers = new ArrayList<>();
    private volatile int weight;
    /**
     * {@code slowstart}'s share of the weight, in HAProxy's sixteenths (BE_WEIGHT_SCALE): {@link #FULL_RAMP} but
     * while a server that came back UP warms up; one writer, the reactor that owns its check.
     */
    private volatile int rampFactor = FULL_RAMP;
    private final AtomicReference<ServerState> state;

    /** The last health check's outcome; written by the server's one check, read by the statistics. */
    private volatile CheckReport lastCheck = CheckReport.INITIAL;
    /** A check's connection is open (HAProxy's CHK_ST_INPROGRESS); written by the server's one check. */
    private volatile boolean checkInProgress;
    /** False after {@code disable health}. */
    private volatile boolean checkEnabled = true;
    /** {@code set server ... check-port}; 0: the configured check address. */
    private volatile int checkPort;
    /** Failed checks while the server was not already at health 0 (HAProxy's chkfail). */
    private final AtomicLong failedChecks = new AtomicLong();
    /** UP to DOWN transitions the checks made (HAProxy's chkdown). */
    private final AtomicLong downTransitions = new AtomicLong();

    /** The agent check's runtime settings and last outcome. */
    private final AgentRuntime agent;

    /** {@code observe}: the streams' reports of errors and successes. */
    private final PassiveHealth passive;

    /** Connections currently established or being established to this server (HAProxy's srv_conn). */
    private final AtomicInteger currConns = new AtomicInteger();
    /** Highest value {@link #currConns} reached. */
    private final AtomicInteger maxConns = new AtomicInteger();
    /** Streams bound to this server waiting for one of its slots; guarded by the backend's queue lock. */
    private final PendingQueue queue = new PendingQueue();
    /** {@code maxqueue}: how many may wait in {@link #queue}; 0 for no limit. */
    private final int maxqueue;
    /**
     * How many queued streams the last state change moved (HAProxy's "requeued" in its line): written by the
     * changing thread right after its compare-and-set, read by the line it builds next.
     */
    private volatile int lastQueueMoves;

    public Server(final Backend backend, final int id, final ServerConfig config, final InetSocketAddress address) {
        this.backend = backend;
        this.config = config;
        this.id = id;
        this.name = config.name();
        this.address = address;
        this.unixAddress = config.isUnix() && !config.abns() ? UnixDomainSocketAddress.of(config.path()) : null;
        this.initialWeight = config.weight();
        this.weight = config.weight();
        this.maxconn = DynamicMaxconn.normalizedMaxconn(config.maxconn(), config.minconn());
        this.minconn = DynamicMaxconn.normalizedMinconn(config.maxconn(), config.minconn());
        this.maxqueue = config.maxqueue();
        this.backup = config.backup();
        // HAProxy 2.6 starts a server UP with health = rise: a checked one's first failed check takes it DOWN;
        // an unchecked one shows it in show servers state.
        this.state = new AtomicReference<>(ServerState.initial(config.disabled() ? ServerState.MAINT : 0,
            config.check().rise(), System.nanoTime()));
        this.checked = config.check().enabled();
        this.passive = new PassiveHealth(config.reactions());
        this.agent = new AgentRuntime(config);
    }

    /** The passive health analysis ({@code observe}) the streams report to. */
    public PassiveHealth passive() {
        return passive;
    }

    /** The server line as configured (after default-server). */
    public ServerConfig config() {
        return config;
    }

    /** Its TLS context ({@code ssl}), or null; set once at start-up, before the reactors run. */
    public dev.baton.tls.ServerTlsContext tls() {
        return tls;
    }

    /** At start-up, before the reactors run (their start publishes it). */
    public void tls(final dev.baton.tls.ServerTlsContext context) {
        this.tls = context;
    }

    /** The TLS context of its health checks ({@code check-ssl}, or {@code ssl}'s own), or null. */
    public dev.baton.tls.ServerTlsContext checkTls() {
        return checkTls;
    }

    /** At start-up, before the reactors run. */
    public void checkTls(final dev.baton.tls.ServerTlsContext context) {
        this.checkTls = context;
    }

    public Backend backend() {
        return backend;
    }

    /** Position of this server in its backend's server list, 0-based, stable for the process's life. */
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The resolved IP address and port; null for a Unix server. The port is the offset when ports are mapped. */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * Where a new connection for a client that connected to local port {@code clientPort} goes: the Unix socket,
     * the client's port plus the offset when the server maps ports (HAProxy's SRV_F_MAPPORTS; allocates), else
     * {@link #address()}. Null for an abstract socket, which is dialled by name ({@code config().path()}).
     */
    public SocketAddress dialAddress(final int clientPort) {
        if (config.isUnix()) {
            return unixAddress;
        }
        return config.mapPorts() ? new InetSocketAddress(address.getAddress(), clientPort + config.port()) : address;
    }

    public int initialWeight() {
        return initialWeight;
    }

    public int weight() {
        return weight;
    }

    /**
     * HAProxy's effective weight (eweight) that the dynamic balancers share the traffic by: the weight in
     * sixteenths, lowered while {@code slowstart} ramps it. Any thread.
     */
    public int eweight() {
        return weight * rampFactor;
    }

    /** The weight {@code show stat} shows: the effective weight rounded up to whole units, as HAProxy shows it. */
    public int shownWeight() {
        return (weight * rampFactor + FULL_RAMP - 1) / FULL_RAMP;
    }

    /** {@code slowstart}'s factor (1..{@link #FULL_RAMP}) from now on. The reactor that owns the server's check. */
    public void rampFactor(final int factor) {
        final int before = rampFactor;
        rampFactor = factor;
        if (factor > before) {
            offerIfWaiting(); // a warm-up step raised the dynamic limit: waiters take the room
        }
    }

    /** {@code slowstart}'s current factor ({@link #FULL_RAMP}: not ramping). Any thread. */
    public int rampFactor() {
        return rampFactor;
    }

    public void weight(final int weight) {
        this.weight = weight;
        backend.refreshAvailability(System.nanoTime());
    }

    /** Per-server connection limit; 0 means unlimited. */
    public int maxconn() {
        return maxconn;
    }

    /** Sets the connection limit (an agent's {@code maxconn:N}); established connections carry on. Any thread. */
    public void maxconn(final int maxconn) {
        final int before = this.maxconn;
        this.minconn = DynamicMaxconn.minconnAfterMaxconnChange(before, minconn, maxconn);
        this.maxconn = maxconn;
        if (before != 0 && (maxconn == 0 || maxconn > before)) {
            offerIfWaiting(); // more room: waiters take it now (docs/queues.md Q9)
        }
    }

    public boolean isBackup() {
        return backup;
    }

    /** The whole state, as one consistent value. Any thread. */
    public ServerState state() {
        return state.get();
    }

    /** In maintenance (whether or not also draining). */
    public boolean isDisabled() {
        return state.get().maint();
    }

    /**
     * Puts the server in or out of maintenance, leaving a drain as it is ({@code disable/enable server}); returns
     * the states before and after.
     */
    public ServerState[] disabled(final boolean disabled) {
        return changeAdmin(f -> disabled ? f | ServerState.MAINT : f & ~ServerState.MAINT);
    }

    /** True in drain mode: no new connection from the balancers; existing ones carry on. */
    public boolean isDraining() {
        return state.get().drain();
    }

    /** Puts the server in or out of drain mode; returns the states before and after. */
    public ServerState[] draining(final boolean draining) {
        return changeAdmin(f -> draining ? f | ServerState.DRAIN : f & ~ServerState.DRAIN);
    }

    /** The administrative state: maintenance wins over drain. */
    public AdminState adminState() {
        return state.get().admin();
    }

    /**
     * Sets the administrative state as {@code set server B/S state} does: each state clears the others; returns
     * the states before and after.
     */
    public ServerState[] adminState(final AdminState admin) {
        final int flags = admin == AdminState.MAINT ? ServerState.MAINT
            : admin == AdminState.DRAIN ? ServerState.DRAIN : 0;
        return changeAdmin(f -> flags | (f & ServerState.IMAINT)); // the tracked server's maintenance is not ours to end
    }

    /**
     * Replaces the administrative flags with {@code change} of the current ones, in one atomic step with the
     * time of the change (none if the flags stay); a checked server leaving maintenance starts UP with health
     * {@code rise} ({@link ServerState#withAdminFlags(int, long, int)}). Any thread; lock-free, retried while
     * another change wins. Returns the states before and after (the same object when nothing changed).
     */
    private ServerState[] changeAdmin(final IntUnaryOperator change) {
        while (true) {
            final ServerState current = state.get();
            final ServerState next = current.withAdminFlags(change.applyAsInt(current.adminFlags()), System.nanoTime(),
                checked ? config.check().rise() : 0, agentBlocks(current));
            if (next == current || state.compareAndSet(current, next)) {
                if (checked && current.maint() && !next.maint()) {
                    lastCheck = CheckReport.INITIAL; // checks start over, as HAProxy shows INI again
                }
                if (!current.maint() && next.maint() && current.running()) {
                    downTransitions.incrementAndGet(); // HAProxy counts "going DOWN for maintenance" as a DOWN
                }
                if (next != current) {
                    backend.refreshAvailability(next.sinceNs());
                    queueFollows(current, next);
                }
                if (current.maint() != next.maint()) {
                    for (final Server t : trackers) {
                        t.inheritMaint(next.maint());
                    }
                    for (final Runnable listener : maintListeners) {
                        listener.run();
                    }
                }
                return new ServerState[] {current, next};
            }
        }
    }

    /**
     * {@code track}: this server follows {@code target}'s state from now on (its UP/DOWN transitions through
     * {@code dev.baton.health.TrackedTransitions}, its maintenance here), starting from target's current one.
     * Start-up only, before the reactors run.
     */
    public void track(final Server target) {
        tracked = target;
        target.trackers.add(this);
        if (target.isDisabled()) {
            inheritMaint(true);
        }
    }

    /**
     * {@code listener} runs, on the thread that made the change, each time the server enters or leaves
     * maintenance; it must not block. Start-up only.
     */
    public void onMaintChange(final Runnable listener) {
        maintListeners.add(listener);
    }

    /** The server this one tracks, or null. */
    public Server tracked() {
        return tracked;
    }

    /** The servers that track this one (fixed once the reactors run). */
    public List<Server> trackers() {
        return trackers;
    }

    /** The tracked server entered ({@code true}) or left maintenance: so does this one, and its own trackers. */
    private void inheritMaint(final boolean maint) {
        changeAdmin(f -> maint ? f | ServerState.IMAINT : f & ~ServerState.IMAINT);
    }

    /** Whether the server has health checks ({@code check}). */
    public boolean isChecked() {
        return checked;
    }

    /** UP as the health checks see it (always, without checks); maintenance and drain are apart. */
    public boolean isRunning() {
        return state.get().running();
    }

    /**
     * Applies one check's outcome ({@link ServerState#afterCheck}) in one atomic step, retried while an
     * administrative change wins; returns the states before and after (the same object when nothing changed).
     * Called by the server's one health check, on its reactor.
     */
    public ServerState[] applyCheck(final CheckReport report, final long nowNs) {
        final int rise = config.check().rise();
        final int fall = config.check().fall();
        final boolean passed = report.status().passed();
        final boolean conditional = report.status() == CheckStatus.L7OKC;
        lastCheck = report;
        while (true) {
            final ServerState current = state.get();
            final ServerState next = current.afterCheck(passed, conditional, rise, fall, nowNs, agentBlocks(current));
            if (next == current || state.compareAndSet(current, next)) {
                if (!passed && current.health() > 0) {
                    failedChecks.incrementAndGet();
                }
                if (passed) {
                    passive.reset(); // as HAProxy: a passed check clears the consecutive errors
                }
                published(current, next, nowNs);
                return new ServerState[] {current, next};
            }
        }
    }

    /**
     * Applies the failure {@code report} ({@link CheckStatus#HANA}) that {@code on-error} makes of the traffic's
     * consecutive errors, HAProxy's health_adjust: {@code suddenDeath} first leaves a server above {@code rise}
     * at {@code rise + 1} (one failure from DOWN after this one), {@code markDown} first sets the health to
     * {@code rise} (so that this failure takes it DOWN), then it counts as one failed check. One atomic step,
     * retried while another change wins; returns the states before and after (the same object when nothing
     * changed). Called on the reactor that owns the server's check.
     */
    public ServerState[] applyObserved(final boolean suddenDeath, final boolean markDown, final CheckReport report,
                                       final long nowNs) {
        final int rise = config.check().rise();
        final int fall = config.check().fall();
        lastCheck = report;
        while (true) {
            final ServerState current = state.get();
            int h = current.health();
            if (markDown) {
                h = rise;
            } else if (suddenDeath && h > rise) {
                h = rise + 1;
            }
            final ServerState preset = h == current.health() ? current
                : new ServerState(current.adminFlags(), current.running(), h, current.sinceNs(), current.downtimeNs(),
                    current.stopping(), current.agentHealth());
            final ServerState after = preset.afterCheck(false, false, rise, fall, nowNs, agentBlocks(current));
            final ServerState next = after.equals(current) ? current : after;
            if (next == current || state.compareAndSet(current, next)) {
                if (preset.health() > 0) {
                    failedChecks.incrementAndGet();
                }
                published(current, next, nowNs);
                return new ServerState[] {current, next};
            }
        }
    }

    /**
     * Whether the health checks run (HAProxy's CHK_ST_ENABLED): true for a checked server until
     * {@code disable health}; while false the check skips its turns and the server keeps its operational state.
     */
    public boolean checkEnabled() {
        return checked && checkEnabled;
    }

    /** {@code disable/enable health}: pauses or resumes the checks; nothing for a server without checks. Any thread. */
    public void checkEnabled(final boolean enabled) {
        checkEnabled = enabled;
    }

    /** The port {@code set server ... check-port} chose for the checks; 0 for the configured check address. */
    public int checkPort() {
        return checkPort;
    }

    /** {@code set server ... check-port N}: the next checks connect to port {@code port} (0: as configured). */
    public void checkPort(final int port) {
        checkPort = port;
    }

    /**
     * {@code set server ... health up|stopping|down}: forces the operational state as HAProxy does, health at
     * its top ({@code rise + fall - 1}) for up and stopping, 0 for down, checked or not; the administrative
     * flags stay. In maintenance only the health changes (HAProxy ignores the state
     * there). One atomic step, retried while another change wins; returns the states before and after. Any thread.
     */
    public ServerState[] forceHealth(final boolean running, final boolean stopping) {
        final int top = config.check().rise() + config.check().fall() - 1;
        final int health = running ? top : 0;
        while (true) {
            final long nowNs = System.nanoTime();
            final ServerState current = state.get();
            final ServerState next = current.maint() ? current.forced(current.running(), current.stopping(), health,
                nowNs) : current.forced(running, stopping, health, nowNs);
            if (next == current || state.compareAndSet(current, next)) {
                published(current, next, nowNs);
                return new ServerState[] {current, next};
            }
        }
    }

    /** The agent check's runtime settings and last outcome. */
    public AgentRuntime agent() {
        return agent;
    }

    /** Whether the enabled agent is down in {@code s}: it keeps the server DOWN whatever the health check says. */
    private boolean agentBlocks(final ServerState s) {
        return agent.enabled() && s.agentHealth() < AgentCheckOptions.RISE;
    }

    /**
     * Applies one agent check's health verdict in one atomic step (HAProxy's set_server_check_status and
     * check_notify_failure/success for the agent): {@link CheckStatus#L7OK} ("up") raises the agent's health to 1
     * and brings the server UP unless it is in maintenance, soft-stopped or held DOWN by its health check;
     * {@link CheckStatus#L7STS} ("down", "stopped", "fail") drops the agent's health to 0 and takes the server
     * DOWN unless it is in maintenance; any other outcome (no health word, a connection failure, a timeout)
     * changes nothing, as an agent that cannot be reached must not take its server down. Returns the states
     * before and after. Called by the server's one agent check, on its reactor.
     */
    public ServerState[] applyAgent(final CheckReport report, final long nowNs) {
        final boolean passed = report.status() == CheckStatus.L7OK;
        final boolean failed = report.status() == CheckStatus.L7STS;
        final int rise = config.check().rise();
        agent.last(report);
        while (true) {
            final ServerState current = state.get();
            final int agentHealth = passed ? ServerState.AGENT_UP : failed ? 0 : current.agentHealth();
            final boolean checkBlocks = checkEnabled() && current.health() < rise;
            final ServerState next = current.afterAgent(agentHealth, failed, passed, checkBlocks, nowNs);
            if (next == current || state.compareAndSet(current, next)) {
                published(current, next, nowNs);
                return new ServerState[] {current, next};
            }
        }
    }

    /**
     * {@code set server ... agent up|down}: the agent's health forced to 1 or 0, the server set running or
     * stopped (unless in maintenance) whatever its health check says, as HAProxy. One atomic step. Any thread.
     */
    public void forceAgent(final boolean up) {
        while (true) {
            final long nowNs = System.nanoTime();
            final ServerState current = state.get();
            final ServerState next = current.forcedAgent(up, nowNs);
            if (next == current || state.compareAndSet(current, next)) {
                published(current, next, nowNs);
                return;
            }
        }
    }

    /**
     * Counts a DOWN transition, refreshes the backend's availability and moves the queues after {@code current}
     * became {@code next}.
     */
    private void published(final ServerState current, final ServerState next, final long nowNs) {
        if (current.running() && !next.running()) {
            downTransitions.incrementAndGet();
        }
        if (current.running() != next.running() || current.stopping() != next.stopping()) {
            backend.refreshAvailability(nowNs);
        }
        queueFollows(current, next);
    }

    /**
     * The queues follow a change of usability (docs/queues.md Q15): a server that stops taking new traffic sends
     * its waiters back to the balancer when {@code option redispatch} is on or it entered forced maintenance (else
     * they stay until a slot of it frees or {@code timeout queue}); one that starts taking traffic takes waiters of
     * the backend's queue into its free slots. The count is kept for the transition's log line.
     */
    private void queueFollows(final ServerState before, final ServerState after) {
        final boolean was = usable(before);
        final boolean is = usable(after);
        if (was && !is) {
            final boolean forcedMaint = !before.maint() && after.maint();
            lastQueueMoves = backend.queues().redistribute(this,
                backend.config().redispatch().enabled() || forcedMaint);
        } else if (!was && is) {
            lastQueueMoves = backend.queues().offer(this);
        } else if (before != after) {
            lastQueueMoves = 0;
        }
    }

    /** {@link #isEligible()} of state {@code s} with the current weight. */
    private boolean usable(final ServerState s) {
        return s.adminFlags() == 0 && s.running() && !s.stopping() && weight > 0;
    }

    /** How many queued streams the last state change moved ("requeued"), for its log line. Any thread. */
    public int lastQueueMoves() {
        return lastQueueMoves;
    }

    /** Whether a check is under way. Any thread. */
    public boolean checkInProgress() {
        return checkInProgress;
    }

    /** Set by the server's one health check when its connection opens and closes. */
    public void checkInProgress(final boolean inProgress) {
        this.checkInProgress = inProgress;
    }

    /** The last health check's outcome. Any thread. */
    public CheckReport lastCheck() {
        return lastCheck;
    }

    /** Failed checks counted by HAProxy's rule (not those of a server already DOWN). Any thread. */
    public long failedChecks() {
        return failedChecks.get();
    }

    /** How many times the checks took the server DOWN. Any thread. */
    public long downTransitions() {
        return downTransitions.get();
    }

    /** When the state last changed (administrative or UP/DOWN), as {@link System#nanoTime()}; the start if never. */
    public long lastChangeNs() {
        return state.get().sinceNs();
    }

    public int currConns() {
        return currConns.get();
    }

    public int maxConns() {
        return maxConns.get();
    }

    /**
     * True when the balancers may choose the server: UP (health checks) and not stopping (NOLB), neither in
     * maintenance nor draining, weight above 0 (HAProxy's srv_currently_usable).
     */
    public boolean isEligible() {
        return usable(state.get());
    }

    /**
     * True when a newcomer may take a slot now: no {@code maxconn}, or nobody waits in its queue (a newcomer never
     * overtakes them) and it is below its limit ({@link #dynamicMaxconn()}).
     */
    public boolean hasFreeSlot() {
        final int limit = dynamicMaxconn();
        return limit == 0 || (queue.size() == 0 && currConns.get() < limit);
    }

    /**
     * The number of slots now (HAProxy's srv_dynamic_maxconn, docs/queues.md Q13): {@code maxconn}, or with
     * {@code minconn} below it a limit between the two that grows with the backend's streams up to
     * {@code fullconn}; scaled down while {@code slowstart} warms the server up. 0 for no limit. Any thread.
     */
    public int dynamicMaxconn() {
        final int ramp = rampFactor;
        return DynamicMaxconn.limitOfNormalized(maxconn, minconn, backend.config().fullconn(),
            backend.currConns().get(), ramp < FULL_RAMP, ramp * 100 / FULL_RAMP);
    }

    /** {@code minconn} as in force (equal to {@link #maxconn()} for a static limit). */
    public int minconn() {
        return minconn;
    }

    /**
     * Claims one connection slot for a newcomer; false (and nothing claimed) when the server is at its limit or
     * streams wait in its queue. Any thread.
     */
    public boolean tryAcquire() {
        return (maxconn == 0 || queue.size() == 0) && tryAcquireForQueue();
    }

    /**
     * Claims one slot below the limit, whoever waits: the queue's dispatch, under the backend's queue lock, for the
     * entry it grants. Any thread.
     */
    public boolean tryAcquireForQueue() {
        while (true) {
            final int current = currConns.get();
            final int limit = dynamicMaxconn();
            if (limit != 0 && current >= limit) {
                return false;
            }
            if (currConns.compareAndSet(current, current + 1)) {
                Peaks.raise(maxConns, current + 1);
                return true;
            }
        }
    }

    /**
     * Returns a slot claimed by {@link #tryAcquire()} or granted by the queue. When streams wait for it (here, or
     * in the backend's queue while this server takes new traffic), the slot goes to the next of them at once.
     * Lock-free when nobody waits (see {@code BackendQueues} for why no wake-up is lost). Any thread.
     */
    public void release() {
        currConns.decrementAndGet();
        offerIfWaiting();
    }

    /** Serves waiters if there may be some for this server: its own, or the backend's while it takes traffic. */
    private void offerIfWaiting() {
        if (queue.size() != 0 || (backend.queues().queue().size() != 0 && isEligible())) {
            backend.queues().offer(this);
        }
    }

    /** The queue of streams waiting for a slot of this server. */
    public PendingQueue queue() {
        return queue;
    }

    /** {@code maxqueue}: how many streams may wait in its queue; 0 for no limit. */
    public int maxqueue() {
        return maxqueue;
    }

    /** Cumulative traffic counters, one single-writer slice per reactor. */
    public TrafficCounters counters() {
        return counters;
    }

    /** The queue time of the streams that connected: its sliding average and peak ({@code qtime}, {@code qtime_max}). */
    public SlidingTime queueTime() {
        return queueTime;
    }

    @Override
    public String toString() {
        return backend.name() + "/" + name;
    }

    /** HAProxy's three administrative states of a server. */
    public enum AdminState {
        READY("ready"),
        DRAIN("drain"),
        MAINT("maint");

        private final String keyword;

        AdminState(final String keyword) {
            this.keyword = keyword;
        }

        /** The word {@code set server B/S state} takes. */
        public String keyword() {
            return keyword;
        }

        /** The state named {@code keyword}, or null. */
        public static AdminState fromKeyword(final String keyword) {
            for (final AdminState s : values()) {
                if (s.keyword.equals(keyword)) {
                    return s;
                }
            }
            return null;
        }
    }
}
