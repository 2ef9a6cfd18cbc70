package dev.baton.stats.render;

import dev.baton.backend.CheckReport;
import dev.baton.stats.ActivityStats;
import dev.baton.stats.BackendStats;
import dev.baton.stats.FrontendStats;
import dev.baton.stats.ListenerStats;
import dev.baton.stats.PoolStats;
import dev.baton.stats.ProcessStats;
import dev.baton.stats.ProxyStats;
import dev.baton.stats.QueueStats;
import dev.baton.stats.ServerAgent;
import dev.baton.stats.ServerStats;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.ThreadStats;
import dev.baton.stats.TrafficTotals;

import java.util.List;
import java.util.Locale;

/**
 * The statistics page, in the spirit of HAProxy's: a process summary and a colour legend, one table per proxy
 * (its FRONTEND row, a row per listening address under {@code option socket-stats}, one row per server coloured by
 * state, its BACKEND row) with the queue current/max/limit
 * (HAProxy's: a server's {@code maxqueue}, "-" for none), sessions current/max/limit (a backend's {@code fullconn}),
 * bytes, errors, new connections against reuses, and the idle/safe/used pool figures; then one row per
 * reactor with its takeover and kill counters. Well-formed XHTML-compatible markup, every name escaped.
 *
 * <p>Pure function, to be served under {@code stats uri} once HTTP mode exists: {@link #serve} takes what
 * follows the URI ({@code ;csv} gives the {@code show stat} CSV, {@code ;norefresh} drops the refresh) and
 * returns the content type and body.
 */
public final class StatsPage {
    public static final String HTML_TYPE = "text/html; charset=utf-8";
    public static final String CSV_TYPE = "text/plain; charset=utf-8";

    /** What to send: content type and body. */
    public record Response(String contentType, String body) {
    }

    /**
     * How the page is served: its URI (for its own links and forms), the {@code stats refresh} delay in
     * seconds (0: no refresh), and whether the {@code stats admin} condition holds for this request (then
     * each backend table is a form: a checkbox per server, an action, Apply). {@code hideVersion}: {@code stats
     * hide-version}, the version is not shown; {@code node} and {@code description}: what {@code stats
     * show-node} and {@code stats show-desc} show in the title and heading (null: nothing); {@code legends}:
     * {@code stats show-legends}, the proxy, server and backend names carry tooltips with their capabilities,
     * mode, ids, addresses and algorithm, as HAProxy's. {@code modules}: {@code stats show-modules}, each table ends
     * with the statistics modules' columns ({@link StatsPageModules}).
     */
    public record Options(String uri, int refreshSeconds, boolean admin, boolean hideVersion, String node,
                          String description, boolean legends, boolean modules) {
        public Options(final String uri, final int refreshSeconds, final boolean admin, final boolean hideVersion,
                       final String node, final String description, final boolean legends) {
            this(uri, refreshSeconds, admin, hideVersion, node, description, legends, false);
        }

        public Options(final String uri, final int refreshSeconds) {
            this(uri, refreshSeconds, false);
        }

        public Options(final String uri, final int refreshSeconds, final boolean admin) {
            this(uri, refreshSeconds, admin, false, null, null, false);
        }

        /** These options without the refresh ({@code ;norefresh}). */
        Options withoutRefresh() {
            return new Options(uri, 0, admin, hideVersion, node, description, legends, modules);
        }
    }

    /** The admin form's fields, as HAProxy's page: the backend, the servers (repeated), the action. */
    public static final String FIELD_BACKEND = "b";
    public static final String FIELD_SERVER = "s";
    public static final String FIELD_ACTION = "action";
    /** The actions the admin form offers: the states of {@code set server ... state}. */
    public static final List<String> ACTIONS = List.of("ready", "drain", "maint");

    private StatsPage() {
    }

    /**
     * The answer to a request for {@code options.uri()} followed by {@code suffix}: HAProxy's {@code ;csv}
     * and {@code ;norefresh} options, in any order. The CSV shows addresses and algorithms (the page is meant
     * for operators; protect it with {@code stats auth}).
     */
    public static Response serve(final StatsSnapshot snapshot, final Options options, final String suffix) {
        final List<String> flags = List.of(suffix.split(";"));
        if (flags.contains("csv")) {
            return new Response(CSV_TYPE, StatCsv.render(snapshot, true));
        }
        final Options effective = flags.contains("norefresh") ? options.withoutRefresh() : options;
        String outcome = null;
        for (final String f : flags) {
            if (f.startsWith("st=")) {
                outcome = f.substring(3);
            }
        }
        return new Response(HTML_TYPE, render(snapshot, effective, outcome));
    }

