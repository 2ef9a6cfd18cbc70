package dev.baton.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Parses the lines of the {@code global} section (several global sections accumulate, later values win)
 * and builds the {@link GlobalConfig} once the whole configuration was read, when checks that depend on
 * other lines ({@code cpu-map} against {@code nbthread}) can run. One instance per load; single-threaded.
 */
final class GlobalSectionParser {
    static final int MIN_BUFSIZE = 1024;
    static final int MAX_BUFSIZE = 1024 * 1024;
    static final int MAX_NBTHREAD = 64;
    static final String EXPECTED_NODE = "a name of letters, digits, '.', '-' and '_'";

    /** Implemented keywords, in the order suggestions should prefer them. */
    private static final Map<String, BiConsumer<GlobalSectionParser, Directive>> KEYWORDS = new LinkedHashMap<>();

    static {
        KEYWORDS.put("maxconn", (g, d) -> g.maxconn = single(d, () -> d.intArg(1, "maxconn", 1, Integer.MAX_VALUE)));
        KEYWORDS.put("nbthread", (g, d) -> g.nbthread = single(d, () -> d.intArg(1, "nbthread", 1, MAX_NBTHREAD)));
        KEYWORDS.put("cpu-map", (g, d) -> g.cpuMap.add(CpuMapParser.parse(d)));
        KEYWORDS.put("log", (g, d) -> g.logs.add(LogTargetParser.parse(d)));
        KEYWORDS.put("pidfile", (g, d) -> g.pidfile = single(d, () -> pidfile(d)));
        KEYWORDS.put("ulimit-n", (g, d) -> g.ulimitN = single(d, () -> d.intArg(1, "ulimit-n", 1, Integer.MAX_VALUE)));
        KEYWORDS.put("tune.bufsize", (g, d) -> g.bufsize = single(d, () -> bufsize(d)));
        KEYWORDS.put("tune.maxrewrite", (g, d) -> g.maxrewrite = single(d, () -> d.intArg(1, "tune.maxrewrite", 0,
            Integer.MAX_VALUE)));
        KEYWORDS.put("hard-stop-after", (g, d) -> g.hardStopAfterMs = single(d, () -> d.timeArg(1, "hard-stop-after")));
        KEYWORDS.put("daemon", GlobalSectionParser::daemon);
        KEYWORDS.put("set-var", (g, d) -> VarRuleParser.global(d));
        KEYWORDS.put("set-var-fmt", (g, d) -> VarRuleParser.global(d));
        KEYWORDS.put("master-worker", GlobalSectionParser::masterWorker);
        KEYWORDS.put("stats", GlobalSectionParser::stats);
        KEYWORDS.put("spread-checks", GlobalSectionParser::spreadChecks);
        KEYWORDS.put("max-spread-checks",
            (g, d) -> g.maxSpreadChecksMs = single(d, () -> d.timeArg(1, "max-spread-checks")));
        KEYWORDS.put("chroot", (g, d) -> g.chroot = single(d, () -> chroot(d)));
        KEYWORDS.put("user", (g, d) -> g.identity.parse(d));
        KEYWORDS.put("uid", (g, d) -> g.identity.parse(d));
        KEYWORDS.put("group", (g, d) -> g.identity.parse(d));
        KEYWORDS.put("gid", (g, d) -> g.identity.parse(d));
        KEYWORDS.put("node", (g, d) -> g.node = single(d, () -> nodeName(d, 1, "node")));
        KEYWORDS.put("description", (g, d) -> g.description = d.textFrom(1, "description", "a text"));
        KEYWORDS.put("default-path", (g, d) -> d.paths().parse(d, d.where().file()));
        for (final String kw : ProcessKeywords.KEYWORDS) {
            KEYWORDS.put(kw, (g, d) -> g.process.parse(d, false));
        }
        for (final String kw : TlsGlobalKeywords.KEYWORDS) {
            KEYWORDS.put(kw, (g, d) -> g.tls.parse(d));
        }
        for (final String kw : TuneKeywords.KEYWORDS) {
            KEYWORDS.put(kw, (g, d) -> g.tune.parse(d));
        }
        for (final String kw : RefusedTuneKeywords.keywords()) {
            KEYWORDS.put(kw, (g, d) -> {
                throw RefusedTuneKeywords.refusal(d.keyword());
            });
        }
        for (final String kw : HttpClientKeywords.KEYWORDS) {
            KEYWORDS.put(kw, (g, d) -> g.httpClient.parse(d));
        }
        for (final String kw : new String[] {"tune.comp.maxlevel", "maxcomprate", "maxcompcpuusage"}) {
            KEYWORDS.put(kw, (g, d) -> g.compression = CompressionParser.global(d, g.compression));
        }
        KEYWORDS.put("log-tag", (g, d) -> g.logTag = LogTargetParser.logTag(d));
        KEYWORDS.put("no", GlobalSectionParser::no);
        KEYWORDS.put("log-send-hostname", (g, d) -> logSendHostname(g, d));
        KEYWORDS.put("unix-bind", (g, d) -> g.unixBind = UnixBindParser.parse(d, g.unixBind));
        KEYWORDS.put("expose-experimental-directives", (g, d) -> {
            d.noMoreThan(1, "expose-experimental-directives");
            g.experimental = true;
        });
    }

