package dev.baton.backend;

import dev.baton.config.ServerConfig;
import dev.baton.pool.ServerPool;
import dev.baton.stats.TrafficCounters;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend server at run time: its resolved address, its current weight and administrative state, and
 * its connection counters. Shared by every reactor: all mutable fields are volatile or atomic, so any
 * reactor may read them without a lock; only the runtime API (a later issue) changes weight and state.
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

    private ServerPool pool;
    private volatile int weight;
    private volatile boolean disabled;

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
        this.disabled = disabled;
    }

    public int currConns() {
        return currConns.get();
    }

    public int maxConns() {
        return maxConns.get();
    }

    /** True when the server may take traffic at all: enabled and with a non-zero weight. */
    public boolean isEligible() {
        return !disabled && weight > 0;
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
                maxConns.accumulateAndGet(current + 1, Math::max);
                return true;
            }
        }
    }

    /** Returns a slot claimed by {@link #tryAcquire()}. Any thread. */
    public void release() {
        currConns.decrementAndGet();
    }

    /** The idle-connection pool (HTTP mode), or null when the server's backend does not pool. */
    public ServerPool pool() {
        return pool;
    }

    /** Installs the pool at start-up, before any reactor runs. */
    public void pool(final ServerPool pool) {
        this.pool = pool;
    }

    /** Cumulative traffic counters, one single-writer slice per reactor. */
    public TrafficCounters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return backend.name() + "/" + name;
    }
}
