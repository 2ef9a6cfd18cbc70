package dev.baton.backend;

import dev.baton.config.ServerConfig;
import dev.baton.reactor.Peaks;
import dev.baton.counters.TrafficCounters;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;

/**
 * A backend server at run time: its resolved address, its current weight and administrative state, and
 * its connection counters. Shared by every reactor: all mutable fields are volatile or atomic, so any
 * reactor may read them without a lock. The weight is changed by the runtime API only (reactor 0); the state
 * by the runtime API and by the stats page's admin forms, on whichever reactor serves them.
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
    private final TrafficCounters counters = new TrafficCounters();
    private final Backend backend;
    private final ServerConfig config;
    private final int id;
    private final String name;
    private final InetSocketAddress address;
    private final int initialWeight;
    private final int maxconn;
    private final boolean backup;

    private final boolean checked;
    private volatile int weight;
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

    /** Connections currently established or being established to this server (HAProxy's srv_conn). */
    private final AtomicInteger currConns = new AtomicInteger();
    /** Highest value {@link #currConns} reached. */
    private final AtomicInteger maxConns = new AtomicInteger();

    public Server(final Backend backend, final int id, final ServerConfig config, final InetSocketAddress address) {
        this.backend = backend;
        this.config = config;
        this.id = id;
        this.name = config.name();
        this.address = address;
        this.initialWeight = config.weight();
        this.weight = config.weight();
        this.maxconn = config.maxconn();
        this.backup = config.backup();
        // HAProxy 2.6 starts a server UP with health = rise: a checked one's first failed check takes it DOWN;
        // an unchecked one shows it in show servers state.
        this.state = new AtomicReference<>(ServerState.initial(config.disabled() ? ServerState.MAINT : 0,
            config.check().rise(), System.nanoTime()));
        this.checked = config.check().enabled();
    }

    /** The server line as configured (after default-server). */
    public ServerConfig config() {
        return config;
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

    public InetSocketAddress address() {
        return address;
    }

    public int initialWeight() {
        return initialWeight;
    }

    public int weight() {
        return weight;
    }

    public void weight(final int weight) {
        this.weight = weight;
        backend.refreshAvailability(System.nanoTime());
    }

    /** Per-server connection limit; 0 means unlimited. */
    public int maxconn() {
        return maxconn;
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
        return changeAdmin(f -> flags);
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
                checked ? config.check().rise() : 0);
            if (next == current || state.compareAndSet(current, next)) {
                if (checked && current.maint() && !next.maint()) {
                    lastCheck = CheckReport.INITIAL; // checks start over, as HAProxy shows INI again
                }
                if (!current.maint() && next.maint() && current.running()) {
                    downTransitions.incrementAndGet(); // HAProxy counts "going DOWN for maintenance" as a DOWN
                }
                if (next != current) {
                    backend.refreshAvailability(next.sinceNs());
                }
                return new ServerState[] {current, next};
            }
        }
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
            final ServerState next = current.afterCheck(passed, conditional, rise, fall, nowNs);
            if (next == current || state.compareAndSet(current, next)) {
                if (!passed && current.health() > 0) {
                    failedChecks.incrementAndGet();
                }
                if (current.running() && !next.running()) {
                    downTransitions.incrementAndGet();
                }
                if (current.running() != next.running() || current.stopping() != next.stopping()) {
                    backend.refreshAvailability(nowNs);
                }
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
                if (current.running() && !next.running()) {
                    downTransitions.incrementAndGet();
                }
                if (current.running() != next.running() || current.stopping() != next.stopping()) {
                    backend.refreshAvailability(nowNs);
                }
                return new ServerState[] {current, next};
            }
        }
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
        final ServerState s = state.get();
        return s.adminFlags() == 0 && s.running() && !s.stopping() && weight > 0;
    }

    /** True when the server is eligible and below its {@code maxconn}. */
    public boolean hasFreeSlot() {
        return maxconn == 0 || currConns.get() < maxconn;
    }

    /**
     * Claims one connection slot; false (and nothing claimed) when the server is at its {@code maxconn}.
     * Any thread.
     */
    public boolean tryAcquire() {
        while (true) {
            final int current = currConns.get();
            if (maxconn != 0 && current >= maxconn) {
                return false;
            }
            if (currConns.compareAndSet(current, current + 1)) {
                Peaks.raise(maxConns, current + 1);
                return true;
            }
        }
    }

    /** Returns a slot claimed by {@link #tryAcquire()}. Any thread. */
    public void release() {
        currConns.decrementAndGet();
    }

    /** Cumulative traffic counters, one single-writer slice per reactor. */
    public TrafficCounters counters() {
        return counters;
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
