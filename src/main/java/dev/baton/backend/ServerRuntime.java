package dev.baton.backend;

import dev.baton.config.AgentCheckOptions;
import dev.baton.config.ServerConfig;
import dev.baton.counters.EventRate;
import dev.baton.counters.StreamTimes;
import dev.baton.counters.TrafficCounters;
import dev.baton.reactor.Peaks;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;

/**
 * What a server accumulates while it runs, apart from what its configuration line says: its state (admin flags,
 * health, agent), its runtime weight and limits, its counters and check results, its connection slots, and the
 * identity its idle pools are keyed by ({@code dev.baton.pool.ServerPools}). A reload that keeps a server (same
 * backend and server name, same connection identity) gives the new configuration's {@link Server} this same
 * object ({@link #adopt}), so state, counters, slots and warm pools carry over; a server whose identity changed,
 * or that was removed, is {@link #retire() retired}: no new traffic, its idle connections closed.
 *
 * <p>Shared by every reactor: all mutable fields are volatile or atomic. State changes are one {@link ServerState}
 * replaced whole by a compare-and-set, so concurrent changes from several threads never mix. What the changes
 * need of the configuration (rise, fall, backend, trackers) is read from the newest {@link Server} holding this
 * runtime ({@link #server()}), published by a volatile write.
 */
public final class ServerRuntime {
    private final TrafficCounters counters = new TrafficCounters();
    /** Queue, connect, response and total times of the streams that connected (qtime, ctime, rtime, ttime). */
    private final StreamTimes times = new StreamTimes();
    /** Sessions started per second (rate, rate_max); its latest gives lastsess. */
    private final EventRate sessionRate = new EventRate();
    /** The newest configuration's server holding this runtime; replaced by a reload that keeps it. */
    private volatile Server server;
    /**
     * The configuration before the newest's server holding this runtime (null before any reload): streams of that
     * configuration may still wait in its queues, which a slot freed on this runtime must serve too
     * ({@link Server#release()}).
     */
    private volatile Server previous;
    /** {@code maxconn}; changed by an agent's {@code maxconn:N} and {@code set maxconn server}. */
    private volatile int maxconn;
    /** {@code minconn} as HAProxy keeps it (equal to {@link #maxconn} for a static limit); follows maxconn changes. */
    private volatile int minconn;
    private volatile int weight;
    /** {@code slowstart}'s share of the weight in sixteenths; one writer, the reactor that owns the server's check. */
    private volatile int rampFactor = Server.FULL_RAMP;
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
    /** How many queued streams the last state change moved (HAProxy's "requeued" in its line). */
    private volatile int lastQueueMoves;
    /** Told when the server enters or leaves maintenance, on the changing thread; they must not block. */
    private final List<Runnable> maintListeners = new CopyOnWriteArrayList<>();
    /** Set by a reload that dropped the server or changed its identity: it takes no new traffic nor idle conns. */
    private volatile boolean retired;

    /** A fresh runtime for a server configured as {@code config}: HAProxy 2.6 starts a server UP, health = rise. */
    ServerRuntime(final ServerConfig config) {
        this.weight = config.weight();
        this.maxconn = DynamicMaxconn.normalizedMaxconn(config.maxconn(), config.minconn());
        this.minconn = DynamicMaxconn.normalizedMinconn(config.maxconn(), config.minconn());
        this.state = new AtomicReference<>(ServerState.initial(config.disabled() ? ServerState.MAINT : 0,
            config.check().rise(), System.nanoTime()));
        this.passive = new PassiveHealth(config.reactions());
        this.agent = new AgentRuntime(config);
    }

    /**
     * {@code next} (a reloaded configuration's server with the same identity) takes this runtime over: from now on
     * state changes read its configuration and backend. A configured weight or {@code maxconn} that changed in the
     * file replaces the runtime one (as {@code load-server-state-from-file} keeps a runtime weight only while the
     * configured one is unchanged); otherwise the runtime values stay. Reload thread, before publication.
     */
    void adopt(final Server next) {
        final ServerConfig before = server.config();
        final ServerConfig after = next.config();
        if (before.weight() != after.weight()) {
            weight = after.weight();
        }
        if (before.maxconn() != after.maxconn() || before.minconn() != after.minconn()) {
            maxconn = DynamicMaxconn.normalizedMaxconn(after.maxconn(), after.minconn());
            minconn = DynamicMaxconn.normalizedMinconn(after.maxconn(), after.minconn());
        }
        previous = server;
        server = next;
    }

