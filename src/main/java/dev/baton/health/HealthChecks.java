package dev.baton.health;

import dev.baton.backend.Server;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.ReactorGroup;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every server's health check and agent check, spread over the reactors round-robin (each check owned by one
 * reactor for the process's life) and, at start, in time: the i-th of n checks first runs {@code i / n} of its
 * interval after the start ({@link CheckSpread#startDelayMs}), so that checks do not all leave at once; with
 * {@code observe}, the server's passive analysis acts through its check ({@link ObservedErrors}); the
 * consequences of a transition ({@code slowstart} among them) are {@link CheckTransitions}'. Built and controlled
 * by the daemon's thread; the checks
 * themselves run on their reactors.
 */
public final class HealthChecks {
    /** How long a start or stop command may wait for room in a reactor's inbox. */
    private static final long CONTROL_TIMEOUT_MS = 1_000;

    /** Copy-on-write: the runtime API adds and removes a dynamic server's checks while the stats read them. */
    private final List<HealthCheck> checks = new CopyOnWriteArrayList<>();
    private final List<AgentCheck> agents = new CopyOnWriteArrayList<>();
    private final CheckSpread spread;
    /** The global {@code insecure-fork-wanted}: external checks may start their programs. */
    private final boolean forkAllowed;

    /**
     * Checks spread as {@code spread} says (global {@code spread-checks}, {@code max-spread-checks}); external ones may
     * start programs when {@code forkAllowed} (global {@code insecure-fork-wanted}).
     */
    public HealthChecks(final CheckSpread spread, final boolean forkAllowed) {
        this.spread = spread;
        this.forkAllowed = forkAllowed;
    }

    /** Adds {@code server}'s check (it has {@code check}), on the next reactor in turn. */
    public void add(final Server server, final InetSocketAddress target, final long timeoutMs,
                    final ReactorGroup reactors, final FdBudget fds, final CheckEvents events) {
        final Reactor reactor = reactors.get((checks.size() + agents.size()) % reactors.size());
        final HealthCheck check = new HealthCheck(server, target, reactor, fds, timeoutMs, events, forkAllowed);
        check.spread(spread);
        checks.add(check);
        ObservedErrors.wire(check, events);
    }

    /** Adds {@code server}'s agent check (it has {@code agent-check}), on the next reactor in turn. */
    public void addAgent(final Server server, final InetSocketAddress target, final long timeoutMs,
                         final ReactorGroup reactors, final FdBudget fds, final CheckEvents events) {
        final Reactor reactor = reactors.get((checks.size() + agents.size()) % reactors.size());
        agents.add(new AgentCheck(server, target, reactor, fds, timeoutMs, events));
    }

    public List<HealthCheck> all() {
        return List.copyOf(checks);
    }

    /** The agent checks. */
    public List<AgentCheck> agents() {
        return List.copyOf(agents);
    }

    /** Starts every check on its reactor, spread in time. Daemon's thread, reactors running. */
    public void start() {
        final int n = checks.size();
        final long[] intervals = new long[n];
        for (int i = 0; i < n; i++) {
            intervals[i] = checks.get(i).intervalMs(checks.get(i).server().state());
        }
        final long shortest = CheckSpread.shortestSpreading(intervals);
        for (int i = 0; i < n; i++) {
            final HealthCheck c = checks.get(i);
            final long delayNs = spread.startDelayMs(i, n, shortest, intervals[i]) * 1_000_000L;
            c.reactor().executeSurely(r -> c.start(delayNs), CONTROL_TIMEOUT_MS);
        }
        final int m = agents.size();
        for (int i = 0; i < m; i++) {
            final AgentCheck a = agents.get(i);
            final long delayNs = a.server().config().agent().interMs() * 1_000_000L * i / m;
            a.reactor().executeSurely(r -> a.start(delayNs), CONTROL_TIMEOUT_MS);
        }
    }

    /**
     * The runtime API's {@code add server}: starts {@code server}'s checks, added by {@link #add} and
     * {@link #addAgent} after {@link #start}, at once (their first run waits one interval). Reload thread.
     */
    public void startAdded(final Server server) {
        for (final HealthCheck c : checks) {
            if (c.server() == server) {
                c.reactor().executeSurely(r -> c.start(0), CONTROL_TIMEOUT_MS);
            }
        }
        for (final AgentCheck a : agents) {
            if (a.server() == server) {
                a.reactor().executeSurely(r -> a.start(0), CONTROL_TIMEOUT_MS);
            }
        }
    }

    /** The runtime API's {@code del server}: stops and forgets {@code server}'s checks. Reload thread. */
    public void remove(final Server server) {
        for (final HealthCheck c : checks) {
            if (c.server() == server) {
                c.reactor().executeSurely(r -> c.stop(), CONTROL_TIMEOUT_MS);
                checks.remove(c);
            }
        }
        for (final AgentCheck a : agents) {
            if (a.server() == server) {
                a.reactor().executeSurely(r -> a.stop(), CONTROL_TIMEOUT_MS);
                agents.remove(a);
            }
        }
    }

    /** Stops every check (timers cancelled, sockets closed) on its reactor. Daemon's thread, reactors running. */
    public void stop() {
        for (final HealthCheck c : checks) {
            c.reactor().executeSurely(r -> c.stop(), CONTROL_TIMEOUT_MS);
        }
        for (final AgentCheck a : agents) {
            a.reactor().executeSurely(r -> a.stop(), CONTROL_TIMEOUT_MS);
        }
    }
}