    private final Diagnostics diag;
    private int maxconn;
    private int nbthread;
    private final List<CpuMapParser.Line> cpuMap = new ArrayList<>();
    private String pidfile;
    private final List<LogTarget> logs = new ArrayList<>();
    private int ulimitN;
    private int bufsize = GlobalConfig.DEFAULT_BUFSIZE;
    private int maxrewrite = GlobalConfig.DEFAULT_MAXREWRITE;
    private long hardStopAfterMs;
    private boolean daemon;
    private final Map<String, StatsSocketConfig> statsSockets = new LinkedHashMap<>();
    private long statsTimeoutMs = GlobalConfig.DEFAULT_STATS_TIMEOUT_MS;
    private int statsMaxconn = GlobalConfig.DEFAULT_STATS_MAXCONN;
    private int spreadChecks;
    private long maxSpreadChecksMs;
    private final IdentityParser identity = new IdentityParser();
    private String chroot;
    private String node;
    private String description;
    private final ProcessKeywords process = new ProcessKeywords();
    private final TlsGlobalKeywords tls = new TlsGlobalKeywords();
    private final HttpClientKeywords httpClient = new HttpClientKeywords();
    private final TuneKeywords tune = new TuneKeywords();
    private String logTag;
    /** {@code tune.comp.maxlevel}, {@code maxcomprate}: handed to every proxy's compression settings. */
    private CompressionTuning compression = CompressionTuning.DEFAULT;
    private String logSendHostname;
    private UnixBindSettings unixBind = UnixBindSettings.NONE;
    /** {@code expose-experimental-directives}: HAProxy's experimental actions ({@code normalize-uri}) may be used. */
    private boolean experimental;

    GlobalSectionParser(final Diagnostics diag) {
        this.diag = diag;
    }

    /** Whether {@code word} is a global keyword baton implements (or refuses with its reason). */
    static boolean isKeyword(final String word) {
        return KEYWORDS.containsKey(word) || EnvironmentKeywords.KEYWORDS.contains(word)
            || IdlePoolTuningParser.isKeyword(word);
    }

    /** Parses one line of a global section; a refused line throws {@link LineError}. */
    void parse(final Directive d) {
        final String kw = d.keyword();
        final BiConsumer<GlobalSectionParser, Directive> handler = KEYWORDS.get(kw);
        if (handler != null) {
            handler.accept(this, d);
            return;
        }
        RemovedKeywords.checkGlobal(kw);
        if (RefusedTuneKeywords.isQuic(kw)) {
            throw RefusedTuneKeywords.refusal(kw);
        }
        if (UnsupportedKeywords.isGlobal(kw)) {
            throw new LineError(Messages.notImplemented(kw));
        } else if (ProxySectionParser.isKeyword(kw)) {
            throw new LineError(Messages.notAllowed(kw, Section.GLOBAL));
        } else {
            throw new LineError(Messages.unknownKeyword(kw, Section.GLOBAL,
                KeywordSuggestions.closest(kw, suggested(), UnsupportedKeywords.GLOBAL)));
        }
    }

