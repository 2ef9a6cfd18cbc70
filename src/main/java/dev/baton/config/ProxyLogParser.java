package dev.baton.config;

import java.util.List;

/**
 * The logging lines of a {@code defaults}, {@code frontend}, {@code backend} or {@code listen} section, as HAProxy
 * 2.6 reads them: {@code log global} appends the global section's targets read so far (each at most once per
 * proxy), {@code log TARGET ...} appends one target ({@link LogTargetParser}), {@code no log} drops every target the
 * section has (its own and those inherited from its defaults), {@code log-tag TAG} sets the tag of its syslog
 * headers. Single-threaded, confined to one load.
 */
final class ProxyLogParser {
    static final String EXPECTED_LOG = "global or " + LogTargetParser.EXPECTED_TARGET;

    private ProxyLogParser() {
    }

    static void log(final Directive d, final ProxyDraft p) {
        final String target = d.require(1, "log", EXPECTED_LOG);
        if (target.equals("global")) {
            d.noMoreThan(2, "log global");
            p.logGlobal = true;
            final List<LogTarget> global = p.globalLogs.get();
            for (final LogTarget g : global) {
                if (p.logTargets.stream().noneMatch(t -> t == g)) {
                    p.logTargets.add(g);
                }
            }
            return;
        }
        p.logTargets.add(LogTargetParser.parse(d));
    }

    /** {@code no log}: HAProxy takes no argument after it. */
    static void noLog(final Directive d, final ProxyDraft p) {
        if (d.has(2)) {
            throw new LineError("'no log' does not expect arguments");
        }
        p.logGlobal = false;
        p.logTargets.clear();
    }

    static void logTag(final Directive d, final ProxyDraft p) {
        p.logTag = LogTargetParser.logTag(d);
    }
}
