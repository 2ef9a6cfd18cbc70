package dev.baton;

import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.backend.Server;
import dev.baton.backend.ServerRuntime;
import dev.baton.config.CpuMapEntry;
import dev.baton.config.GlobalConfig;
import dev.baton.config.ServerConfig;
import dev.baton.listener.Listener;
import dev.baton.listener.ListenerRoute;
import dev.baton.pool.ReactorPool;
import dev.baton.pool.ServerPool;
import dev.baton.pool.ServerPools;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The switch from the running generation to the next one (docs/reload.md, step 5), in the order that loses no
 * connection: the old health checks stop; the kept servers' runtimes take the new configuration; the idle-pool map
 * and then the generation are published (from here new streams start on the new configuration); the kept sockets
 * get their new routes, the new ones start accepting, the removed ones close; servers that left (or changed their
 * connection identity) are retired: no new traffic, their idle connections closed by each reactor; each reactor drops
 * the balancers of the old backends and tells its streams they are superseded (an HTTP keep-alive client moves to
 * the new configuration at its next request, or closes after it if its frontend is gone); the new health checks
 * start. Streams
 * in flight finish on the objects they hold.
 * The reload thread, one switch at a time.
 */
final class GenerationSwitch {
    /** How long a reload waits for every reactor to take its step before answering anyway. */
    private static final long STEP_WAIT_MS = 5_000;

    private final ReactorProxy[] proxies;
    private final ServerPools serverPools;
    private final ReactorPool[] pools;
    private final Balancers[] balancers;

    GenerationSwitch(final ReactorProxy[] proxies, final ServerPools serverPools, final ReactorPool[] pools,
                     final Balancers[] balancers) {
        this.proxies = proxies;
        this.serverPools = serverPools;
        this.pools = pools;
        this.balancers = balancers;
    }

