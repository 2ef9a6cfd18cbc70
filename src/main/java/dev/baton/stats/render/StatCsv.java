package dev.baton.stats.render;

import dev.baton.backend.CheckStatus;
import dev.baton.stats.PoolStats;
import dev.baton.stats.QueueStats;
import dev.baton.stats.ServerAgent;
import dev.baton.stats.ServerChecks;
import dev.baton.stats.ServerStats;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.TrafficTotals;

import java.util.EnumSet;
import java.util.Set;

/**
 * HAProxy's {@code show stat} CSV (also the stats page's {@code ;csv}): a header line {@code # pxname,svname,...}
 * then one line per {@link StatRow}. The header is HAProxy 2.6.12's, byte for byte: every one of its columns, named
 * and ordered as HAProxy names and orders them, so a row has as many fields as HAProxy's and each field sits at
 * HAProxy's position; a tool that reads columns by position ({@code cut -d, -f18}) or by header name reads them as
 * it would HAProxy's. Every field is followed by a comma, as in HAProxy. Pure function of a snapshot.
 *
 * <p>The rule for a field: where baton has the figure, it prints it as HAProxy would for that row type; where the
 * column does not apply to the row type, it is empty, as in HAProxy. The queue columns are HAProxy's
 * (docs/queues.md Q20): {@code qcur}/{@code qmax} of a server's own queue and of a backend's queue alone,
 * {@code qlimit} a server's {@code maxqueue} (empty when none), {@code qtime}/{@code qtime_max} on servers and
 * backends, and a backend's {@code slim} its {@code fullconn}. The request, response, rate and time columns
 * ({@code dreq}, {@code ereq}, {@code hrsp_*}, {@code req_rate}, {@code lastsess}, {@code ctime}, ...) are
 * {@link RequestColumns}'. A column baton keeps no figure for ({@link #UNTRACKED}: SSL, HTTP/1 and
 * HTTP/2 counters) is left empty on every row, never filled with an invented 0: an empty field never lies. The
 * nameless {@code -} column holds {@code -} on every row, as HAProxy 2.6 prints it.
 *
 * <p>Without legends ({@code level user} on the runtime API), {@code addr}, {@code cookie} and {@code algo} stay
 * empty, as HAProxy hides them from that level.
 *
 * <p>A frontend with {@code option socket-stats} has one listener row ({@code type} 3) per bind address after its
 * FRONTEND row, filled as HAProxy fills it ({@link ListenerColumns}); {@link StatFilter} selects rows as
 * {@code show stat IID TYPE SID} does.
 */
