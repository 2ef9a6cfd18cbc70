package dev.baton.backend;

import dev.baton.config.ProxyConfig;
import dev.baton.reactor.Peaks;
import dev.baton.counters.TrafficCounters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend at run time: its configuration and its servers, in configuration order. Shared by every
 * reactor; each reactor balances over it with its own {@link LoadBalancer} (see {@link Balancers}).
 */
public final class Backend {
    private final TrafficCounters counters = new TrafficCounters();
    private final ProxyConfig config;
    private final List<Server> servers = new ArrayList<>();
    private final List<Server> serversView = Collections.unmodifiableList(servers);
    /** Streams currently attached to this backend (HAProxy's beconn). */
    private final AtomicInteger currConns = new AtomicInteger();
    /** Highest value {@link #currConns} reached. */
    private final AtomicInteger maxConns = new AtomicInteger();

    public Backend(final ProxyConfig config) {
        this.config = config;
    }

    /** Adds a server at start-up, before any reactor runs. */
    public void addServer(final Server server) {
        servers.add(server);
    }

    public ProxyConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public List<Server> servers() {
        return serversView;
    }

    /** The server named {@code name}, or null. */
    public Server server(final String name) {
        for (final Server s : servers) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    public AtomicInteger currConns() {
        return currConns;
    }

    /** Counts a stream attached to this backend, and its peak. Any thread; undo with {@code currConns()}. */
    public void enter() {
        Peaks.raise(maxConns, currConns.incrementAndGet());
    }

    /** Highest number of streams attached at once since start. */
    public int maxConns() {
        return maxConns.get();
    }

    /** Cumulative traffic counters, one single-writer slice per reactor. */
    public TrafficCounters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return name();
    }
}