    /** Switches from {@code old} to {@code next}, {@code publish} making it current; returns what changed. */
    List<String> run(final Generation old, final Generation next, final Consumer<Generation> publish) {
        final List<String> changes = describe(old, next);
        old.checks.stop();
        final Set<ServerRuntime> keptRuntimes = Collections.newSetFromMap(new IdentityHashMap<>());
        for (final Backend b : next.backends.values()) {
            for (final Server s : b.servers()) {
                s.takeOverRuntime();
                keptRuntimes.add(s.runtime());
            }
        }
        final Map<ServerRuntime, ServerPool> oldPools = serverPools.replace(next.serverPools);
        publish.accept(next);
        for (final Map.Entry<Listener, ListenerRoute> e : next.reroutes.entrySet()) {
            proxies[e.getKey().reactor().id()].reroute(e.getKey(), e.getValue());
        }
        for (final Listener l : next.opened) {
            proxies[l.reactor().id()].openListener(l);
        }
        final Set<Listener> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(next.listeners);
        for (final Listener l : old.listeners) {
            if (!kept.contains(l)) {
                proxies[l.reactor().id()].closeListener(l);
            }
        }
        final List<ServerPool> retiredPools = new ArrayList<>();
        for (final Backend b : old.backends.values()) {
            for (final Server s : b.servers()) {
                if (!keptRuntimes.contains(s.runtime())) {
                    s.runtime().retire();
                    final ServerPool p = oldPools.get(s.runtime());
                    if (p != null) {
                        retiredPools.add(p);
                    }
                }
            }
        }
        final List<Backend> backends = List.copyOf(next.backends.values());
        // the reload is answered once every reactor has taken its step: a keep-alive client's next request then
        // finds its session superseded (bounded wait, on the reload thread, never a reactor)
        final CountDownLatch stepped = new CountDownLatch(proxies.length);
        for (int r = 0; r < proxies.length; r++) {
            final ReactorPool pool = pools[r];
            final Balancers mine = balancers[r];
            final boolean taken = proxies[r].reloadStep(reactor -> {
                try {
                    mine.retainOnly(backends);
                    pool.closeRetired(retiredPools);
                    // keep-alive clients move to the new configuration; mworker-max-reloads kills the oldest
                    reactor.live().supersedeAll(next.config.global().process().maxReloads());
                } finally {
                    stepped.countDown();
                }
            });
            if (!taken) {
                stepped.countDown();
            }
        }
        try {
            stepped.await(STEP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        next.checks.start();
        return changes;
    }

    /** A line per frontend and backend added or removed, per server added, removed, replaced or kept changed. */
    static List<String> describe(final Generation old, final Generation next) {
        final List<String> lines = new ArrayList<>();
        for (final String fe : next.frontends.keySet()) {
            if (!old.frontends.containsKey(fe)) {
                lines.add("frontend '" + fe + "' added");
            }
        }
        for (final String fe : old.frontends.keySet()) {
            if (!next.frontends.containsKey(fe)) {
                lines.add("frontend '" + fe + "' removed");
            }
        }
        for (final Backend b : next.backends.values()) {
            final Backend before = old.backends.get(b.name());
            if (before == null) {
                lines.add("backend '" + b.name() + "' added");
                continue;
            }
            for (final Server s : b.servers()) {
                final Server was = before.server(s.name());
                if (was == null) {
                    lines.add("server '" + s + "' added");
                } else if (was.runtime() != s.runtime()) {
                    lines.add("server '" + s + "' replaced (its address, PROXY protocol or TLS settings changed): "
                        + "the old one drains");
                } else if (settingsChanged(was.config(), s.config())) {
                    lines.add("server '" + s + "' kept with new settings");
                }
            }
            for (final Server s : before.servers()) {
                if (b.server(s.name()) == null) {
                    lines.add("server '" + s + "' removed: it drains");
                }
            }
        }
        for (final String b : old.backends.keySet()) {
            if (!next.backends.containsKey(b)) {
                lines.add("backend '" + b + "' removed: its servers drain");
            }
        }
        return lines;
    }

    /** {@code cpu-map} as thread and CPU set, without where it is written. */
    private static List<String> cpus(final GlobalConfig g) {
        final List<String> out = new ArrayList<>();
        for (final CpuMapEntry e : g.cpuMap()) {
            out.add(e.thread() + "=" + e.cpus());
        }
        return out;
    }

    /** Whether a kept server's line changed in what the runtime applies (weight, limits, checks, pool, ...). */
    private static boolean settingsChanged(final ServerConfig a, final ServerConfig b) {
        return a.weight() != b.weight() || a.maxconn() != b.maxconn() || a.minconn() != b.minconn()
            || a.maxqueue() != b.maxqueue() || a.backup() != b.backup() || a.disabled() != b.disabled()
            || !Objects.equals(a.check(), b.check()) || !Objects.equals(a.agent(), b.agent())
            || !Objects.equals(a.pool(), b.pool()) || !Objects.equals(a.reactions(), b.reactions())
            || !Objects.equals(a.cookie(), b.cookie());
    }

    /** What the reload cannot change in a running process: each such change, as a line; the rest applies. */
    static List<String> needRestart(final GlobalConfig old, final GlobalConfig next) {
        final List<String> lines = new ArrayList<>();
        if (old.nbthread() != next.nbthread()) {
            lines.add("nbthread changed: a restart applies it (the reactors stay as they are)");
        }
        if (!cpus(old).equals(cpus(next))) {
            lines.add("cpu-map changed: a restart applies it");
        }
        if (old.maxconn() != next.maxconn()) {
            lines.add("global maxconn changed: a restart applies it");
        }
        if (old.bufsize() != next.bufsize() || old.headLimit() != next.headLimit()) {
            lines.add("tune.bufsize or tune.maxrewrite changed: a restart applies it (the reactors' buffers stay)");
        }
        if (old.tune().maxHdr() != next.tune().maxHdr() || old.tune().logUriLen() != next.tune().logUriLen()) {
            lines.add("tune.http.maxhdr or tune.http.logurilen changed: a restart applies it (the reactors' request "
                + "workspaces stay)");
        }
        if (!old.tune().h2().equals(next.tune().h2())) {
            lines.add("tune.h2.* changed: a restart applies it (the reactors' HTTP/2 settings stay)");
        }
        if (!old.tune().server().equals(next.tune().server())) {
            lines.add("tune.rcvbuf.server or tune.sndbuf.server changed: a restart applies it");
        }
        return lines;
    }
}