    /** What an unknown global word may be a misspelling of: every keyword read here and by the idle pools'. */
    private static List<String> suggested() {
        final List<String> all = new ArrayList<>(KEYWORDS.keySet());
        all.addAll(IdlePoolTuningParser.KEYWORDS);
        return all;
    }

    /** The global compression settings read (every file parsed: what the proxies' compression uses). */
    CompressionTuning compressionTuning() {
        return compression;
    }

    /** {@code tune.bufsize} as read so far. */
    int bufsize() {
        return bufsize;
    }

    /** Whether {@code expose-experimental-directives} was read so far. */
    boolean experimentalAllowed() {
        return experimental;
    }

    /** The global {@code log} targets read so far (what a proxy's {@code log global} copies now). */
    List<LogTarget> logTargets() {
        return List.copyOf(logs);
    }

    /**
     * {@code log-send-hostname [NAME]}: NAME, or the system's host name (as HAProxy, read when parsed). As HAProxy,
     * a second line is reported and the first kept.
     */
    private static void logSendHostname(final GlobalSectionParser g, final Directive d) {
        d.noMoreThan(2, "log-send-hostname");
        if (g.logSendHostname != null) {
            d.warning("'log-send-hostname' already specified. Continuing.");
            return;
        }
        g.logSendHostname = d.has(1) ? d.word(1) : dev.baton.sys.Hostname.get();
    }

    /** The {@code httpclient.*} settings, checked once every section is read. */
    HttpClientKeywords httpClient() {
        return httpClient;
    }

    /** The global settings; call once, after every file was parsed. */
    GlobalConfig finish() {
        final int threads = nbthread != 0 ? nbthread : Runtime.getRuntime().availableProcessors();
        final String note = nbthread != 0 ? "" : " (nbthread is not set: " + threads + " available processors)";
        return new GlobalConfig(maxconn, nbthread, CpuMapParser.expand(cpuMap, threads, note, diag), pidfile, logs,
            ulimitN, bufsize, hardStopAfterMs, daemon, List.copyOf(statsSockets.values()), statsTimeoutMs,
            statsMaxconn, spreadChecks, maxSpreadChecksMs, identity.uid(), identity.gid(), chroot, node, description,
            process.finish(), new SyslogHeader(logTag, logSendHostname), unixBind, tls.finish(), maxrewrite,
            tune.finish(bufsize, diag));
    }

    /**
     * {@code no log}: drops the global {@code log} lines read so far (proxies that said {@code log global} before
     * keep their copies, as in HAProxy); {@code no strict-limits}: see {@link ProcessKeywords}. HAProxy 2.6 negates
     * nothing else in the global section.
     */
    private static void no(final GlobalSectionParser g, final Directive d) {
        if (d.has(1) && d.word(1).equals(ProcessKeywords.NEGATABLE)) {
            g.process.parse(d, true);
            return;
        }
        if (!d.has(1)) {
            throw new LineError(Messages.notAllowed("no", Section.GLOBAL));
        }
        if (!d.word(1).equals("log")) {
            throw new LineError(Messages.noNegation(d.word(1)));
        }
        if (d.has(2)) {
            throw new LineError("'no log' does not expect arguments");
        }
        g.logs.clear();
    }

    /** {@code spread-checks N}: 0..50 (%); a second line is refused, as HAProxy refuses it. */
    private static void spreadChecks(final GlobalSectionParser g, final Directive d) {
        d.noMoreThan(2, "spread-checks");
        if (g.spreadChecks != 0) {
            throw new LineError("spread-checks already specified");
        }
        g.spreadChecks = d.intArg(1, "spread-checks", 0, 50);
    }