    /** The previous configuration's server holding this runtime, or null. Any thread. */
    Server previous() {
        return previous;
    }

    /** The newest configuration's server holding this runtime. Any thread. */
    public Server server() {
        return server;
    }

    void server(final Server first) {
        this.server = first;
    }

    /** Marks the server as gone from the configuration (a reload): not eligible, its idle connections not kept. */
    public void retire() {
        retired = true;
        server.backend().refreshAvailability(System.nanoTime());
    }

    /** Whether a reload dropped this server (or replaced it by one of another identity). Any thread. */
    public boolean retired() {
        return retired;
    }

    public TrafficCounters counters() {
        return counters;
    }

    public StreamTimes times() {
        return times;
    }

    public EventRate sessionRate() {
        return sessionRate;
    }

    public PassiveHealth passive() {
        return passive;
    }

    public AgentRuntime agent() {
        return agent;
    }

    public int weight() {
        return weight;
    }

    void weight(final int weight) {
        this.weight = weight;
    }

    public int rampFactor() {
        return rampFactor;
    }

    void rampFactor(final int factor) {
        rampFactor = factor;
    }

    public int maxconn() {
        return maxconn;
    }

    public int minconn() {
        return minconn;
    }

    /** Sets maxconn, minconn following; returns the previous maxconn. Any thread. */
    int maxconn(final int next) {
        final int before = this.maxconn;
        this.minconn = DynamicMaxconn.minconnAfterMaxconnChange(before, minconn, next);
        this.maxconn = next;
        return before;
    }

    public ServerState state() {
        return state.get();
    }

    public CheckReport lastCheck() {
        return lastCheck;
    }

    public boolean checkInProgress() {
        return checkInProgress;
    }

    void checkInProgress(final boolean inProgress) {
        checkInProgress = inProgress;
    }

    boolean checkEnabledFlag() {
        return checkEnabled;
    }

    void checkEnabled(final boolean enabled) {
        checkEnabled = enabled;
    }

    public int checkPort() {
        return checkPort;
    }

    void checkPort(final int port) {
        checkPort = port;
    }

    public long failedChecks() {
        return failedChecks.get();
    }

    public long downTransitions() {
        return downTransitions.get();
    }

    public int lastQueueMoves() {
        return lastQueueMoves;
    }

    public int currConns() {
        return currConns.get();
    }

    public int maxConns() {
        return maxConns.get();
    }

    void onMaintChange(final Runnable listener) {
        maintListeners.add(listener);
    }

    /** {@code s} with the current weight: taking new traffic (HAProxy's srv_currently_usable). */
    boolean usable(final ServerState s) {
        return s.adminFlags() == 0 && s.running() && !s.stopping() && weight > 0 && !retired;
    }

    /** One slot below {@code limit} (0: none), claimed with a CAS. Any thread. */
    boolean tryAcquireBelow(final Server holder) {
        while (true) {
            final int current = currConns.get();
            final int limit = holder.dynamicMaxconn();
            if (limit != 0 && current >= limit) {
                return false;
            }
            if (currConns.compareAndSet(current, current + 1)) {
                Peaks.raise(maxConns, current + 1);
                return true;
            }
        }
    }

    void releaseSlot() {
        currConns.decrementAndGet();
    }

    /** Whether the enabled agent is down in {@code s}: it keeps the server DOWN whatever the health check says. */
    private boolean agentBlocks(final ServerState s) {
        return agent.enabled() && s.agentHealth() < AgentCheckOptions.RISE;
    }

