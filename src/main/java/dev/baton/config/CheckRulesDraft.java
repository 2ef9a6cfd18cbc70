package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A proxy section's health-check settings while it is parsed: which check option is in force (the last one
 * given wins, as in HAProxy), the section's {@code tcp-check} and {@code http-check} lines, the request of
 * {@code option httpchk} and the protocol checks' predefined rules. A proxy starts from its {@code defaults}'
 * settings ({@link #inherit}); its first own {@code tcp-check} (or {@code http-check}) line starts a list of its
 * own that replaces the inherited one, as HAProxy gives each proxy its own ruleset. {@link #build} turns the
 * lines into the {@link CheckRuleset} HAProxy would run: comments folded into the rules that follow, an implicit
 * connect first when the rules do not start with one, and for HTTP the option's request merged into the first
 * send and an implicit expect after a final send. Single-threaded, confined to one load.
 */
final class CheckRulesDraft {
    /** One line: a rule, a comment ({@code rule} null, {@code comment} set) or an HTTP send ({@code send}). */
    record Line(CheckRule rule, String comment, HttpSend send) {
        boolean isComment() {
            return rule == null && send == null;
        }

        boolean isConnect() {
            return rule instanceof CheckRule.Connect;
        }

        boolean isSend() {
            return send != null || rule instanceof CheckRule.Send;
        }

        boolean isExpect() {
            return rule instanceof CheckRule.Expect;
        }
    }

    /**
     * An {@code http-check send}: the parts it sets (null: not set), to be completed by {@code option httpchk}'s
     * request (for the first send) or HAProxy's defaults.
     */
    record HttpSend(String meth, String uri, String ver, List<String> headers, String body, String comment) {
    }

    /** The check option in force, null for none (Layer 4 checks). */
    CheckRuleset.Kind kind;
    /** {@code option httpchk}'s request line and hidden headers. */
    HttpCheckConfig httpOption = HttpCheckConfig.DEFAULT;
    boolean disableOn404;
    /** The rules of the protocol check option in force (redis, mysql, pgsql, smtp, ldap), else null. */
    List<CheckRule> protocolRules;

    private List<Line> tcpLines = List.of();
    private boolean ownTcp;
    private List<Line> httpLines = List.of();
    private boolean ownHttp;

    /** A copy for a proxy opening under these {@code defaults}: the lines are shared until it adds its own. */
    CheckRulesDraft inherit() {
        final CheckRulesDraft c = new CheckRulesDraft();
        c.kind = kind;
        c.httpOption = httpOption;
        c.disableOn404 = disableOn404;
        c.protocolRules = protocolRules;
        c.tcpLines = tcpLines;
        c.httpLines = httpLines;
        return c;
    }

    /** Chooses {@code k} (an {@code option}), with the predefined {@code rules} of a protocol check. */
    void option(final CheckRuleset.Kind k, final List<CheckRule> rules) {
        kind = k;
        protocolRules = rules;
    }

    /** Whether a {@code tcp-check connect} now would follow a rule other than a comment (HAProxy refuses it). */
    boolean tcpRulesHaveConnectAfterOthers() {
        return ownTcp && startsLate(tcpLines);
    }

    /** {@link #tcpRulesHaveConnectAfterOthers} for the http-check lines. */
    boolean httpRulesHaveConnectAfterOthers() {
        return ownHttp && startsLate(httpLines);
    }

    private static boolean startsLate(final List<Line> lines) {
        return firstNotComment(lines) != null && lines.stream().noneMatch(Line::isConnect);
    }

    void addTcp(final CheckRule rule) {
        ownTcp().add(new Line(rule, null, null));
    }

    void addTcpComment(final String comment) {
        ownTcp().add(new Line(null, comment, null));
    }

    /** Whether this section's (or its defaults') tcp-check rules exist. */
    boolean hasTcpLines() {
        return !tcpLines.isEmpty();
    }

    /** Whether this section's (or its defaults') http-check rules exist. */
    boolean hasHttpLines() {
        return !httpLines.isEmpty();
    }

    /**
     * Adds an {@code http-check} rule or send; while {@code option httpchk} is in force, refused with HAProxy's
     * text where its sequence would be wrong (HAProxy checks only the ruleset in use).
     */
    void addHttp(final String kw, final Line line) {
        final List<Line> own = ownHttp();
        final Line last = lastNotComment(own);
        final int step = own.size() + 1;
        if (kind == CheckRuleset.Kind.HTTP && last != null && !line.isComment()) {
            if (!last.isConnect() && line.isSend()) {
                throw new LineError("'" + kw + "' : unable to add http-check send rule at step " + step
                    + " (missing connect rule).");
            }
            if (!last.isSend() && !last.isExpect() && line.isExpect()) {
                throw new LineError("'" + kw + "' : unable to add http-check expect rule at step " + step
                    + " (missing send rule).");
            }
            if (!last.isExpect() && line.isConnect()) {
                throw new LineError("'" + kw + "' : unable to add http-check connect rule at step " + step
                    + " (missing expect rule).");
            }
        }
        own.add(line);
    }

    private List<Line> ownTcp() {
        if (!ownTcp) {
            tcpLines = new ArrayList<>();
            ownTcp = true;
        }
        return tcpLines;
    }

    private List<Line> ownHttp() {
        if (!ownHttp) {
            httpLines = new ArrayList<>();
            ownHttp = true;
        }
        return httpLines;
    }

    /** The ruleset of the option in force, or null for Layer 4 checks. */
    CheckRuleset build() {
        if (kind == null) {
            return null;
        }
        switch (kind) {
            case TCP:
                return fold(kind, tcpLines, false);
            case HTTP:
                return fold(kind, httpRules(), disableOn404);
            default:
                final List<Line> lines = new ArrayList<>();
                for (final CheckRule r : protocolRules) {
                    lines.add(new Line(r, null, null));
                }
                return fold(kind, lines, false);
        }
    }

    /** The HTTP lines with {@code option httpchk}'s request placed or merged, and the implicit final expect. */
    private List<Line> httpRules() {
        final List<Line> lines = new ArrayList<>(httpLines);
        int first = indexNotComment(lines, 0);
        if (first >= 0 && lines.get(first).isConnect()) {
            first = indexNotComment(lines, first + 1);
        }
        if (first >= 0 && lines.get(first).send() != null) {
            final Line s = lines.get(first);
            lines.set(first, new Line(null, null, merge(s.send(), httpOption)));
        } else {
            final HttpSend implicit = new HttpSend(null, null, null, null, null, null);
            final Line opt = new Line(null, null, merge(implicit, httpOption));
            final int at = !lines.isEmpty() && firstNotComment(lines) != null && firstNotComment(lines).isConnect()
                ? indexNotComment(lines, 0) + 1 : 0;
            lines.add(at, opt);
        }
        final Line last = lastNotComment(lines);
        if (last != null && last.isSend()) {
            lines.add(new Line(CheckRule.Expect.http(null, null), null, null));
        }
        return lines;
    }

    /** {@code s}'s parts over {@code base}'s; headers are {@code s}'s when it names any, as HAProxy replaces them. */
    private static HttpSend merge(final HttpSend s, final HttpCheckConfig base) {
        return new HttpSend(s.meth() != null ? s.meth() : base.method(), s.uri() != null ? s.uri() : base.uri(),
            s.ver() != null ? s.ver() : base.version(), s.headers() != null ? s.headers() : base.headers(),
            s.body() != null ? s.body() : base.body(), s.comment());
    }

    /** The request bytes of a merged send; parts still unset take HAProxy's defaults. */
    private static byte[] request(final HttpSend s) {
        HttpCheckConfig c = HttpCheckConfig.DEFAULT.withRequestLine(s.meth(), s.uri(), s.ver());
        if (s.headers() != null) {
            for (int i = 0; i + 1 < s.headers().size(); i += 2) {
                c = c.withHeader(s.headers().get(i), s.headers().get(i + 1));
            }
        }
        if (s.body() != null) {
            c = c.withBody(s.body());
        }
        return c.request();
    }

    /**
     * The ruleset of {@code lines}: comments removed and given to the rules that follow them up to the next
     * change of action (a connect takes it alone), steps numbered by line, an implicit connect first if needed.
     */
    private static CheckRuleset fold(final CheckRuleset.Kind kind, final List<Line> lines, final boolean on404) {
        final List<CheckRule> rules = new ArrayList<>();
        final List<Integer> steps = new ArrayList<>();
        final Line first = firstNotComment(lines);
        if (first == null || !first.isConnect()) {
            rules.add(CheckRule.Connect.IMPLICIT);
            steps.add(0);
        }
        String comment = null;
        String prev = "comment";
        for (int i = 0; i < lines.size(); i++) {
            final Line l = lines.get(i);
            final String action = l.isComment() ? "comment" : l.isConnect() ? "connect" : l.isSend() ? "send"
                : "expect";
            if (!action.equals(prev) && !prev.equals("comment")) {
                comment = null;
            }
            prev = action;
            if (l.isComment()) {
                comment = l.comment();
                continue;
            }
            CheckRule r = l.send() != null ? new CheckRule.Send(request(l.send()), l.send().comment()) : l.rule();
            if (r.comment() == null && comment != null) {
                r = withComment(r, comment);
            }
            if (r instanceof CheckRule.Connect) {
                comment = null;
            }
            rules.add(r);
            steps.add(i + 1);
        }
        return new CheckRuleset(kind, rules, steps, on404);
    }

    private static CheckRule withComment(final CheckRule r, final String c) {
        if (r instanceof CheckRule.Connect x) {
            return x.withComment(c);
        }
        if (r instanceof CheckRule.Send x) {
            return x.withComment(c);
        }
        return ((CheckRule.Expect) r).withComment(c);
    }

    private static Line firstNotComment(final List<Line> lines) {
        final int i = indexNotComment(lines, 0);
        return i < 0 ? null : lines.get(i);
    }

    private static int indexNotComment(final List<Line> lines, final int from) {
        for (int i = from; i < lines.size(); i++) {
            if (!lines.get(i).isComment()) {
                return i;
            }
        }
        return -1;
    }

    private static Line lastNotComment(final List<Line> lines) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (!lines.get(i).isComment()) {
                return lines.get(i);
            }
        }
        return null;
    }
}
