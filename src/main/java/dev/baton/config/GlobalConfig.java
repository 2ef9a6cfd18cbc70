package dev.baton.config;

import java.util.List;

/**
 * The {@code global} section. {@code maxconn} and {@code nbthread} 0 mean "derive at start-up" (from the
 * file-descriptor limit and the available processors); {@code ulimitN} 0 means keep the limit the process
 * has; {@code hardStopAfterMs} 0 means wait for connections forever on a graceful stop. The runtime API
 * listens on every {@code statsSockets} entry, closes a connection idle for {@code statsTimeoutMs} and
 * serves at most {@code statsMaxconn} connections at once. {@code uid} and {@code gid} ({@code user}/{@code uid},
 * {@code group}/{@code gid}; 0 = not set) are the identity baton switches to once everything is bound, after
 * entering {@code chroot} (null = none). {@code node} (null: not set, the host's name is used) and
 * {@code description} (null: none) are the instance's name and text that {@code stats show-node} and
 * {@code stats show-desc} show by default. {@code process}: {@code quiet}, {@code zero-warning}, {@code strict-limits},
 * {@code fd-hard-limit} and {@code grace}. {@code syslogHeader}: {@code log-tag} and {@code log-send-hostname}.
 * {@code unixBind}: the global {@code unix-bind} defaults of Unix binds.
 * {@code tls}: the global TLS settings ({@code ssl-default-*}, {@code crt-base}...). {@code maxrewrite}: the
 * {@code tune.maxrewrite} written (default 1024), the part of a buffer a request or response head may not fill so
 * that rules can add to it (see {@link #headLimit()}). {@code tune}: the listeners' and sockets' {@code tune.*}
 * settings ({@code tune.maxaccept}, {@code tune.rcvbuf.*}, {@code tune.sndbuf.*}).
 */
