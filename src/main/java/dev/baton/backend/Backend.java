package dev.baton.backend;

import dev.baton.config.ProxyConfig;
import dev.baton.queue.BackendQueues;
import dev.baton.reactor.Peaks;
import dev.baton.counters.EventRate;
import dev.baton.counters.SlidingTime;
import dev.baton.counters.StreamTimes;
import dev.baton.counters.TrafficCounters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A backend at run time: its configuration and its servers, in configuration order. Shared by every
 * reactor; each reactor balances over it with its own {@link LoadBalancer} (see {@link Balancers}).
 */
public final class Backend {
    /** Counters and attached streams: carried over by a reload that keeps the backend. */
    private final BackendRuntime runtime;
    private final ProxyConfig config;
    /**
     * The servers in ascending {@link Server#id()} (configuration order for the file's): replaced whole (copy on
     * write) by {@link #addServer} and {@link #removeServer}, so every reader iterates a list that never changes
     * under it. A change bumps {@link #serversVersion}, which each reactor's balancer compares on its next pick.
     */
    private volatile List<Server> servers = List.of();
    private volatile int serversVersion;
    private final AtomicReference<BackendAvailability> availability;
    private final BackendQueues queues;
    private final DynamicCookies dynamicCookies;

    public Backend(final ProxyConfig config) {
        this(config, new BackendRuntime());
    }

    /** A backend configured as {@code config}, with the runtime {@code runtime} (a reload's kept one, or fresh). */
    public Backend(final ProxyConfig config, final BackendRuntime runtime) {
        this.runtime = runtime;
        this.config = config;
        this.availability = new AtomicReference<>(new BackendAvailability(false, System.nanoTime(), 0, 0));
        this.queues = new BackendQueues(this, config.allBackups());
        this.dynamicCookies = new DynamicCookies(this, config.http().cookie());
    }

    /** The servers' cookies derived from {@code dynamic-cookie-key}. */
    public DynamicCookies dynamicCookies() {
        return dynamicCookies;
    }

    /** Whether some server takes new traffic now ({@link Server#isEligible()}). Any thread; no allocation. */
    public boolean hasEligibleServer() {
        final List<Server> now = servers;
        for (int i = 0; i < now.size(); i++) {
            if (now.get(i).isEligible()) {
                return true;
            }
        }
        return false;
    }

    /** The backend's queue and the lock that guards it and its servers' queues. */
    public BackendQueues queues() {
        return queues;
    }

    /**
     * Adds {@code server} last, as HAProxy links its servers: the file's in their order, then each one the runtime
     * API's {@code add server} adds, whatever its id. At start-up (before any reactor runs) and from the runtime API
     * (any thread; writers serialize on this backend).
     */
    public synchronized void addServer(final Server server) {
        final List<Server> next = new ArrayList<>(servers.size() + 1);
        next.addAll(servers);
        next.add(server);
        servers = Collections.unmodifiableList(next);
        serversVersion++;
        dynamicCookies.refresh(server);
    }

    /** Removes {@code server} (the runtime API's {@code del server}); false if it is not one of this backend's. */
    public synchronized boolean removeServer(final Server server) {
        final List<Server> next = new ArrayList<>(servers);
        if (!next.remove(server)) {
            return false;
        }
        servers = Collections.unmodifiableList(next);
        serversVersion++;
        return true;
    }

    /**
     * The smallest server id no server of this backend has (HAProxy numbers a dynamic server with the first free
     * {@code puid}, which is this plus one). Writers' lock, as {@link #addServer}.
     */
    public synchronized int freeServerId() {
        int id = 0;
        while (numbered(id) != null) {
            id++;
        }
        return id;
    }

    /** The server numbered {@code id} (0-based, see {@link Server#id()}), or null. Any thread (this backend's lock). */
    public synchronized Server numbered(final int id) {
        for (final Server s : servers) {
            if (s.id() == id) {
                return s;
            }
        }
        return null;
    }

    /** Bumped by every change of the server list: a balancer built over an older list is rebuilt. Any thread. */
    public int serversVersion() {
        return serversVersion;
    }

    public ProxyConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    /** The servers now, in ascending id; an unmodifiable list that later changes do not touch. */
    public List<Server> servers() {
        return servers;
    }

    /** The server named {@code name}, or null. */
    public Server server(final String name) {
        for (final Server s : servers) {
            if (s.name().equals(name)) { // a copy-on-write list: iterating it needs no lock
                return s;
            }
        }
        return null;
    }

    /** Whether some server is usable now, and since when; its downtime and down transitions. Any thread. */
    public BackendAvailability availability() {
        return availability.get();
    }

    /**
     * Reads again whether some server is usable ({@link Server#isEligible()}) and records a change, stamped
     * {@code nowNs}. Called after every change of a server's state or weight, from whichever thread made it;
     * lock-free. Returns true when this call recorded the loss of the last usable server. The backend of a
     * configuration whose servers all start unusable starts down without counting a transition.
     */
    public boolean refreshAvailability(final long nowNs) {
        while (true) {
            final BackendAvailability current = availability.get();
            final List<Server> now = servers;
            final boolean down = !now.isEmpty() && now.stream().noneMatch(Server::isEligible);
            final BackendAvailability next = current.with(down, nowNs);
            if (next == current) {
                return false;
            }
            if (availability.compareAndSet(current, next)) {
                return down;
            }
        }
    }

    /** Sets the initial availability from the servers added, without counting a transition. Start-up only. */
    public void initAvailability(final long nowNs) {
        final boolean down = !servers.isEmpty() && servers.stream().noneMatch(Server::isEligible);
        availability.set(new BackendAvailability(down, nowNs, 0, 0));
    }

    /** What the backend accumulated while running, kept across reloads. */
    public BackendRuntime runtime() {
        return runtime;
    }

    public AtomicInteger currConns() {
        return runtime.currConns();
    }

    /** Counts a stream attached to this backend, and its peak. Any thread; undo with {@code currConns()}. */
    public void enter() {
        Peaks.raise(runtime.maxConns(), runtime.currConns().incrementAndGet());
    }

    /** Highest number of streams attached at once since start. */
    public int maxConns() {
        return runtime.maxConns().get();
    }

    /** Cumulative traffic counters, one single-writer slice per reactor. */
    public TrafficCounters counters() {
        return runtime.counters();
    }

    /** The queue time of the streams that connected: its sliding average and peak ({@code qtime}, {@code qtime_max}). */
    public SlidingTime queueTime() {
        return runtime.times().queue();
    }

    /** Queue, connect, response and total times of the streams that connected (qtime, ctime, rtime, ttime). */
    public StreamTimes times() {
        return runtime.times();
    }

    /** Sessions per second (rate, rate_max). */
    public EventRate sessionRate() {
        return runtime.sessionRate();
    }

    @Override
    public String toString() {
        return name();
    }
}
