package dev.baton.backend;

import dev.baton.config.ServerConfig;
import dev.baton.reactor.Peaks;
import dev.baton.counters.TrafficCounters;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend server at run time: its resolved address, its current weight and administrative state, and
 * its connection counters. Shared by every reactor: all mutable fields are volatile or atomic, so any
 * reactor may read them without a lock; only the runtime API (on reactor 0) changes weight and state.
 *
 * <p>Administrative state, as HAProxy's: {@link AdminState#MAINT} ({@link #isDisabled()}: the
 * {@code disabled} keyword, {@code disable server}, {@code set server ... state maint}) and
 * {@link AdminState#DRAIN} ({@code set server ... state drain}) both keep the balancers away while the
 * connections already established carry on; they differ for idle connections (kept for a draining server,
 * not for one in maintenance) and in what the statistics show.
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

    private volatile int weight;
    private volatile boolean disabled;
    private volatile boolean draining;
    /** {@link System#nanoTime()} of the last administrative state change (or of the start). */
    private volatile long lastChangeNs = System.nanoTime();

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
        this.disabled = config.disabled();
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
    }

    /** Per-server connection limit; 0 means unlimited. */
    public int maxconn() {
        return maxconn;
    }

    public boolean isBackup() {
        return backup;
    }

    public boolean isDisabled() {
        return disabled;
    }

    public void disabled(final boolean disabled) {
        if (this.disabled != disabled) {
            this.disabled = disabled;
            lastChangeNs = System.nanoTime();
        }
    }

    /** True in drain mode: no new connection from the balancers; existing ones carry on. */
    public boolean isDraining() {
        return draining;
    }

    public void draining(final boolean draining) {
        if (this.draining != draining) {
            this.draining = draining;
            lastChangeNs = System.nanoTime();
        }
    }

    /** The administrative state: maintenance wins over drain. */
    public AdminState adminState() {
        return disabled ? AdminState.MAINT : draining ? AdminState.DRAIN : AdminState.READY;
    }

    /**
     * Sets the administrative state as {@code set server B/S state} does: each state clears the others.
     * Two writes, each volatile, the setting one last but for ready: a reader may see the server briefly
     * in both states, which only keeps it out of one extra pick. One writer at a time (reactor 0).
     */
    public void adminState(final AdminState state) {
        if (state == AdminState.MAINT) {
            disabled(true);
            draining(false);
        } else {
            draining(state == AdminState.DRAIN);
            disabled(false);
        }
    }

    /** When the administrative state last changed, as {@link System#nanoTime()}; the start if never. */
    public long lastChangeNs() {
        return lastChangeNs;
    }

    public int currConns() {
        return currConns.get();
    }

    public int maxConns() {
        return maxConns.get();
    }

    /** True when the balancers may choose the server: neither in maintenance nor draining, weight above 0. */
    public boolean isEligible() {
        return !disabled && !draining && weight > 0;
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