public record GlobalConfig(int maxconn, int nbthread, List<CpuMapEntry> cpuMap, String pidfile,
                           List<LogTarget> logs, int ulimitN, int bufsize, long hardStopAfterMs, boolean daemon,
                           List<StatsSocketConfig> statsSockets, long statsTimeoutMs, int statsMaxconn,
                           int spreadChecks, long maxSpreadChecksMs, int uid, int gid, String chroot, String node,
                           String description, ProcessOptions process, SyslogHeader syslogHeader,
                           UnixBindSettings unixBind, TlsDefaults tls, int maxrewrite, TuneSettings tune) {
    public static final int DEFAULT_BUFSIZE = 16384;
    /** HAProxy's default {@code tune.maxrewrite}. */
    public static final int DEFAULT_MAXREWRITE = 1024;
    /** HAProxy's default {@code stats timeout}. */
    public static final long DEFAULT_STATS_TIMEOUT_MS = 10_000;
    /** HAProxy's default {@code stats maxconn}. */
    public static final int DEFAULT_STATS_MAXCONN = 10;

    public static final GlobalConfig DEFAULTS =
        new GlobalConfig(0, 0, List.of(), null, List.of(), 0, DEFAULT_BUFSIZE, 0, false, List.of(),
            DEFAULT_STATS_TIMEOUT_MS, DEFAULT_STATS_MAXCONN, 0, 0, 0, 0, null, null, null, ProcessOptions.DEFAULTS,
            SyslogHeader.DEFAULT, UnixBindSettings.NONE, TlsDefaults.NONE, DEFAULT_MAXREWRITE, TuneSettings.DEFAULTS);

    /** With the default {@code tune.*} settings of {@link TuneSettings}, as the callers before them built it. */
    public GlobalConfig(final int maxconn, final int nbthread, final List<CpuMapEntry> cpuMap, final String pidfile,
                        final List<LogTarget> logs, final int ulimitN, final int bufsize, final long hardStopAfterMs,
                        final boolean daemon, final List<StatsSocketConfig> statsSockets, final long statsTimeoutMs,
                        final int statsMaxconn, final int spreadChecks, final long maxSpreadChecksMs, final int uid,
                        final int gid, final String chroot, final String node, final String description,
                        final ProcessOptions process, final SyslogHeader syslogHeader,
                        final UnixBindSettings unixBind, final TlsDefaults tls, final int maxrewrite) {
        this(maxconn, nbthread, cpuMap, pidfile, logs, ulimitN, bufsize, hardStopAfterMs, daemon, statsSockets,
            statsTimeoutMs, statsMaxconn, spreadChecks, maxSpreadChecksMs, uid, gid, chroot, node, description,
            process, syslogHeader, unixBind, tls, maxrewrite, TuneSettings.DEFAULTS);
    }

    /** With the default {@code tune.maxrewrite}, as the callers before it built it. */
    public GlobalConfig(final int maxconn, final int nbthread, final List<CpuMapEntry> cpuMap, final String pidfile,
                        final List<LogTarget> logs, final int ulimitN, final int bufsize, final long hardStopAfterMs,
                        final boolean daemon, final List<StatsSocketConfig> statsSockets, final long statsTimeoutMs,
                        final int statsMaxconn, final int spreadChecks, final long maxSpreadChecksMs, final int uid,
                        final int gid, final String chroot, final String node, final String description,
                        final ProcessOptions process, final SyslogHeader syslogHeader,
                        final UnixBindSettings unixBind, final TlsDefaults tls) {
        this(maxconn, nbthread, cpuMap, pidfile, logs, ulimitN, bufsize, hardStopAfterMs, daemon, statsSockets,
            statsTimeoutMs, statsMaxconn, spreadChecks, maxSpreadChecksMs, uid, gid, chroot, node, description,
            process, syslogHeader, unixBind, tls, DEFAULT_MAXREWRITE);
    }

    /**
     * The largest request or response head, leading empty lines included: the buffer less the rewrite reserve,
     * which is {@code tune.maxrewrite} but at most half the buffer (HAProxy's rule: 15360 bytes by default).
     */
    public int headLimit() {
        return bufsize - Math.min(maxrewrite, bufsize / 2);
    }

    /** Without {@code unix-bind} nor the TLS settings, as the callers before them built it. */
    public GlobalConfig(final int maxconn, final int nbthread, final List<CpuMapEntry> cpuMap, final String pidfile,
                        final List<LogTarget> logs, final int ulimitN, final int bufsize, final long hardStopAfterMs,
                        final boolean daemon, final List<StatsSocketConfig> statsSockets, final long statsTimeoutMs,
                        final int statsMaxconn, final int spreadChecks, final long maxSpreadChecksMs, final int uid,
                        final int gid, final String chroot, final String node, final String description,
                        final ProcessOptions process, final SyslogHeader syslogHeader) {
        this(maxconn, nbthread, cpuMap, pidfile, logs, ulimitN, bufsize, hardStopAfterMs, daemon, statsSockets,
            statsTimeoutMs, statsMaxconn, spreadChecks, maxSpreadChecksMs, uid, gid, chroot, node, description,
            process, syslogHeader, UnixBindSettings.NONE, TlsDefaults.NONE);
    }

    /** Without the TLS settings, as the callers before them built it. */
    public GlobalConfig(final int maxconn, final int nbthread, final List<CpuMapEntry> cpuMap, final String pidfile,
                        final List<LogTarget> logs, final int ulimitN, final int bufsize, final long hardStopAfterMs,
                        final boolean daemon, final List<StatsSocketConfig> statsSockets, final long statsTimeoutMs,
                        final int statsMaxconn, final int spreadChecks, final long maxSpreadChecksMs, final int uid,
                        final int gid, final String chroot, final String node, final String description,
                        final ProcessOptions process, final SyslogHeader syslogHeader,
                        final UnixBindSettings unixBind) {
        this(maxconn, nbthread, cpuMap, pidfile, logs, ulimitN, bufsize, hardStopAfterMs, daemon, statsSockets,
            statsTimeoutMs, statsMaxconn, spreadChecks, maxSpreadChecksMs, uid, gid, chroot, node, description,
            process, syslogHeader, unixBind, TlsDefaults.NONE);
    }

    /** Without the identity, {@code node} and {@code description}, as the callers before them built it. */
    public GlobalConfig(final int maxconn, final int nbthread, final List<CpuMapEntry> cpuMap, final String pidfile,
                        final List<LogTarget> logs, final int ulimitN, final int bufsize, final long hardStopAfterMs,
                        final boolean daemon, final List<StatsSocketConfig> statsSockets, final long statsTimeoutMs,
                        final int statsMaxconn, final int spreadChecks, final long maxSpreadChecksMs) {
        this(maxconn, nbthread, cpuMap, pidfile, logs, ulimitN, bufsize, hardStopAfterMs, daemon, statsSockets,
            statsTimeoutMs, statsMaxconn, spreadChecks, maxSpreadChecksMs, 0, 0, null, null, null,
            ProcessOptions.DEFAULTS, SyslogHeader.DEFAULT, UnixBindSettings.NONE, TlsDefaults.NONE);
    }

    /** Without {@code spread-checks} and {@code max-spread-checks}, as the callers before them built it. */
    public GlobalConfig(final int maxconn, final int nbthread, final List<CpuMapEntry> cpuMap, final String pidfile,
                        final List<LogTarget> logs, final int ulimitN, final int bufsize, final long hardStopAfterMs,
                        final boolean daemon, final List<StatsSocketConfig> statsSockets, final long statsTimeoutMs,
                        final int statsMaxconn) {
        this(maxconn, nbthread, cpuMap, pidfile, logs, ulimitN, bufsize, hardStopAfterMs, daemon, statsSockets,
            statsTimeoutMs, statsMaxconn, 0, 0, 0, 0, null, null, null, ProcessOptions.DEFAULTS,
            SyslogHeader.DEFAULT, UnixBindSettings.NONE, TlsDefaults.NONE);
    }

    public GlobalConfig {
        process = process == null ? ProcessOptions.DEFAULTS : process;
        tls = tls == null ? TlsDefaults.NONE : tls;
        tune = tune == null ? TuneSettings.DEFAULTS : tune;
        cpuMap = List.copyOf(cpuMap);
        logs = List.copyOf(logs);
        statsSockets = List.copyOf(statsSockets);
    }
}
