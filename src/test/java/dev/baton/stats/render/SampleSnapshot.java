package dev.baton.stats.render;

import dev.baton.backend.Server;
import dev.baton.stats.BackendStats;
import dev.baton.stats.ActivityStats;
import dev.baton.stats.CompressionStats;
import dev.baton.stats.FrontendStats;
import dev.baton.stats.JvmStats;
import dev.baton.stats.ListenerStats;
import dev.baton.stats.PoolStats;
import dev.baton.stats.ProcessStats;
import dev.baton.stats.ProxyStats;
import dev.baton.stats.QueueStats;
import dev.baton.stats.ServerChecks;
import dev.baton.stats.ServerStats;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.ThreadStats;
import dev.baton.stats.TrafficTotals;

import java.util.List;

/**
 * A hand-made snapshot for renderer tests: frontend {@code fe} (to backend {@code be}), backend {@code be}
 * ({@code fullconn} 48, 3 streams in its queue) with {@code s1} ready (with a pool limit, 4 streams in its queue,
 * {@code maxqueue} 10), {@code s2} in maintenance and backup {@code s3} draining, and a
 * listen section named {@code ad"min} (a configuration cannot name it so, but renderers must escape what
 * they print) with one server; two reactors.
 */
final class SampleSnapshot {
    private SampleSnapshot() {
    }

    static TrafficTotals traffic(final long base) {
        return new TrafficTotals(base, base * 100, base * 1000, 1, 2, 3, 4, 5, 6, base, base, base / 2);
    }

    static StatsSnapshot build() {
        final ProcessStats process = new ProcessStats("baton", "1.2.3", 4242, 2, 1_700_000_000_000L, 93_784_000L,
            1024, 1024, 480, 3, 120, 3, 118, 4, 9, 240, new JvmStats(4096, 7, 12, 2048, 8192));
        final ServerStats s1 = new ServerStats("s1", 1, "10.0.0.1", 8080, false, Server.AdminState.READY, 2, 5, 100,
            traffic(70), 3, 3, 2, new PoolStats(1, 2, 3, 4, 5, 16, 5000, new int[] {1, 2}), 61, ServerChecks.NONE,
            null, false, new QueueStats(4, 7, 10, 12, 30, 1));
        final ServerStats s2 = new ServerStats("s2", 2, "10.0.0.2", 8080, false, Server.AdminState.MAINT, 0, 1, 0,
            traffic(10), 1, 1, 1, PoolStats.empty(2), 5);
        final ServerStats s3 = new ServerStats("s3", 3, "::1", 8081, true, Server.AdminState.DRAIN, 0, 0, 0,
            traffic(0), 0, 1, 1, PoolStats.empty(2), 7);
        final ProxyStats fe = new ProxyStats("fe", 1, "tcp",
            new FrontendStats(3, 9, 480, 118, 11_800, 118_000, 120, "OPEN", 42,
                new FrontendStats(3, 9, 480, 118, 11_800, 118_000, 120, "OPEN", 42).traffic(), ActivityStats.NONE,
                new CompressionStats(9000, 2500, 700, 6)), null, List.of());
        final ProxyStats be = new ProxyStats("be", 2, "tcp", null,
            new BackendStats(2, 6, traffic(80), 3, 4, 1, 0, "UP", "roundrobin", 2, 9, 4, 48,
                new QueueStats(3, 9, 0, 8, 25, 2), ActivityStats.NONE, new CompressionStats(8000, 2000, 600, 5)),
            List.of(s1, s2, s3));
        final ServerStats local = new ServerStats("local", 1, "127.0.0.1", 9001, false, Server.AdminState.READY, 0, 0,
            0, traffic(0), 1, 1, 1, PoolStats.empty(2), 100);
        final ProxyStats admin = new ProxyStats("ad\"min", 3, "tcp",
            new FrontendStats(0, 0, 480, 0, 0, 0, 0, "OPEN", 0),
            new BackendStats(0, 0, traffic(0), 1, 1, 1, 0, "UP", "first"), List.of(local));
        final List<ThreadStats> threads = List.of(
            new ThreadStats(1, 1000, 10, 500, 60, 0, 1, 2, 0, 0, 1),
            new ThreadStats(2, 900, 12, 450, 58, 3, 0, 0, 2, 0, 2));
        return new StatsSnapshot(process, List.of(fe, be, admin), threads);
    }