public final class StatCsv {
    /**
     * Every column of HAProxy 2.6's {@code show stat}, in its order; {@code src_ilim} and the nameless {@code -}
     * after {@code agg_check_status} are as HAProxy 2.6.12 prints them.
     */
    enum Column {
        PXNAME("pxname"), SVNAME("svname"), QCUR("qcur"), QMAX("qmax"), SCUR("scur"), SMAX("smax"), SLIM("slim"),
        STOT("stot"), BIN("bin"), BOUT("bout"), DREQ("dreq"), DRESP("dresp"), EREQ("ereq"), ECON("econ"),
        ERESP("eresp"), WRETR("wretr"), WREDIS("wredis"), STATUS("status"), WEIGHT("weight"), ACT("act"), BCK("bck"),
        CHKFAIL("chkfail"), CHKDOWN("chkdown"), LASTCHG("lastchg"), DOWNTIME("downtime"), QLIMIT("qlimit"), PID("pid"),
        IID("iid"), SID("sid"), THROTTLE("throttle"), LBTOT("lbtot"), TRACKED("tracked"), TYPE("type"), RATE("rate"),
        RATE_LIM("rate_lim"), RATE_MAX("rate_max"), CHECK_STATUS("check_status"), CHECK_CODE("check_code"),
        CHECK_DURATION("check_duration"), HRSP_1XX("hrsp_1xx"), HRSP_2XX("hrsp_2xx"), HRSP_3XX("hrsp_3xx"),
        HRSP_4XX("hrsp_4xx"), HRSP_5XX("hrsp_5xx"), HRSP_OTHER("hrsp_other"), HANAFAIL("hanafail"),
        REQ_RATE("req_rate"), REQ_RATE_MAX("req_rate_max"), REQ_TOT("req_tot"), CLI_ABRT("cli_abrt"),
        SRV_ABRT("srv_abrt"), COMP_IN("comp_in"), COMP_OUT("comp_out"), COMP_BYP("comp_byp"), COMP_RSP("comp_rsp"),
        LASTSESS("lastsess"), LAST_CHK("last_chk"), LAST_AGT("last_agt"), QTIME("qtime"), CTIME("ctime"),
        RTIME("rtime"), TTIME("ttime"), AGENT_STATUS("agent_status"), AGENT_CODE("agent_code"),
        AGENT_DURATION("agent_duration"), CHECK_DESC("check_desc"), AGENT_DESC("agent_desc"), CHECK_RISE("check_rise"),
        CHECK_FALL("check_fall"), CHECK_HEALTH("check_health"), AGENT_RISE("agent_rise"), AGENT_FALL("agent_fall"),
        AGENT_HEALTH("agent_health"), ADDR("addr"), COOKIE("cookie"), MODE("mode"), ALGO("algo"),
        CONN_RATE("conn_rate"), CONN_RATE_MAX("conn_rate_max"), CONN_TOT("conn_tot"), INTERCEPTED("intercepted"),
        DCON("dcon"), DSES("dses"), WREW("wrew"), CONNECT("connect"), REUSE("reuse"), CACHE_LOOKUPS("cache_lookups"),
        CACHE_HITS("cache_hits"), SRV_ICUR("srv_icur"), SRV_ILIM("src_ilim"), QTIME_MAX("qtime_max"),
        CTIME_MAX("ctime_max"), RTIME_MAX("rtime_max"), TTIME_MAX("ttime_max"), EINT("eint"),
        IDLE_CONN_CUR("idle_conn_cur"), SAFE_CONN_CUR("safe_conn_cur"), USED_CONN_CUR("used_conn_cur"),
        NEED_CONN_EST("need_conn_est"), UWEIGHT("uweight"), AGG_SERVER_STATUS("agg_server_status"),
        AGG_SERVER_CHECK_STATUS("agg_server_check_status"), AGG_CHECK_STATUS("agg_check_status"), DASH("-"),
        SSL_SESS("ssl_sess"), SSL_REUSED_SESS("ssl_reused_sess"), SSL_FAILED_HANDSHAKE("ssl_failed_handshake"),
        H2_HEADERS_RCVD("h2_headers_rcvd"), H2_DATA_RCVD("h2_data_rcvd"), H2_SETTINGS_RCVD("h2_settings_rcvd"),
        H2_RST_STREAM_RCVD("h2_rst_stream_rcvd"), H2_GOAWAY_RCVD("h2_goaway_rcvd"),
        H2_DETECTED_CONN_PROTOCOL_ERRORS("h2_detected_conn_protocol_errors"),
        H2_DETECTED_STRM_PROTOCOL_ERRORS("h2_detected_strm_protocol_errors"), H2_RST_STREAM_RESP("h2_rst_stream_resp"),
        H2_GOAWAY_RESP("h2_goaway_resp"), H2_OPEN_CONNECTIONS("h2_open_connections"),
        H2_BACKEND_OPEN_STREAMS("h2_backend_open_streams"), H2_TOTAL_CONNECTIONS("h2_total_connections"),
        H2_BACKEND_TOTAL_STREAMS("h2_backend_total_streams"), H1_OPEN_CONNECTIONS("h1_open_connections"),
        H1_OPEN_STREAMS("h1_open_streams"), H1_TOTAL_CONNECTIONS("h1_total_connections"),
        H1_TOTAL_STREAMS("h1_total_streams"), H1_BYTES_IN("h1_bytes_in"), H1_BYTES_OUT("h1_bytes_out"),
        H1_SPLICED_BYTES_IN("h1_spliced_bytes_in"), H1_SPLICED_BYTES_OUT("h1_spliced_bytes_out");

        final String header;

        Column(final String header) {
            this.header = header;
        }
    }