    /** The HTML page. */
    public static String render(final StatsSnapshot snapshot, final Options options) {
        return render(snapshot, options, null);
    }

    /**
     * The HTML page; {@code outcome} is the {@code ;st=} code an admin action redirected with (HAProxy's
     * DONE, PART, NONE, ERRP, ...), shown above the tables, or null.
     */
    public static String render(final StatsSnapshot snapshot, final Options options, final String outcome) {
        final StringBuilder out = new StringBuilder(32 * 1024);
        final ProcessStats p = snapshot.process();
        out.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n")
            .append("<meta charset=\"utf-8\"/>\n");
        if (options.refreshSeconds() > 0) {
            out.append("<meta http-equiv=\"refresh\" content=\"").append(options.refreshSeconds()).append("\"/>\n");
        }
        final String onNode = options.node() == null ? "" : " on " + esc(options.node());
        out.append("<title>Statistics Report for ").append(esc(p.name())).append(" pid ").append(p.pid())
            .append(onNode).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        out.append("<h1>").append(esc(p.name())).append(" statistics report</h1>\n");
        if (options.node() != null || options.description() != null) {
            // HAProxy's second heading: "Statistics Report for pid N on NODE: DESCRIPTION"
            out.append("<h2>pid ").append(p.pid()).append(onNode)
                .append(options.description() == null ? "" : ": " + esc(options.description())).append("</h2>\n");
        }
        summary(out, p, options);
        if (outcome != null) {
            out.append("<p class=\"outcome\">").append(esc(outcomeText(outcome))).append("</p>\n");
        }
        for (final ProxyStats proxy : snapshot.proxies()) {
            final boolean form = options.admin() && proxy.backend() != null && !proxy.servers().isEmpty();
            if (form) {
                out.append("<form method=\"post\" action=\"").append(esc(options.uri())).append("\">\n");
            }
            proxy(out, proxy, form, options);
            if (form) {
                adminControls(out, proxy.name());
            }
        }
        threads(out, snapshot.threads());
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private static void summary(final StringBuilder out, final ProcessStats p, final Options options) {
        final long up = p.uptimeMs() / 1000;
        out.append("<table class=\"summary\"><tr><td class=\"info\">")
            .append("<p>").append(options.hideVersion() ? "" : "version " + esc(p.version()) + ", ")
            .append("pid ").append(p.pid()).append(", ")
            .append(p.nbthread()).append(" reactor(s)</p>\n")
            .append("<p>uptime ").append(up / 86400).append("d ")
            .append(String.format(Locale.ROOT, "%02dh%02dm%02ds", (up / 3600) % 24, (up / 60) % 60, up % 60))
            .append("</p>\n<p>maxconn ").append(p.maxconn()).append(", current connections ").append(p.currConns())
            .append(", total ").append(p.cumConns()).append("; maxsock ").append(p.maxsock()).append(", open sockets ")
            .append(p.openSockets()).append("</p>\n<p><a href=\"").append(esc(options.uri())).append(";csv\">CSV export</a>");
        if (options.refreshSeconds() > 0) {
            out.append(" | refresh every ").append(options.refreshSeconds()).append(" s (<a href=\"")
                .append(esc(options.uri())).append(";norefresh\">stop</a>)");
        }
        out.append("</p></td><td class=\"legend\">")
            .append("<p><span class=\"active_up\">active UP</span> <span class=\"backup_up\">backup UP</span></p>")
            .append("<p><span class=\"active_going_down\">active UP, going down</span> ")
            .append("<span class=\"backup_going_down\">backup UP, going down</span></p>")
            .append("<p><span class=\"active_going_up\">active DOWN, going up</span> ")
            .append("<span class=\"backup_going_up\">backup DOWN, going up</span></p>")
            .append("<p><span class=\"active_down\">active or backup DOWN</span> ")
            .append("<span class=\"active_no_check\">not checked</span></p>")
            .append("<p><span class=\"active_nolb\">active or backup NOLB</span> ")
            .append("<span class=\"active_draining\">active DRAIN</span> ")
            .append("<span class=\"backup_draining\">backup DRAIN</span></p>")
            .append("<p><span class=\"maintain\">MAINT (set server ... state maint)</span></p>")
            .append("</td></tr></table>\n");
    }

    /** {@code html} with a tooltip of {@code tipHtml} (both already escaped), as {@code stats show-legends} shows. */
    private static String tip(final String html, final String tipHtml) {
        return "<u>" + html + "<div class=\"tips\">" + tipHtml + "</div></u>";
    }

    /** A server's legend, as HAProxy's: its address by family, then its id. */
    static String serverLegend(final ServerStats s) {
        final String address = s.address() == null ? "" : s.address();
        final String family = address.indexOf(':') >= 0 ? "IPv6: "
            : !address.isEmpty() && Character.isDigit(address.charAt(0)) ? "IPv4: " : "";
        final String shown = address.isEmpty() ? "" : family + esc(StatCsv.hostPort(address, s.port())) + ", ";
        return shown + "id: " + s.sid();
    }

    /** HAProxy's words for the outcome of an admin action. */
    static String outcomeText(final String code) {
        switch (code) {
            case "DONE":
                return "Action processed successfully.";
            case "PART":
                return "Action not processed for some servers.";
            case "NONE":
                return "Nothing has changed.";
            case "ERRP":
                return "Action not processed: the request was invalid.";
            default:
                return "Unexpected result: " + code;
        }
    }

    /** Below a backend's table: the action select, the backend name, Apply; closes the form. */
    private static void adminControls(final StringBuilder out, final String backend) {
        out.append("<p class=\"admin\">Choose the action to perform on the checked servers: <select name=\"")
            .append(FIELD_ACTION).append("\"><option value=\"\"></option>");
        for (final String a : ACTIONS) {
            out.append("<option value=\"").append(a).append("\">Set state to ").append(a.toUpperCase(Locale.ROOT))
                .append("</option>");
        }
        out.append("</select><input type=\"hidden\" name=\"").append(FIELD_BACKEND).append("\" value=\"")
            .append(esc(backend)).append("\"/> <input type=\"submit\" value=\"Apply\"/></p>\n</form>\n");
    }

    private static void proxy(final StringBuilder out, final ProxyStats p, final boolean form,
                              final Options options) {
        final boolean legends = options.legends();
        final boolean modules = options.modules();
        final String cap = p.frontend() == null ? "backend" : p.backend() == null ? "frontend" : "proxy";
        out.append("<table class=\"tbl\" id=\"").append(esc(p.name())).append("\">\n")
            .append("<tr class=\"titre\"><th class=\"pxname\" colspan=\"2\">")
            .append(legends ? tip(esc(p.name()), "cap: " + cap + ", mode: " + esc(p.mode()) + ", id: " + p.iid())
                : esc(p.name()))
            .append("</th><th colspan=\"30\" class=\"desc\">")
            // the proxy's description where HAProxy shows it, else baton's summary of the proxy
            .append(p.description() != null ? esc(p.description()) : "mode " + esc(p.mode())
                + (p.backend() == null ? "" : ", balance " + esc(p.backend().algo()))).append("</th></tr>\n")
            .append("<tr class=\"titre\"><th rowspan=\"2\"></th><th colspan=\"3\">Queue</th>")
            .append("<th colspan=\"3\">Session rate</th><th colspan=\"6\">Sessions</th><th colspan=\"2\">Bytes</th>")
            .append("<th colspan=\"2\">Denied</th><th colspan=\"3\">Errors</th>")
            .append("<th colspan=\"2\">Warnings</th><th colspan=\"9\">Server</th><th colspan=\"3\">Connections</th>")
            .append("<th colspan=\"5\">Idle pool</th>").append(modules ? StatsPageModules.groupHeader() : "")
            .append("</tr>\n<tr class=\"titre\">")
            .append(headers("Cur", "Max", "Limit", "Cur", "Max", "Limit", "Cur", "Max", "Limit", "Total", "LbTot",
                "Last", "In", "Out", "Req", "Resp", "Req", "Conn", "Resp", "Retr", "Redis", "Status", "LastChg",
                "LastChk", "Wght", "Act", "Bck", "Chk", "Dwn", "Dwntme", "New", "Reuse", "Reuse %", "Idle", "Safe",
                "Used", "Need", "Limit"))
            .append(modules ? StatsPageModules.names() : "").append("</tr>\n");
        if (p.frontend() != null) {
            frontend(out, p.frontend());
            endRow(out, StatRow.Type.FRONTEND, modules);
            for (final ListenerStats l : p.listeners()) {
                listener(out, p.name(), l, legends);
                endRow(out, StatRow.Type.LISTENER, modules);
            }
        }
        if (p.backend() != null) {
            for (final ServerStats s : p.servers()) {
                server(out, s, form, legends);
                endRow(out, StatRow.Type.SERVER, modules);
            }
            backend(out, p.backend(), legends);
            endRow(out, StatRow.Type.BACKEND, modules);
        }
        out.append("</table>\n");
    }

    private static void frontend(final StringBuilder out, final FrontendStats f) {
        out.append("<tr class=\"frontend\"><td class=\"ac\">Frontend</td>");
        final TrafficTotals t = f.traffic();
        // the session rate's limit is empty: baton has no rate-limit sessions
        cells(out, "", "", "", f.activity().rate(), f.activity().rateMax(), "", f.scur(), f.smax(), f.slim(),
            f.stot(), "", "", bytes(f.bin()), bytes(f.bout()), t.dreq(), t.dresp(), t.ereq(), "", "", "", "",
            f.status(), "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "");
    }

    private static void server(final StringBuilder out, final ServerStats s, final boolean form,
                               final boolean legends) {
        final TrafficTotals t = s.traffic();
        final PoolStats pool = s.pool();
        out.append("<tr class=\"").append(rowClass(s)).append("\"><td class=\"ac\">");
        if (form) {
            out.append("<input type=\"checkbox\" name=\"").append(FIELD_SERVER).append("\" value=\"")
                .append(esc(s.name())).append("\"/>");
        }
        out.append(legends ? tip(esc(s.name()), serverLegend(s)) : esc(s.name())).append("</td>");
        final QueueStats q = s.queue();
        cells(out, q.cur(), q.max(), q.limit() > 0 ? q.limit() : "-", s.activity().rate(), s.activity().rateMax(), "",
            s.scur(), s.smax(), s.slim() > 0 ? s.slim() : "-", t.stot(), t.lbtot(), lastSession(s.activity()),
            bytes(t.bin()), bytes(t.bout()), "", t.dresp(), "", t.econ(), t.eresp(), t.wretr(), t.wredis(),
            s.status(), seconds(s.lastChangeSec()),
            lastCheckCell(s), s.weight() + "/" + s.uweight(), s.backup() ? "-" : "Y", s.backup() ? "Y" : "-",
            s.checks().checked() ? s.checks().chkfail() : "", s.checks().checked() ? s.checks().chkdown() : "",
            s.checks().checked() ? seconds(s.checks().downtimeSec()) : "", t.connect(), t.reuse(),
            reusePercent(t), pool.idle(), pool.safe(), pool.used(), pool.needEst(),
            pool.limit() == PoolStats.UNLIMITED ? "-" : pool.limit());
    }

    /**
     * HAProxy's LastChk text: the last check's status, its code when it has one, and, once one completed, its
     * duration ({@code L4OK in 0ms}, {@code L7STS/503 in 1ms}); {@code "* "} before it while a check runs; empty
     * without checks or in maintenance; the agent's report instead while the server's agent holds it DOWN.
     */
    static String lastCheck(final ServerStats s) {
        final ServerAgent agent = s.checks().agent();
        if (agent.enabled() && agent.health() == 0 && s.status().startsWith("DOWN")) {
            // HAProxy shows the agent's report for a server its agent holds DOWN: "L7STS/0 in 1ms"
            final String status = (agent.inProgress() ? "* " : "") + agent.last().status().name();
            final String code = agent.last().status().showsCode() ? "/" + agent.last().code() : "";
            return status + code + " in " + Math.max(0, agent.last().durationMs()) + "ms";
        }
        if (!s.showsChecks()) {
            return "";
        }
        final CheckReport last = s.checks().last();
        final String status = (s.checks().inProgress() ? "* " : "") + last.status().name()
            + (last.code() > 0 ? "/" + last.code() : "");
        final long ms = last.durationMs();
        return ms < 0 ? status : status + " in " + ms + "ms";
    }

    /**
     * HAProxy's LastChk cell content: {@link #lastCheck} with its tooltip, the check's description and, when there
     * is one, its info ({@code Layer7 wrong status: Service Unavailable}), escaped.
     */
    static String lastCheckCell(final ServerStats s) {
        final String text = lastCheck(s);
        if (text.isEmpty()) {
            return "";
        }
        final CheckReport last = s.checks().last();
        return "<u>" + esc(text) + "<div class=\"tips\">" + esc(last.status().description())
            + (last.info() == null || last.info().isEmpty() ? "" : ": " + esc(last.info())) + "</div></u>";
    }

    private static void backend(final StringBuilder out, final BackendStats b, final boolean legends) {
        final TrafficTotals t = b.traffic();
        out.append("<tr class=\"backend\"><td class=\"ac\">")
            .append(legends ? tip("Backend", "balancing: " + esc(b.algo())) : "Backend").append("</td>");
        // as HAProxy's page: no queue limit for a backend, its fullconn as its sessions' limit
        cells(out, b.queue().cur(), b.queue().max(), "", b.activity().rate(), b.activity().rateMax(), "", b.scur(),
            b.smax(), b.slim(), t.stot(), t.lbtot(), lastSession(b.activity()), bytes(t.bin()), bytes(t.bout()),
            t.dreq(), t.dresp(), "", t.econ(), t.eresp(), t.wretr(), t.wredis(), b.status(),
            seconds(b.lastChangeSec()), "", b.weight() + "/" + b.uweight(), b.act(), b.bck(), "", b.chkdown(),
            seconds(b.downtimeSec()), t.connect(), t.reuse(), reusePercent(t), "", "",
            "", "", "");
    }

    /** Ends a row of {@code type}: the module cells under {@code stats show-modules}, then the row's end. */
    private static void endRow(final StringBuilder out, final StatRow.Type type, final boolean modules) {
        out.append(modules ? StatsPageModules.cells(type) : "").append("</tr>\n");
    }

    /**
     * A listening address ({@code option socket-stats}), as HAProxy's page shows one: its name (with the legends, a
     * tooltip of its address and id), its sessions current/max/limit/total, bytes, denials, request errors, status.
     */
    private static void listener(final StringBuilder out, final String proxy, final ListenerStats l,
                                 final boolean legends) {
        final TrafficTotals t = l.traffic();
        out.append("<tr class=\"socket\"><td class=\"ac\"><a name=\"").append(esc(proxy)).append("/+")
            .append(esc(l.name())).append("\"></a>").append(legends ? tip(esc(l.name()), listenerLegend(l))
                : esc(l.name())).append("</td>");
        cells(out, "", "", "", "", "", "", l.scur(), l.smax(), l.slim(), t.stot(), "", "", bytes(t.bin()),
            bytes(t.bout()), t.dreq(), t.dresp(), t.ereq(), "", "", "", "", l.status(), "", "", "", "", "", "", "",
            "", "", "", "", "", "", "", "", "");
    }

    /** A listener's legend, as HAProxy's: its address by family, then its id. */
    static String listenerLegend(final ListenerStats l) {
        final String a = l.address();
        final String family = a.startsWith("[") ? "IPv6: " : !a.isEmpty() && Character.isDigit(a.charAt(0))
            ? "IPv4: " : "";
        return (a.isEmpty() ? "" : family + esc(a) + ", ") + "id: " + l.sid();
    }

    /** HAProxy's page's "Last" session cell: the time since the last session, {@code never} without one. */
    static String lastSession(final ActivityStats a) {
        return a.lastSessSec() < 0 ? "never" : seconds(a.lastSessSec());
    }

    private static void threads(final StringBuilder out, final List<ThreadStats> threads) {
        out.append("<table class=\"tbl\" id=\"threads\">\n<tr class=\"titre\"><th class=\"pxname\" colspan=\"2\">")
            .append("Reactors</th><th colspan=\"8\" class=\"desc\">activity since start</th></tr>\n<tr class=\"titre\">")
            .append(headers("Thread", "Loops", "Wake-ups", "Events", "Accepts", "Streams", "Takeovers",
                "Takeover fails", "Kills req.", "Kills done"))
            .append("</tr>\n");
        for (final ThreadStats t : threads) {
            out.append("<tr class=\"frontend\">");
            cells(out, t.thread(), t.loops(), t.wakeups(), t.events(), t.accepts(), t.streams(), t.fdTakeovers(),
                t.takeoverFailures(), t.killsRequested(), t.killsDone());
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    /**
     * HAProxy 2.6's row class for a server (stats.c), from its status: {@code maintain} for MAINT; else
     * {@code active_} or {@code backup_} and {@code down}, {@code going_up} (DOWN n/m), {@code draining} (DRAIN, or
     * UP at weight 0), {@code going_down} (UP n/m, NOLB n/m), {@code nolb}, {@code no_check}, or {@code up}.
     */
    static String rowClass(final ServerStats s) {
        final String status = s.status();
        if (status.startsWith("MAINT")) {
            return "maintain";
        }
        final String side = s.backup() ? "backup_" : "active_";
        if (status.equals("DOWN")) {
            return side + "down";
        }
        if (status.startsWith("DOWN ") && !status.equals("DOWN (agent)")) {
            return side + "going_up";
        }
        if (status.startsWith("DOWN")) {
            return side + "down"; // DOWN (agent)
        }
        if (status.startsWith("DRAIN")) {
            return side + "draining";
        }
        if (status.startsWith("NOLB ") || status.startsWith("UP ")) {
            return side + "going_down";
        }
        if (status.equals("NOLB")) {
            return side + "nolb";
        }
        if (status.equals("no check")) {
            return side + "no_check";
        }
        return side + (s.weight() > 0 ? "up" : "draining");
    }

    /** Share of reuses among the server connections a backend or server used, one decimal; "-" when none. */
    static String reusePercent(final TrafficTotals t) {
        final long all = t.connect() + t.reuse();
        return all == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * t.reuse() / all);
    }

    /** Bytes with a binary unit, as on HAProxy's page. */
    static String bytes(final long n) {
        if (n < 10_000) {
            return Long.toString(n);
        }
        final String[] units = {"K", "M", "G", "T", "P"};
        double v = n;
        int u = -1;
        while (v >= 10_000 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%d%s", (long) v, units[u]);
    }

    private static String seconds(final long s) {
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + (s / 60 % 60) + "m";
        }
        return (s / 86_400) + "d" + (s / 3600 % 24) + "h";
    }

    private static String headers(final String... names) {
        final StringBuilder out = new StringBuilder();
        for (final String n : names) {
            out.append("<th>").append(n).append("</th>");
        }
        return out.toString();
    }

    /** One {@code td} per value; strings are inserted as they are (callers escape names). */
    private static void cells(final StringBuilder out, final Object... values) {
        for (final Object v : values) {
            out.append("<td>").append(v).append("</td>");
        }
    }

    /** HTML escaping of text and attribute values. */
    static String esc(final String text) {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    /** HAProxy's page colours (the light theme). */
    private static final String CSS = String.join("\n",
        "body { font-family: arial, helvetica, sans-serif; font-size: 12px; color: black; background: white; }",
        "h1 { font-size: 16px; color: white; background: #20D0D0; padding: 4px; }",
        "a { color: #3030a0; }",
        "table.summary td { vertical-align: top; padding: 2px 12px; }",
        "table.tbl { border-collapse: collapse; border: 1px solid gray; margin: 12px 0; }",
        "table.tbl td, table.tbl th { border: 1px solid gray; padding: 1px 4px; text-align: right; "
            + "white-space: nowrap; }",
        "table.tbl td.ac { text-align: left; }",
        "table.tbl th.pxname { background: #b00040; color: #ffff40; font-weight: bold; text-align: left; }",
        "table.tbl th.desc { background: white; color: black; text-align: left; }",
        ".titre { background: #20D0D0; color: black; font-weight: bold; }",
        ".frontend, .backend { background: #e8e8d0; }",
        ".socket { background: #d0d0d0; }",
        ".active_up { background: #c0ffc0; }",
        ".active_draining { background: #20a0ff; }",
        ".active_nolb { background: #20a0ff; }",
        ".backup_nolb { background: #90b0e0; }",
        ".backup_up { background: #b0d0ff; }",
        ".backup_draining { background: #cc9900; }",
        ".active_down, .backup_down { background: #ff9090; }",
        ".active_going_up { background: #ffd020; }",
        ".active_going_down { background: #ffffa0; }",
        ".backup_going_up { background: #ff80ff; }",
        ".backup_going_down { background: #c060ff; }",
        ".active_no_check, .backup_no_check { background: #e0e0e0; }",
        ".maintain { background: #c07820; }",
        // the last check's tooltip, shown while the pointer is over its cell, as HAProxy's page
        "u { text-decoration: none; border-bottom: 1px dotted black; }",
        "div.tips { display: block; visibility: hidden; z-index: 2147483647; position: absolute; padding: 2px 4px 3px; "
            + "background: #f0f060; color: #000000; border: 1px solid #7040c0; white-space: nowrap; "
            + "font-style: normal; font-weight: normal; font-size: 11px; text-align: left; }",
        "u:hover div.tips { visibility: visible; }",
        "span { padding: 1px 6px; }",
        "");
}