    private static void stats(final GlobalSectionParser g, final Directive d) {
        final String sub = StatsLineParser.subKeyword(d);
        switch (sub) {
            case "socket":
                g.addStatsSocket(StatsLineParser.socket(d));
                break;
            case "timeout":
                g.statsTimeoutMs = StatsLineParser.timeout(d);
                break;
            case "maxconn":
                g.statsMaxconn = StatsLineParser.maxconn(d);
                break;
            case "bind-process":
                ProcessSets.check(d, 2, "'stats bind-process'");
                break;
            default:
                throw new LineError(Messages.badValue(StatsLineParser.KW, StatsLineParser.EXPECTED_SUB, sub));
        }
    }

    /**
     * {@code master-worker}, as {@code -W}: baton is already one process that its supervisor watches and that exits
     * (code 70) when a reactor dies, which is HAProxy's default master-worker outcome for a failed worker.
     * {@code no-exit-on-failure} (keep the other workers running) cannot hold for a single process: refused.
     */
    private static void masterWorker(final GlobalSectionParser g, final Directive d) {
        if (d.has(1)) {
            if (!d.word(1).equals("no-exit-on-failure")) {
                throw new LineError(Messages.badValue("master-worker", "nothing or no-exit-on-failure", d.word(1)));
            }
            throw new LineError("'master-worker no-exit-on-failure' keeps HAProxy's other workers running when one "
                + "dies; baton is one process, which exits (code 70) so that its supervisor restarts it "
                + "(systemd: Restart=on-failure): remove 'no-exit-on-failure'");
        }
    }

    private static void daemon(final GlobalSectionParser g, final Directive d) {
        d.noMoreThan(1, "daemon");
        g.daemon = true;
    }

    /** Refuses a second socket on the same address: the second bind would fail at start-up. */
    private void addStatsSocket(final StatsSocketConfig socket) {
        final StatsSocketConfig first = statsSockets.get(socket.display());
        if (first != null) {
            throw new LineError(Messages.alreadyDefined("stats socket '" + socket.display() + "'", first.where()));
        }
        statsSockets.put(socket.display(), socket);
    }

    /** {@code chroot DIR}; whether DIR exists is known at start-up only ("Cannot chroot"), as in HAProxy. */
    private static String chroot(final Directive d) {
        final String dir = d.require(1, "chroot", "a directory path");
        if (dir.isEmpty()) {
            throw new LineError(Messages.badValue("chroot", "a directory path", dir));
        }
        return dir;
    }

    private static String pidfile(final Directive d) {
        final String path = d.require(1, "pidfile", "a file path");
        if (path.isEmpty()) {
            throw new LineError(Messages.badValue("pidfile", "a file path", path));
        }
        return path;
    }

    private static int bufsize(final Directive d) {
        final String expected = "a size between 1024 and 1048576 such as 16k";
        final String text = d.require(1, "tune.bufsize", expected);
        final long bytes;
        try {
            bytes = Sizes.parseBytes(text);
        } catch (final BadValueException e) {
            throw Directive.badValue("tune.bufsize", e, text);
        }
        if (bytes < MIN_BUFSIZE || bytes > MAX_BUFSIZE) {
            throw new LineError(Messages.badValue("tune.bufsize", expected, text));
        }
        return (int) bytes;
    }

    /**
     * Word {@code index} as a node name ({@code node NAME}, {@code stats show-node NAME}): letters, digits,
     * dots, hyphens and underscores, as HAProxy accepts.
     */
    static String nodeName(final Directive d, final int index, final String kw) {
        final String name = d.require(index, kw, EXPECTED_NODE);
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            final boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '.' || c == '-' || c == '_';
            if (!ok) {
                throw new LineError(Messages.badValue(kw, EXPECTED_NODE, name));
            }
        }
        return name;
    }

    /** Reads the one argument of a {@code KEYWORD VALUE} line and refuses anything after it. */
    private static <T> T single(final Directive d, final Supplier<T> value) {
        final T v = value.get();
        d.noMoreThan(2, d.keyword());
        return v;
    }
}