    /** Counters with every request and response figure set, from 11 ({@code dreq}) to 25 ({@code hrsp_5xx}). */
    static TrafficTotals httpTraffic() {
        return new TrafficTotals(1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 11, 12, 13, 14, 15, 16, 17, 18, 19,
            new TrafficTotals.ResponseClasses(20, 21, 22, 23, 24, 25));
    }

    /**
     * Rates from 31 ({@code rate}) to 37 ({@code lastsess}); times: connect 38 (exporter's 380, max 41), response 39
     * (390, 42), total 40 (400, 43); throttle 44, tracking {@code be/s0}.
     */
    static ActivityStats activity() {
        return new ActivityStats(31, 32, 33, 34, 35, 36, 37, new ActivityStats.Time(38, 380, 41),
            new ActivityStats.Time(39, 390, 42), new ActivityStats.Time(40, 400, 43), 44, "be/s0");
    }

    /** One proxy {@code web} in {@code mode} with a frontend, server {@code s1} and backend, every figure set. */
    static ProxyStats withEveryFigure(final String mode) {
        final FrontendStats fe = new FrontendStats(0, 0, 10, 1, 2, 3, 4, "OPEN", 19, httpTraffic(), activity(),
            CompressionStats.NONE);
        final ServerStats sv = new ServerStats("s1", 1, "127.0.0.1", 80, false, Server.AdminState.READY, 0, 0, 0,
            httpTraffic(), 1, 1, 1, PoolStats.empty(1), 0, ServerChecks.NONE, null, false, QueueStats.NONE, null,
            activity());
        final BackendStats be = new BackendStats(0, 0, httpTraffic(), 1, 1, 1, 0, "UP", "roundrobin", 0, 0, 0, 0,
            QueueStats.NONE, activity(), CompressionStats.NONE);
        return new ProxyStats("web", 4, mode, fe, be, List.of(sv));
    }

    /** The sample with {@link #withEveryFigure} in {@code mode http} after its proxies. */
    static StatsSnapshot withHttp() {
        final StatsSnapshot sample = build();
        final List<ProxyStats> proxies = new java.util.ArrayList<>(sample.proxies());
        proxies.add(withEveryFigure("http"));
        return new StatsSnapshot(sample.process(), proxies, sample.threads());
    }

    /** A snapshot of one backend {@code be} (iid 2, TCP) holding {@code server} alone: its row is line 1. */
    static StatsSnapshot with(final ServerStats server) {
        final StatsSnapshot sample = build();
        final ProxyStats be = new ProxyStats("be", 2, "tcp", null,
            new BackendStats(0, 0, traffic(0), server.weight(), server.uweight(), 0, 0, "DOWN", "roundrobin"),
            List.of(server));
        return new StatsSnapshot(sample.process(), List.of(be), sample.threads());
    }

    /**
     * Frontend {@code fe} (id 2, mode http) with {@code option socket-stats}: listeners {@code web} (id 1),
     * {@code sock-2} (id 2) and {@code sock-7} (id 7, one client of its {@code maxconn 5}, 4 at most, FULL is its
     * status here, on IPv6); every listener counts {@code traffic}; then the sample's backend {@code be}.
     */
    static StatsSnapshot withListeners(final TrafficTotals traffic) {
        final ProxyStats fe = new ProxyStats("fe", 2, "http", new FrontendStats(0, 0, 9984, 0, 0, 0, 0, "OPEN", 0),
            null, List.of(), null, null, List.of(
                new ListenerStats("web", 1, 0, 0, 0, "OPEN", "127.0.0.1:19081", traffic),
                new ListenerStats("sock-2", 2, 0, 0, 0, "OPEN", "127.0.0.1:19082", traffic),
                new ListenerStats("sock-7", 7, 1, 4, 5, "FULL", "[::1]:19084", traffic)));
        final StatsSnapshot sample = build();
        return new StatsSnapshot(sample.process(), List.of(fe, sample.proxy("be")), sample.threads());
    }
}
