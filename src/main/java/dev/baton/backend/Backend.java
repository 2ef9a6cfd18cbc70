package dev.baton.backend;

import dev.baton.backend.LoadBalancer;
import dev.baton.config.ProxyConfig;
import dev.baton.reactor.Peaks;
import dev.baton.counters.Counter;
import dev.baton.counters.TrafficCounters;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend at run time: its configuration and its servers, in configuration order. Shared by every
 * reactor; each reactor balances over it with its own {@link dev.baton.backend.balance.LoadBalancer}.
 */
public final class Backend {
    private final TrafficCounters counters = new TrafficCounters();
    private final ProxyConfig config;
    private final List<Server> servers = new ArrayList<>();
    private final List<Server> serversView = Collections.unmodifiableList(servers);
    /** How many picks may lose their slot to other reactors before giving up. */
    private static final int PICK_ATTEMPTS = 4;
    private LoadBalancer[] balancers = new LoadBalancer[0];
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

    /** Installs one balancer per reactor, indexed by reactor id; at start-up only. */
    public void balancers(final LoadBalancer[] perReactor) {
        this.balancers = perReactor.clone();
    }

    /** The balancer owned by reactor {@code reactorId}; only that reactor may use it. */
    public LoadBalancer balancer(final int reactorId) {
        return balancers[reactorId];
    }

    /**
     * Picks a server with reactor {@code reactorId}'s balancer and claims a slot on it (server
     * {@code maxconn}); counts the pick. Returns null when no server is usable or every pick lost its slot
     * to another reactor. Reactor {@code reactorId}'s thread only.
     */
    public Server pickAndAcquire(final int reactorId, final int clientHash, final Server avoid) {
        Server skip = avoid;
        for (int i = 0; i < PICK_ATTEMPTS; i++) {
            final Server s = balancers[reactorId].pick(clientHash, skip);
            if (s == null) {
                return null;
            }
            if (s.tryAcquire()) {
                s.counters().increment(reactorId, Counter.SELECTED);
                counters.increment(reactorId, Counter.SELECTED);
                return s;
            }
            skip = s;
        }
        return null;
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