    /** The columns baton keeps no figure for: empty on every row (the class comment gives the rule). */
    static final Set<Column> UNTRACKED = EnumSet.of(Column.SSL_SESS,
        Column.SSL_REUSED_SESS, Column.SSL_FAILED_HANDSHAKE, Column.H2_HEADERS_RCVD, Column.H2_DATA_RCVD,
        Column.H2_SETTINGS_RCVD, Column.H2_RST_STREAM_RCVD, Column.H2_GOAWAY_RCVD,
        Column.H2_DETECTED_CONN_PROTOCOL_ERRORS, Column.H2_DETECTED_STRM_PROTOCOL_ERRORS, Column.H2_RST_STREAM_RESP,
        Column.H2_GOAWAY_RESP, Column.H2_OPEN_CONNECTIONS, Column.H2_BACKEND_OPEN_STREAMS,
        Column.H2_TOTAL_CONNECTIONS, Column.H2_BACKEND_TOTAL_STREAMS, Column.H1_OPEN_CONNECTIONS,
        Column.H1_OPEN_STREAMS, Column.H1_TOTAL_CONNECTIONS, Column.H1_TOTAL_STREAMS, Column.H1_BYTES_IN,
        Column.H1_BYTES_OUT, Column.H1_SPLICED_BYTES_IN, Column.H1_SPLICED_BYTES_OUT);

    private StatCsv() {
    }

    /** The header line, without its newline. */
    public static String header() {
        final StringBuilder out = new StringBuilder("# ");
        for (final Column c : Column.values()) {
            out.append(c.header).append(',');
        }
        return out.toString();
    }

    /** Header and rows, each line ending with a newline; no empty line. */
    public static String render(final StatsSnapshot snapshot, final boolean legends) {
        return render(snapshot, legends, StatFilter.ALL);
    }