    /** See {@link Server#changeAdmin}. */
    ServerState[] changeAdmin(final IntUnaryOperator change) {
        final Server s = server;
        final boolean checked = s.isChecked();
        while (true) {
            final ServerState current = state.get();
            final ServerState next = current.withAdminFlags(change.applyAsInt(current.adminFlags()), System.nanoTime(),
                checked ? s.config().check().rise() : 0, agentBlocks(current));
            if (next == current || state.compareAndSet(current, next)) {
                if (checked && current.maint() && !next.maint()) {
                    lastCheck = CheckReport.INITIAL; // checks start over, as HAProxy shows INI again
                }
                if (!current.maint() && next.maint() && current.running()) {
                    downTransitions.incrementAndGet(); // HAProxy counts "going DOWN for maintenance" as a DOWN
                }
                if (next != current) {
                    s.backend().refreshAvailability(next.sinceNs());
                    queueFollows(s, current, next);
                }
                if (current.maint() != next.maint()) {
                    for (final Server t : s.trackers()) {
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

    /** See {@link Server#applyCheck}. */
    ServerState[] applyCheck(final CheckReport report, final long nowNs) {
        final Server s = server;
        final int rise = s.config().check().rise();
        final int fall = s.config().check().fall();
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
                published(s, current, next, nowNs);
                return new ServerState[] {current, next};
            }
        }
    }

    /** See {@link Server#applyObserved}. */
    ServerState[] applyObserved(final boolean suddenDeath, final boolean markDown, final CheckReport report,
                                final long nowNs) {
        final Server s = server;
        final int rise = s.config().check().rise();
        final int fall = s.config().check().fall();
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
                published(s, current, next, nowNs);
                return new ServerState[] {current, next};
            }
        }
    }

    /** See {@link Server#forceHealth}. */
    ServerState[] forceHealth(final boolean running, final boolean stopping) {
        final Server s = server;
        final int top = s.config().check().rise() + s.config().check().fall() - 1;
        final int health = running ? top : 0;
        while (true) {
            final long nowNs = System.nanoTime();
            final ServerState current = state.get();
            final ServerState next = current.maint() ? current.forced(current.running(), current.stopping(), health,
                nowNs) : current.forced(running, stopping, health, nowNs);
            if (next == current || state.compareAndSet(current, next)) {
                published(s, current, next, nowNs);
                return new ServerState[] {current, next};
            }
        }
    }

    /** See {@link Server#applyAgent}. */
    ServerState[] applyAgent(final CheckReport report, final long nowNs, final boolean checkEnabled) {
        final Server s = server;
        final boolean passed = report.status() == CheckStatus.L7OK;
        final boolean failed = report.status() == CheckStatus.L7STS;
        final int rise = s.config().check().rise();
        agent.last(report);
        while (true) {
            final ServerState current = state.get();
            final int agentHealth = passed ? ServerState.AGENT_UP : failed ? 0 : current.agentHealth();
            final boolean checkBlocks = checkEnabled && current.health() < rise;
            final ServerState next = current.afterAgent(agentHealth, failed, passed, checkBlocks, nowNs);
            if (next == current || state.compareAndSet(current, next)) {
                published(s, current, next, nowNs);
                return new ServerState[] {current, next};
            }
        }
    }

    /** See {@link Server#forceAgent}. */
    void forceAgent(final boolean up) {
        final Server s = server;
        while (true) {
            final long nowNs = System.nanoTime();
            final ServerState current = state.get();
            final ServerState next = current.forcedAgent(up, nowNs);
            if (next == current || state.compareAndSet(current, next)) {
                published(s, current, next, nowNs);
                return;
            }
        }
    }

    /** Counts a DOWN transition, refreshes the backend's availability and moves the queues. */
    private void published(final Server s, final ServerState current, final ServerState next, final long nowNs) {
        if (current.running() && !next.running()) {
            downTransitions.incrementAndGet();
        }
        if (current.running() != next.running() || current.stopping() != next.stopping()) {
            s.backend().refreshAvailability(nowNs);
        }
        queueFollows(s, current, next);
    }

    /**
     * The queues follow a change of usability (docs/queues.md Q15): a server that stops taking new traffic sends
     * its waiters back to the balancer when {@code option redispatch} is on or it entered forced maintenance (else
     * they stay until a slot of it frees or {@code timeout queue}); one that starts taking traffic takes waiters of
     * the backend's queue into its free slots. The count is kept for the transition's log line.
     */
    private void queueFollows(final Server s, final ServerState before, final ServerState after) {
        final boolean was = usable(before);
        final boolean is = usable(after);
        if (was && !is) {
            final boolean forcedMaint = !before.maint() && after.maint();
            lastQueueMoves = s.backend().queues().redistribute(s,
                s.backend().config().redispatch().enabled() || forcedMaint);
        } else if (!was && is) {
            lastQueueMoves = s.backend().queues().offer(s);
        } else if (before != after) {
            lastQueueMoves = 0;
        }
    }
}
