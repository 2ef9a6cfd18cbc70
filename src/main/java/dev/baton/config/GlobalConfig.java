package dev.baton.config;

import java.util.List;

/**
 * The {@code global} section. {@code maxconn} and {@code nbthread} 0 mean "derive at start-up" (from the
 * file-descriptor limit and the available processors); {@code ulimitN} 0 means keep the limit the process
 * has; {@code hardStopAfterMs} 0 means wait for connections forever on a graceful stop.
 */
public record GlobalConfig(int maxconn, int nbthread, List<CpuMapEntry> cpuMap, String pidfile,
                           List<LogTarget> logs, int ulimitN, int bufsize, long hardStopAfterMs, boolean daemon) {
    public static final int DEFAULT_BUFSIZE = 16384;

    public static final GlobalConfig DEFAULTS =
        new GlobalConfig(0, 0, List.of(), null, List.of(), 0, DEFAULT_BUFSIZE, 0, false);

    public GlobalConfig {
        cpuMap = List.copyOf(cpuMap);
        logs = List.copyOf(logs);
    }
}
