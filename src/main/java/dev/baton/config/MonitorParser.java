package dev.baton.config;

/**
 * {@code monitor-uri URI} and {@code monitor fail if|unless COND} (see {@link MonitorConfig}), with HAProxy 2.6's
 * messages: in a backend section they are ignored with a warning, {@code monitor} is refused in {@code defaults},
 * and only {@code fail} follows {@code monitor}. Stateless.
 */
final class MonitorParser {
    static final String EXPECTED_URI = "an URI such as /health";

    private MonitorParser() {
    }

    static void monitorUri(final Directive d, final ProxyDraft p) {
        final String uri = d.require(1, "monitor-uri", EXPECTED_URI);
        d.noMoreThan(2, "monitor-uri");
        if (p.section == Section.BACKEND) {
            d.warning(Messages.ignoredOnThisSide("monitor-uri", p.section));
            return;
        }
        p.http.httpOnly("monitor-uri", d);
        p.http.monitorUri = uri;
    }

    static void monitor(final Directive d, final ProxyDraft p) {
        if (p.section == Section.DEFAULTS) {
            throw new LineError(Messages.notAllowed("monitor", Section.DEFAULTS));
        }
        final String sub = d.require(1, "monitor", "fail");
        if (!sub.equals("fail")) {
            throw new LineError("'monitor' only supports 'fail'");
        }
        if (!ConditionParser.starts(d, 2)) {
            throw new LineError("'monitor fail' requires either 'if' or 'unless' followed by a condition");
        }
        final ConditionDraft condition = ConditionParser.parse(d, 2, p.http);
        if (p.section == Section.BACKEND) {
            d.warning(Messages.ignoredOnThisSide("monitor fail", p.section));
            return;
        }
        p.http.httpOnly("monitor fail", d);
        p.http.monitorFail.add(condition);
    }
}