    /** Header and the rows {@code filter} selects ({@code show stat IID TYPE SID}). */
    public static String render(final StatsSnapshot snapshot, final boolean legends, final StatFilter filter) {
        final StringBuilder out = new StringBuilder(header()).append('\n');
        for (final StatRow row : StatRow.of(snapshot)) {
            if (!filter.shows(row)) {
                continue;
            }
            for (final Column c : Column.values()) {
                out.append(escape(field(c, row, legends))).append(',');
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The value of one cell; "" when the column does not apply to the row. */
    static String field(final Column c, final StatRow row, final boolean legends) {
        if (row.type() == StatRow.Type.LISTENER) {
            return UNTRACKED.contains(c) ? "" : ListenerColumns.field(c, row, legends);
        }
        final boolean fe = row.type() == StatRow.Type.FRONTEND;
        final boolean sv = row.type() == StatRow.Type.SERVER;
        final TrafficTotals t = row.traffic();
        if (UNTRACKED.contains(c)) {
            return "";
        }
        final String counted = RequestColumns.field(c, row);
        if (counted != null) {
            return counted;
        }
        switch (c) {
            case DASH:
                return "-";
            case PXNAME:
                return row.proxy().name();
            case SVNAME:
                return row.svname();
            case QCUR:
            case QMAX:
            case QLIMIT:
            case QTIME:
            case QTIME_MAX:
                return fe ? "" : queueField(c, sv ? row.server().queue() : row.backend().queue());
            case SCUR:
                return String.valueOf(fe ? row.frontend().scur() : sv ? row.server().scur() : row.backend().scur());
            case SMAX:
                return String.valueOf(fe ? row.frontend().smax() : sv ? row.server().smax() : row.backend().smax());
            case SLIM:
                // a backend shows its fullconn, as HAProxy does
                return fe ? String.valueOf(row.frontend().slim()) : !sv ? String.valueOf(row.backend().slim())
                    : row.server().slim() > 0 ? String.valueOf(row.server().slim()) : "";
            case STOT:
                return String.valueOf(fe ? row.frontend().stot() : t.stot());
            case BIN:
                return String.valueOf(fe ? row.frontend().bin() : t.bin());
            case BOUT:
                return String.valueOf(fe ? row.frontend().bout() : t.bout());
            case STATUS:
                return fe ? row.frontend().status() : sv ? row.server().status() : row.backend().status();
            case WEIGHT:
                return fe ? "" : String.valueOf(sv ? row.server().weight() : row.backend().weight());
            case UWEIGHT:
                return fe ? "" : String.valueOf(sv ? row.server().uweight() : row.backend().uweight());
            case ACT:
                return fe ? "" : String.valueOf(sv ? (row.server().backup() ? 0 : 1) : row.backend().act());
            case BCK:
                return fe ? "" : String.valueOf(sv ? (row.server().backup() ? 1 : 0) : row.backend().bck());
            case LASTCHG:
                return sv ? String.valueOf(row.server().lastChangeSec())
                    : fe ? "" : String.valueOf(row.backend().lastChangeSec());
            case PID:
                return "1";
            case IID:
                return String.valueOf(row.proxy().iid());
            case SID:
                return String.valueOf(sv ? row.server().sid() : 0);
            case TYPE:
                return String.valueOf(row.type().code);
            case ADDR:
                return sv && legends ? hostPort(row.server().address(), row.server().port()) : "";
            case COOKIE: { // HAProxy's: the server's cookie value, the backend's cookie name, with the legends
                final String cookie = !legends ? null : sv ? row.server().cookie()
                    : row.type() == StatRow.Type.BACKEND ? row.proxy().cookie() : null;
                return cookie == null ? "" : cookie;
            }
            case MODE:
                return row.proxy().mode();
            case ALGO:
                return row.type() == StatRow.Type.BACKEND && legends ? row.backend().algo() : "";
            case CONN_TOT:
                return fe ? String.valueOf(row.frontend().connTot()) : "";
            case COMP_IN:
            case COMP_OUT:
            case COMP_BYP:
            case COMP_RSP: // HAProxy's: on frontend and backend rows (in any mode), empty on servers
                return sv ? "" : compressionField(c, fe ? row.frontend().compression() : row.backend().compression());
            case CHKDOWN:
            case DOWNTIME:
                if (row.type() == StatRow.Type.BACKEND) {
                    return String.valueOf(c == Column.CHKDOWN ? row.backend().chkdown() : row.backend().downtimeSec());
                }
                return sv ? checkField(c, row.server()) : "";
            case CHKFAIL:
            case CHECK_STATUS:
            case CHECK_CODE:
            case CHECK_DURATION:
            case LAST_CHK:
            case CHECK_DESC:
            case CHECK_RISE:
            case CHECK_FALL:
            case CHECK_HEALTH:
                return sv ? checkField(c, row.server()) : "";
            case HANAFAIL:
                return sv && row.server().checks().hanafail() >= 0 ? String.valueOf(row.server().checks().hanafail())
                    : "";
            case LAST_AGT:
            case AGENT_STATUS:
            case AGENT_CODE:
            case AGENT_DURATION:
            case AGENT_DESC:
            case AGENT_RISE:
            case AGENT_FALL:
            case AGENT_HEALTH:
                return sv ? agentField(c, row.server().checks().agent()) : "";
            default:
                return fe ? "" : sv ? serverOrBackend(c, t, row.server().pool()) : serverOrBackend(c, t, null);
        }
    }

    /**
     * The health-check columns of a server row, as HAProxy 2.6 fills them: empty without {@code check};
     * {@code chkfail}, {@code chkdown}, {@code downtime} for every checked server; the others only while checks
     * run (not in maintenance), {@code check_duration} and {@code last_chk} once a check completed;
     * {@code check_status} starts with {@code "* "} while a check is under way, and {@code last_chk} is then empty.
     * {@code check_code} is the check's code (an HTTP status, a protocol check's error) for the Layer 7 outcomes
     * that carry one (L7OK, L7OKC, L7STS), 0 when there is none, empty otherwise, as HAProxy shows it.
     */
    static String checkField(final Column c, final ServerStats s) {
        final ServerChecks k = s.checks();
        if (!k.checked()) {
            return "";
        }
        switch (c) {
            case CHKFAIL:
                return String.valueOf(k.chkfail());
            case CHKDOWN:
                return String.valueOf(k.chkdown());
            case DOWNTIME:
                return String.valueOf(k.downtimeSec());
            default:
                break;
        }
        if (!s.showsChecks()) {
            return "";
        }
        final boolean done = k.last().status() != CheckStatus.INI;
        switch (c) {
            case CHECK_STATUS:
                return (k.inProgress() ? "* " : "") + k.last().status().name();
            case CHECK_CODE:
                return done && k.last().status().showsCode() ? String.valueOf(k.last().code()) : "";
            case CHECK_DURATION:
                return done ? String.valueOf(k.last().durationMs()) : "";
            case LAST_CHK:
                // HAProxy empties the check's text when the next check starts (HCHK_STATUS_START)
                return done && !k.inProgress() && k.last().info() != null ? k.last().info() : "";
            case CHECK_DESC:
                return k.last().status().description();
            case CHECK_RISE:
                return String.valueOf(k.rise());
            case CHECK_FALL:
                return String.valueOf(k.fall());
            case CHECK_HEALTH:
                return String.valueOf(k.health());
            default:
                return "";
        }
    }

    /**
     * The agent columns of a server row, as HAProxy 2.6 fills them: empty unless the server has an enabled agent
     * (maintenance does not pause the agent); {@code agent_status} starts with {@code "* "} while an agent check is
     * under way; {@code agent_code} only for the statuses that carry a code (an agent's {@code up} and
     * {@code down}: 0); {@code last_agt} the agent's description ({@code via agent : up}, ...), empty while an
     * agent check is under way (HAProxy clears it when a check starts).
     */
    static String agentField(final Column c, final ServerAgent a) {
        if (!a.enabled()) {
            return "";
        }
        switch (c) {
            case AGENT_STATUS:
                return (a.inProgress() ? "* " : "") + a.last().status().name();
            case AGENT_CODE:
                return a.last().status().showsCode() ? String.valueOf(a.last().code()) : "";
            case AGENT_DURATION:
                return String.valueOf(Math.max(0, a.last().durationMs()));
            case AGENT_DESC:
                return a.last().status().description();
            case LAST_AGT:
                // HAProxy clears the description when a check starts
                return a.last().info() != null && !a.inProgress() ? a.last().info() : "";
            case AGENT_RISE:
                return String.valueOf(a.rise());
            case AGENT_FALL:
                return String.valueOf(a.fall());
            case AGENT_HEALTH:
                return String.valueOf(a.health());
            default:
                return "";
        }
    }

    /** A {@code comp_*} column of a frontend or backend row. */
    static String compressionField(final Column c, final dev.baton.stats.CompressionStats k) {
        switch (c) {
            case COMP_IN:
                return String.valueOf(k.in());
            case COMP_OUT:
                return String.valueOf(k.out());
            case COMP_BYP:
                return String.valueOf(k.bypassed());
            default:
                return String.valueOf(k.responses());
        }
    }

    /** The queue columns of a server or backend row; {@code qlimit} empty without {@code maxqueue} (a backend's). */
    static String queueField(final Column c, final QueueStats q) {
        switch (c) {
            case QCUR:
                return String.valueOf(q.cur());
            case QMAX:
                return String.valueOf(q.max());
            case QLIMIT:
                return q.limit() > 0 ? String.valueOf(q.limit()) : "";
            case QTIME:
                return String.valueOf(q.timeMs());
            case QTIME_MAX:
                return String.valueOf(q.timeMaxMs());
            default:
                throw new IllegalStateException("not a queue column: " + c);
        }
    }

    /** Cumulative counters (backend and server) and pool figures (server only: {@code pool} not null). */
    private static String serverOrBackend(final Column c, final TrafficTotals t, final PoolStats pool) {
        switch (c) {
            case ECON:
                return String.valueOf(t.econ());
            case ERESP:
                return String.valueOf(t.eresp());
            case WRETR:
                return String.valueOf(t.wretr());
            case WREDIS:
                return String.valueOf(t.wredis());
            case LBTOT:
                return String.valueOf(t.lbtot());
            case CLI_ABRT:
                return String.valueOf(t.cliAbrt());
            case SRV_ABRT:
                return String.valueOf(t.srvAbrt());
            case CONNECT:
                return String.valueOf(t.connect());
            case REUSE:
                return String.valueOf(t.reuse());
            default:
                return pool == null ? "" : poolField(c, pool);
        }
    }

    private static String poolField(final Column c, final PoolStats pool) {
        switch (c) {
            case SRV_ICUR:
                return String.valueOf(pool.idleTotal());
            case SRV_ILIM:
                return pool.limit() == PoolStats.UNLIMITED ? "" : String.valueOf(pool.limit());
            case IDLE_CONN_CUR:
                return String.valueOf(pool.idle());
            case SAFE_CONN_CUR:
                return String.valueOf(pool.safe());
            case USED_CONN_CUR:
                return String.valueOf(pool.used());
            case NEED_CONN_EST:
                return String.valueOf(pool.needEst());
            default:
                throw new IllegalStateException("unhandled column " + c);
        }
    }

    /** {@code IP:PORT}, an IPv6 address in brackets as HAProxy writes it. */
    static String hostPort(final String address, final int port) {
        if (address.equals("unix")) {
            return address; // HAProxy's addr of a Unix server
        }
        if (address.equals(ServerStats.NO_ADDRESS)) {
            return ""; // HAProxy prints no address of an unknown family
        }
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }

    /** CSV quoting: a field holding a comma, a quote or a line break is quoted, quotes doubled. */
    static String escape(final String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
