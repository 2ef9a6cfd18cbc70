package dev.baton.config;

import java.util.List;

/**
 * The {@code global} section. {@code maxconn} and {@code nbthread} 0 mean "derive at start-up" (from the
 * file-descriptor limit and the available processors); {@code ulimitN} 0 means keep the limit the process
 * has; {@code hardStopAfterMs} 0 means wait for connections forever on a graceful stop. The runtime API
 * listens on every {@code statsSockets} entry, closes a connection idle for {@code statsTimeoutMs} and
 * serves at most {@code statsMaxconn} connections at once.
 */
public record GlobalConfig(int maxconn, int nbthread, List<CpuMapEntry> cpuMap, String pidfile,
                           List<LogTarget> logs, int ulimitN, int bufsize, long hardStopAfterMs, boolean daemon,
                           List<StatsSocketConfig> statsSockets, long statsTimeoutMs, int statsMaxconn) {
    public static final int DEFAULT_BUFSIZE = 16384;
    /** HAProxy's default {@code stats timeout}. */
    public static final long DEFAULT_STATS_TIMEOUT_MS = 10_000;
    /** HAProxy's default {@code stats maxconn}. */
    public static final int DEFAULT_STATS_MAXCONN = 10;

    public static final GlobalConfig DEFAULTS =
        new GlobalConfig(0, 0, List.of(), null, List.of(), 0, DEFAULT_BUFSIZE, 0, false, List.of(),
            DEFAULT_STATS_TIMEOUT_MS, DEFAULT_STATS_MAXCONN);

    public GlobalConfig {
        cpuMap = List.copyOf(cpuMap);
        logs = List.copyOf(logs);
        statsSockets = List.copyOf(statsSockets);
    }
}
