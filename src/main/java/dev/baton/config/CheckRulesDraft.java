package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A proxy section's health-check settings while it is parsed: which check option is in force (the last one
 * given wins, as in HAProxy), the section's {@code tcp-check} and {@code http-check} lines (the request of
 * {@code option httpchk} is one of the latter, marked as coming from the option) and the protocol checks'
 * predefined rules. A proxy starts from its {@code defaults}' settings ({@link #inherit}); its first own
 * {@code tcp-check} line (or {@code http-check} line or {@code option httpchk}) starts a list of its own that
 * replaces the inherited one, as HAProxy gives each proxy its own ruleset (so a backend's own {@code http-check}
 * lines run without the {@code defaults}' {@code option httpchk} request, as in HAProxy 2.6.12). The option's
 * request and the first {@code http-check send} are merged as HAProxy merges them. {@link #build} turns the lines
 * into the {@link CheckRuleset} HAProxy would run: comments folded into the rules that follow them, an implicit
 * connect first when the rules do not start with one, the option's request after a first connect, and an
 * implicit expect after a final send. Single-threaded, confined to one load.
 */
final class CheckRulesDraft {
    /**
     * One line: a rule, a comment ({@code rule} null, {@code comment} set) or an HTTP send ({@code send});
     * {@code index}: HAProxy's number of an http-check line, for its error texts.
     */
    record Line(CheckRule rule, String comment, HttpSend send, int index) {
        Line(final CheckRule rule, final String comment, final HttpSend send) {
            this(rule, comment, send, 0);
        }

        Line withIndex(final int i) {
            return new Line(rule, comment, send, i);
        }

        boolean isOption() {
            return send != null && send.fromOption();
        }

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
     * An {@code http-check send}, or {@code option httpchk}'s request ({@code fromOption}): the parts it sets
     * (null, or no headers: not set); parts still unset when the rules are built take HAProxy's defaults.
     */
    record HttpSend(String meth, String uri, String ver, List<String> headers, String body, String comment,
                    boolean fromOption) {
        /** This send with the parts {@code over} sets written over its own (HAProxy's overwrite of send rules). */
        HttpSend mergedWith(final HttpSend over, final boolean option) {
            return new HttpSend(over.meth != null ? over.meth : meth, over.uri != null ? over.uri : uri,
                over.ver != null ? over.ver : ver, !over.headers.isEmpty() ? over.headers : headers,
                over.body != null ? over.body : body, comment != null ? comment : over.comment, option);
        }
    }

    /** The check option in force, null for none (Layer 4 checks). */
    CheckRuleset.Kind kind;
    boolean disableOn404;
    /** {@code external-check command|path}, inherited from {@code defaults} like the option. */
    ExternalCheck external = ExternalCheck.NONE;
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
        c.disableOn404 = disableOn404;
        c.external = external;
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

    /** A rule other than a comment or the option's request comes before any connect. */
    private static boolean startsLate(final List<Line> lines) {
        for (final Line l : lines) {
            if (l.isConnect()) {
                return false;
            }
            if (!l.isComment() && !(l.send() != null && l.send().fromOption())) {
                return true;
            }
        }
        return false;
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
     * Places {@code option httpchk}'s request (tcpcheck_add_http_rule): in front when the rules do not start
     * (after a connect) with a send, instead of an earlier option's request, else merged into the first send.
     */
    void addHttpOption(final HttpSend option) {
        final List<Line> own = ownHttp();
        int first = indexNotComment(own, 0);
        if (first >= 0 && own.get(first).isConnect()) {
            first = indexNotComment(own, first + 1);
        }
        if (first < 0 || !own.get(first).isSend()) {
            own.add(0, new Line(null, null, option));
        } else if (own.get(first).send().fromOption()) {
            own.remove(first);
            own.add(0, new Line(null, null, option));
        } else {
            own.set(first, new Line(null, null, own.get(first).send().mergedWith(option, false),
                own.get(first).index()));
        }
    }

    /**
     * Adds an {@code http-check} rule or send. While {@code option httpchk} is in force: refused with HAProxy's
     * text where its sequence would be wrong, and a send merged with the option's request when that request is
     * still the first rule (the merged request then moves to the end, as HAProxy moves it).
     */
    void addHttp(final String kw, final Line line) {
        final List<Line> own = ownHttp();
        if (kind != CheckRuleset.Kind.HTTP) {
            own.add(line); // an unused ruleset: HAProxy checks nothing until the option takes it
            return;
        }
        final Line last = lastNotComment(own);
        // HAProxy's numbering: one more than the line before, restarting at 0 after the option's request
        final Line previous = own.isEmpty() ? null : own.get(own.size() - 1);
        final int index = previous == null || previous.isOption() ? 0 : previous.index() + 1;
        final int step = index + 1;
        if (last != null && !line.isComment() && !last.isOption()) {
            if (!last.isConnect() && line.isSend()) {
                throw new LineError("'" + kw + "' : unable to add http-check send rule at step " + step
                    + " (missing connect rule)..");
            }
            if (!last.isSend() && !last.isExpect() && line.isExpect()) {
                throw new LineError("'" + kw + "' : unable to add http-check expect rule at step " + step
                    + " (missing send rule)..");
            }
            if (!last.isExpect() && line.isConnect()) {
                throw new LineError("'" + kw + "' : unable to add http-check connect rule at step " + step
                    + " (missing expect rule)..");
            }
        }
        final int first = indexNotComment(own, 0);
        if (line.send() != null && first >= 0 && own.get(first).isOption()) {
            final Line option = own.remove(first);
            own.add(new Line(null, null, option.send().mergedWith(line.send(), false), option.index()));
            return;
        }
        own.add(line.withIndex(index));
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
            case EXTERNAL:
                return CheckRuleset.external(external);
            default:
                final List<Line> lines = new ArrayList<>();
                for (final CheckRule r : protocolRules) {
                    lines.add(new Line(r, null, null));
                }
                return fold(kind, lines, false);
        }
    }

    /**
     * The HTTP lines as HAProxy runs them: the option's request moved after a first connect, and HAProxy's
     * implicit expect (any 2xx or 3xx) after a final send.
     */
    private List<Line> httpRules() {
        final List<Line> lines = new ArrayList<>(httpLines);
        final int first = indexNotComment(lines, 0);
        if (first >= 0 && lines.get(first).send() != null && lines.get(first).send().fromOption()) {
            final int next = indexNotComment(lines, first + 1);
            if (next >= 0 && lines.get(next).isConnect()) {
                lines.add(next, lines.remove(first));
            }
        }
        final Line last = lastNotComment(lines);
        if (last != null && last.isSend()) {
            lines.add(new Line(CheckRule.Expect.http(null, null), null, null));
        }
        return lines;
    }

    /** The request bytes of a send; parts it leaves unset take HAProxy's defaults ({@code OPTIONS / HTTP/1.0}). */
    private static byte[] request(final HttpSend s) {
        HttpCheckConfig c = HttpCheckConfig.DEFAULT.withRequestLine(s.meth(), s.uri(), s.ver());
        for (int i = 0; i + 1 < s.headers().size(); i += 2) {
            c = c.withHeader(s.headers().get(i), s.headers().get(i + 1));
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
