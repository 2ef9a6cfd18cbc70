package dev.baton.stats.render;

import dev.baton.backend.Server;
import dev.baton.stats.ActivityStats;
import dev.baton.stats.BackendStats;
import dev.baton.stats.CompressionStats;
import dev.baton.stats.FrontendStats;
import dev.baton.stats.ListenerStats;
import dev.baton.stats.PoolStats;
import dev.baton.stats.ProcessStats;
import dev.baton.stats.ProxyStats;
import dev.baton.stats.ServerStats;
import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.ThreadStats;
import dev.baton.stats.TrafficTotals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus text exposition (format 0.0.4) of a {@link StatsSnapshot}, named as HAProxy's exporter
 * names its metrics with {@code baton_} for {@code haproxy_}: {@code baton_process_*}, {@code baton_frontend_*},
 * {@code baton_backend_*} and {@code baton_server_*} with labels {@code proxy} and {@code server},
 * {@code baton_listener_*} with labels {@code proxy} and {@code listener} ({@code option socket-stats}), the status
 * metrics as one sample per {@code state} label value; plus baton's per-reactor {@code baton_thread_*}
 * counters with label {@code thread}. A value baton does not know (a limit that is not set) is {@code NaN}.
 * The time averages are the exporter's: over the last 512 requests even before 512 came (HAProxy 2.6's
 * exporter divides by its full window where {@code show stat}'s {@code qtime} divides by the requests so far). The
 * HTTP families ({@code http_requests_total}, {@code http_responses_total{code}}, ...) are given for proxies in
 * {@code mode http} only, as HAProxy's exporter gives them.
 *
 * <p>Pure function, to be served by the {@code prometheus-exporter} service once HTTP mode exists (the
 * response's {@code Content-Type} is {@link #CONTENT_TYPE}). Families come metric by metric, each with its
 * HELP and TYPE lines, its samples in configuration order.
 */
public final class PrometheusExposition {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The states of {@code baton_frontend_status} and {@code baton_backend_status}. */
    static final List<String> PROXY_STATES = List.of("DOWN", "UP");
    /** The states of {@code baton_server_status} and {@code baton_backend_agg_server_status}, as HAProxy's. */
    static final List<String> SERVER_STATES = List.of("DOWN", "UP", "MAINT", "DRAIN", "NOLB");

    private static final List<Metric<ProcessStats>> PROCESS = List.of(
        gauge("nbthread", "Reactor threads running (nbthread).", ProcessStats::nbthread),
        gauge("nbproc", "Worker processes (always 1).", p -> 1),
        gauge("relative_process_id", "Relative number of this worker process (always 1).", p -> 1),
        gauge("uptime_seconds", "Time since the process started, in seconds.", p -> p.uptimeMs() / 1000),
        gauge("start_time_seconds", "Start time of the process, in seconds since the epoch.",
            p -> p.startEpochMs() / 1000),
        gauge("max_fds", "File-descriptor limit of the process (ulimit-n).", ProcessStats::ulimitN),
        gauge("max_sockets", "Sockets the process may hold open.", ProcessStats::maxsock),
        gauge("max_connections", "Global connection limit (maxconn).", ProcessStats::maxconn),
        gauge("hard_max_connections", "Hard global connection limit.", ProcessStats::maxconn),
        gauge("current_connections", "Clients connected now.", ProcessStats::currConns),
        counter("connections_total", "Clients accepted since start.", ProcessStats::cumConns),
        gauge("listeners", "Listening sockets of the frontends.", ProcessStats::listeners));

    private static final List<Metric<FrontendStats>> FRONTEND = List.of(
        gauge("current_sessions", "Clients connected now.", FrontendStats::scur),
        gauge("max_sessions", "Most clients connected at once since start.", FrontendStats::smax),
        gauge("limit_sessions", "Connection limit in force (maxconn).", FrontendStats::slim),
        counter("sessions_total", "Sessions since start.", FrontendStats::stot),
        counter("bytes_in_total", "Bytes received from clients since start.", FrontendStats::bin),
        counter("bytes_out_total", "Bytes sent to clients since start.", FrontendStats::bout),
        counter("connections_total", "Connections accepted since start.", FrontendStats::connTot),
        gauge("limit_session_rate", "Session rate limit (rate-limit sessions; baton has none: 0).", f -> 0),
        gauge("max_session_rate", "Most sessions in one second since start.", f -> f.activity().rateMax()),
        counter("requests_denied_total", "Requests denied.", f -> f.traffic().dreq()),
        counter("responses_denied_total", "Responses denied.", f -> f.traffic().dresp()),
        counter("request_errors_total", "Requests that failed (malformed, cut, timed out).", f -> f.traffic().ereq()),
        gauge("connections_rate_max", "Most connections accepted in one second since start.",
            f -> f.activity().connRateMax()),
        counter("denied_connections_total", "Connections refused by tcp-request connection rules.",
            f -> f.traffic().dcon()),
        counter("denied_sessions_total", "Sessions refused by tcp-request session rules.", f -> f.traffic().dses()),
        counter("failed_header_rewriting_total", "Failed header rewrites.", f -> f.traffic().wrew()),
        counter("internal_errors_total", "Internal errors.", f -> f.traffic().eint()));

    /**
     * The listeners of the frontends with {@code option socket-stats} (labels {@code proxy}, {@code listener}), in
     * HAProxy's exporter's order: these, then {@code baton_listener_status}, then {@link #LISTENER_DENIALS}.
     */
    private static final List<Metric<ListenerStats>> LISTENER = List.of(
        gauge("current_sessions", "Clients of this address connected now.", ListenerStats::scur),
        gauge("max_sessions", "Most clients of this address connected at once since start.", ListenerStats::smax),
        gauge("limit_sessions", "The bind's maxconn; 0 without one.", ListenerStats::slim),
        counter("sessions_total", "Connections accepted on this address since start.", l -> l.traffic().stot()),
        counter("bytes_in_total", "Bytes received from its clients since start.", l -> l.traffic().bin()),
        counter("bytes_out_total", "Bytes sent to its clients since start.", l -> l.traffic().bout()),
        counter("requests_denied_total", "Requests denied.", l -> l.traffic().dreq()),
        counter("responses_denied_total", "Responses denied.", l -> l.traffic().dresp()),
        counter("request_errors_total", "Requests that failed (malformed, cut, timed out).", l -> l.traffic().ereq()));

    private static final List<Metric<ListenerStats>> LISTENER_DENIALS = List.of(
        counter("denied_connections_total", "Connections refused by tcp-request connection rules.",
            l -> l.traffic().dcon()),
        counter("denied_sessions_total", "Sessions refused by tcp-request session rules.", l -> l.traffic().dses()),
        counter("failed_header_rewriting_total", "Failed header rewrites.", l -> l.traffic().wrew()),
        counter("internal_errors_total", "Internal errors.", l -> l.traffic().eint()));

    /** The states of {@code baton_listener_status}, as HAProxy's. */
    static final List<String> LISTENER_STATES = List.of("WAITING", "OPEN", "FULL");

    /** Frontend metrics of HTTP proxies only, as HAProxy's exporter gives them. */
    private static final List<Metric<FrontendStats>> HTTP_FRONTEND = List.of(
        gauge("http_requests_rate_max", "Most HTTP requests in one second since start.",
            f -> f.activity().reqRateMax()),
        counter("http_requests_total", "HTTP requests received since start.", f -> f.traffic().reqTot()),
        counter("intercepted_requests_total", "Requests answered by the frontend itself.",
            f -> f.traffic().intercepted()),
        counter("http_cache_lookups_total", "Requests looked up in an HTTP cache.", f -> f.traffic().cacheLookups()),
        counter("http_cache_hits_total", "Requests an HTTP cache answered.", f -> f.traffic().cacheHits()));

    /**
     * HAProxy's exporter's compression counters, of the frontends and backends in {@code mode http} only (as it
     * leaves them out for tcp proxies), under {@code baton_frontend_} and {@code baton_backend_}.
     */
    private static final List<Metric<CompressionStats>> COMPRESSION = List.of(
        counter("http_comp_bytes_in_total", "Response body bytes fed to the HTTP compressor since start.",
            CompressionStats::in),
        counter("http_comp_bytes_out_total", "Bytes the HTTP compressor made since start.", CompressionStats::out),
        counter("http_comp_bytes_bypassed_total", "Response body bytes that bypassed the HTTP compressor since "
            + "start.", CompressionStats::bypassed),
        counter("http_comp_responses_total", "HTTP responses that went through the compression since start.",
            CompressionStats::responses));

    private static final List<Metric<BackendStats>> BACKEND = withTimes(BackendStats::activity, List.of(
        gauge("current_queue", "Streams waiting in the backend's own queue now.", b -> b.queue().cur()),
        gauge("max_queue", "Most streams waiting in the backend's own queue at once since start.",
            b -> b.queue().max()),
        gauge("current_sessions", "Streams attached now.", BackendStats::scur),
        gauge("max_sessions", "Most streams attached at once since start.", BackendStats::smax),
        gauge("limit_sessions", "The backend's fullconn.", BackendStats::slim),
        counter("sessions_total", "Streams since start.", b -> b.traffic().stot()),
        counter("bytes_in_total", "Bytes received from clients since start.", b -> b.traffic().bin()),
        counter("bytes_out_total", "Bytes sent to clients since start.", b -> b.traffic().bout()),
        counter("connection_errors_total", "Failed connection attempts to servers.", b -> b.traffic().econ()),
        counter("response_errors_total", "Errors from servers after they accepted.", b -> b.traffic().eresp()),
        counter("retry_warnings_total", "Connection retries.", b -> b.traffic().wretr()),
        counter("redispatch_warnings_total", "Redispatches to another server.", b -> b.traffic().wredis()),
        gauge("weight", "Total effective weight of the servers that can take traffic.", BackendStats::weight),
        gauge("active_servers", "Active servers that can take traffic.", BackendStats::act),
        gauge("backup_servers", "Backup servers that can take traffic.", BackendStats::bck),
        counter("loadbalanced_total", "Times a server was chosen by the balancer.", b -> b.traffic().lbtot()),
        counter("client_aborts_total", "Transfers aborted by the client.", b -> b.traffic().cliAbrt()),
        counter("server_aborts_total", "Transfers aborted by the server.", b -> b.traffic().srvAbrt()),
        counter("connection_attempts_total", "New connections opened to servers.", b -> b.traffic().connect()),
        counter("connection_reuses_total", "Server connections reused from the idle pools.",
            b -> b.traffic().reuse()),
        gauge("uweight", "Total weight of the active servers, as configured or set.", BackendStats::uweight),
        counter("check_up_down_total", "Times the backend lost its last usable server.", BackendStats::chkdown),
        gauge("check_last_change_seconds", "Seconds since the backend last lost or regained a usable server.",
            BackendStats::lastChangeSec),
        counter("downtime_seconds_total", "Seconds spent without a usable server.", BackendStats::downtimeSec),
        gauge("queue_time_average_seconds", "Average queue time of the last 512 requests, in seconds.",
            b -> b.queue().exporterTimeMs() / 1000.0),
        gauge("max_queue_time_seconds", "Longest queue time of a stream that connected, in seconds.",
            b -> b.queue().timeMaxMs() / 1000.0),
        gauge("max_session_rate", "Most sessions in one second since start.", b -> b.activity().rateMax()),
        gauge("last_session_seconds", "Seconds since a session was last given a server; -1 never.",
            b -> b.activity().lastSessSec()),
        counter("requests_denied_total", "Requests denied.", b -> b.traffic().dreq()),
        counter("responses_denied_total", "Responses denied.", b -> b.traffic().dresp()),
        counter("failed_header_rewriting_total", "Failed header rewrites.", b -> b.traffic().wrew()),
        counter("internal_errors_total", "Internal errors.", b -> b.traffic().eint())));

    /** Backend metrics of HTTP proxies only, as HAProxy's exporter gives them. */
    private static final List<Metric<BackendStats>> HTTP_BACKEND = List.of(
        counter("http_requests_total", "HTTP requests that reached the backend since start.",
            b -> b.traffic().reqTot()),
        counter("http_cache_lookups_total", "Requests looked up in an HTTP cache.", b -> b.traffic().cacheLookups()),
        counter("http_cache_hits_total", "Requests an HTTP cache answered.", b -> b.traffic().cacheHits()));

    private static final List<Metric<ServerStats>> SERVER = withTimes(ServerStats::activity, List.of(
        gauge("current_queue", "Streams waiting in this server's queue now.", s -> s.queue().cur()),
        gauge("max_queue", "Most streams waiting in this server's queue at once since start.", s -> s.queue().max()),
        gauge("current_sessions", "Connections established or being established now.", ServerStats::scur),
        gauge("max_sessions", "Most connections at once since start.", ServerStats::smax),
        gauge("limit_sessions", "Connection limit (maxconn); NaN when unlimited.",
            s -> s.slim() > 0 ? s.slim() : Double.NaN),
        counter("sessions_total", "Connections established since start.", s -> s.traffic().stot()),
        counter("bytes_in_total", "Bytes sent to this server for clients since start.", s -> s.traffic().bin()),
        counter("bytes_out_total", "Bytes received from this server since start.", s -> s.traffic().bout()),
        counter("connection_errors_total", "Failed connection attempts.", s -> s.traffic().econ()),
        counter("response_errors_total", "Errors after the server accepted.", s -> s.traffic().eresp()),
        counter("retry_warnings_total", "Connection retries.", s -> s.traffic().wretr()),
        counter("redispatch_warnings_total", "Redispatches away from this server.", s -> s.traffic().wredis()),
        gauge("weight", "Effective weight (kept while draining, as HAProxy's).", ServerStats::weight),
        gauge("active", "1 for an active server, 0 for a backup.", s -> s.backup() ? 0 : 1),
        gauge("backup", "1 for a backup server, 0 for an active.", s -> s.backup() ? 1 : 0),
        gauge("check_last_change_seconds", "Seconds since the state last changed.", ServerStats::lastChangeSec),
        counter("loadbalanced_total", "Times the balancer chose this server.", s -> s.traffic().lbtot()),
        counter("client_aborts_total", "Transfers aborted by the client.", s -> s.traffic().cliAbrt()),
        counter("server_aborts_total", "Transfers aborted by the server.", s -> s.traffic().srvAbrt()),
        counter("connection_attempts_total", "New connections opened to this server.", s -> s.traffic().connect()),
        counter("connection_reuses_total", "Connections reused from the idle pools.", s -> s.traffic().reuse()),
        gauge("idle_connections_current", "Idle connections available for reuse.", s -> s.pool().idleTotal()),
        gauge("idle_connections_limit", "Limit on idle connections (pool-max-conn); NaN when unlimited.",
            s -> s.pool().limit() == PoolStats.UNLIMITED ? Double.NaN : s.pool().limit()),
        gauge("unsafe_idle_connections_current", "Idle connections not yet proven safe.", s -> s.pool().idle()),
        gauge("safe_idle_connections_current", "Idle connections proven safe.", s -> s.pool().safe()),
        gauge("used_connections_current", "Connections in use.", s -> s.pool().used()),
        gauge("need_connections_current", "Estimated connections needed.", s -> s.pool().needEst()),
        gauge("uweight", "Weight as configured or set.", ServerStats::uweight),
        gauge("queue_limit", "Streams that may wait in this server's queue (maxqueue); NaN when unlimited.",
            s -> s.queue().limit() > 0 ? s.queue().limit() : Double.NaN),
        gauge("queue_time_average_seconds", "Average queue time of the last 512 requests, in seconds.",
            s -> s.queue().exporterTimeMs() / 1000.0),
        gauge("max_queue_time_seconds", "Longest queue time of a stream that connected, in seconds.",
            s -> s.queue().timeMaxMs() / 1000.0),
        gauge("current_throttle", "Slowstart throttle in percent while it ramps up, else NaN.",
            s -> s.activity().throttle() >= 0 ? s.activity().throttle() : Double.NaN),
        gauge("max_session_rate", "Most sessions in one second since start.", s -> s.activity().rateMax()),
        gauge("last_session_seconds", "Seconds since the server was last given a session; -1 never.",
            s -> s.activity().lastSessSec()),
        counter("responses_denied_total", "Responses denied.", s -> s.traffic().dresp()),
        counter("failed_header_rewriting_total", "Failed header rewrites.", s -> s.traffic().wrew()),
        counter("internal_errors_total", "Internal errors.", s -> s.traffic().eint())));

    /** The {@code code} label values of {@code http_responses_total}, HAProxy's, by status class 1..5 then other. */
    static final List<String> RESPONSE_CODES = List.of("1xx", "2xx", "3xx", "4xx", "5xx", "other");

    /**
     * The states of {@code baton_server_check_status}: HAProxy 2.6's exporter's, the check statuses of a finished
     * check (result failed or better), in HAProxy's order; a server whose first check has not ended has none at 1.
     */
    static final List<String> CHECK_STATES = List.of("HANA", "SOCKERR", "L4OK", "L4TOUT", "L4CON", "L6OK",
        "L6TOUT", "L6RSP", "L7TOUT", "L7RSP", "L7OK", "L7OKC", "L7STS", "PROCERR", "PROCTOUT", "PROCOK");
    /** The statuses that come with a Layer 5-7 code (HAProxy's HCHK_STATUS_L57DATA and after). */
    private static final List<String> L57_STATES = List.of("L7OK", "L7OKC", "L7STS", "PROCERR", "PROCTOUT", "PROCOK");

    /**
     * Health-check counters, for every server as HAProxy's exporter gives them: NaN for a server whose checks are
     * not running ({@code check} absent or {@code disable health}), as its stats leave these columns empty.
     */
    private static final List<Metric<ServerStats>> SERVER_CHECK_COUNTERS = List.of(
        counter("check_failures_total", "Failed health checks (chkfail); NaN without running checks.",
            s -> s.checks().checked() ? s.checks().chkfail() : Double.NaN),
        counter("check_up_down_total", "Times the server went from UP to DOWN (chkdown); NaN without running "
            + "checks.", s -> s.checks().checked() ? s.checks().chkdown() : Double.NaN),
        counter("downtime_seconds_total", "Seconds spent DOWN or in maintenance; NaN without running checks.",
            s -> s.checks().checked() ? s.checks().downtimeSec() : Double.NaN));

    /** The code of the last check, for servers whose checks run (not paused by maintenance), as HAProxy's. */
    private static final List<Metric<ServerStats>> SERVER_CHECK_CODE = List.of(
        gauge("check_code", "HTTP status of the last health check's response; 0 when it has none.",
            s -> L57_STATES.contains(s.checks().last().status().name()) ? s.checks().last().code() : 0));

    /** The duration of the last check, for servers with a finished check, as HAProxy's. */
    private static final List<Metric<ServerStats>> SERVER_CHECK_DURATION = List.of(
        gauge("check_duration_seconds", "How long the last health check took, in seconds.",
            s -> s.checks().last().durationMs() / 1000.0));

    private static final List<Metric<ThreadStats>> THREAD = List.of(
        counter("loops_total", "Turns of the reactor loop.", ThreadStats::loops),
        counter("wakeups_total", "Selector wake-ups requested by other threads.", ThreadStats::wakeups),
        counter("poll_events_total", "Ready keys handled.", ThreadStats::events),
        counter("accepts_total", "Clients accepted.", ThreadStats::accepts),
        counter("takeovers_total", "Idle server connections taken over from other reactors.",
            ThreadStats::fdTakeovers),
        counter("takeover_failures_total", "Takeover attempts that found nothing to take.",
            ThreadStats::takeoverFailures),
        counter("kills_requested_total", "Idle connections handed to another reactor to close.",
            ThreadStats::killsRequested),
        counter("kills_done_total", "Connections closed at another reactor's request.", ThreadStats::killsDone),
        gauge("current_streams", "Streams served now.", ThreadStats::streams));

    private PrometheusExposition() {
    }

    /** The whole exposition. */
    public static String render(final StatsSnapshot snapshot) {
        final StringBuilder out = new StringBuilder(16 * 1024);
        final List<Labelled<FrontendStats>> frontends = new ArrayList<>();
        final List<Labelled<BackendStats>> backends = new ArrayList<>();
        final List<Labelled<ServerStats>> servers = new ArrayList<>();
        final List<Labelled<ListenerStats>> listeners = new ArrayList<>();
        final List<Labelled<CompressionStats>> feCompression = new ArrayList<>();
        final List<Labelled<CompressionStats>> beCompression = new ArrayList<>();
        for (final ProxyStats p : snapshot.proxies()) {
            final boolean http = "http".equals(p.mode());
            if (p.frontend() != null) {
                frontends.add(new Labelled<>(labels("proxy", p.name()), p.frontend()));
                for (final ListenerStats l : p.listeners()) {
                    listeners.add(new Labelled<>(labels("proxy", p.name(), "listener", l.name()), l));
                }
                if (http) {
                    feCompression.add(new Labelled<>(labels("proxy", p.name()), p.frontend().compression()));
                }
            }
            if (p.backend() != null) {
                backends.add(new Labelled<>(labels("proxy", p.name()), p.backend()));
                if (http) {
                    beCompression.add(new Labelled<>(labels("proxy", p.name()), p.backend().compression()));
                }
                for (final ServerStats s : p.servers()) {
                    servers.add(new Labelled<>(labels("proxy", p.name(), "server", s.name()), s));
                }
            }
        }
        final List<Labelled<ThreadStats>> threads = new ArrayList<>();
        for (final ThreadStats t : snapshot.threads()) {
            threads.add(new Labelled<>(labels("thread", String.valueOf(t.thread())), t));
        }
        families(out, "baton_process_", PROCESS, List.of(new Labelled<>("", snapshot.process())));
        family(out, "baton_process_build_info", "gauge", "Build information: the version in the label.");
        sample(out, "baton_process_build_info", labels("version", snapshot.process().version()), 1);
        families(out, "baton_frontend_", FRONTEND, frontends);
        final List<Labelled<FrontendStats>> httpFrontends = new ArrayList<>();
        final List<Labelled<BackendStats>> httpBackends = new ArrayList<>();
        final List<Labelled<ServerStats>> httpServers = new ArrayList<>();
        for (final ProxyStats p : snapshot.proxies()) {
            if (!"http".equals(p.mode())) {
                continue;
            }
            if (p.frontend() != null) {
                httpFrontends.add(new Labelled<>(labels("proxy", p.name()), p.frontend()));
            }
            if (p.backend() != null) {
                httpBackends.add(new Labelled<>(labels("proxy", p.name()), p.backend()));
                for (final ServerStats s : p.servers()) {
                    httpServers.add(new Labelled<>(labels("proxy", p.name(), "server", s.name()), s));
                }
            }
        }
        families(out, "baton_frontend_", HTTP_FRONTEND, httpFrontends);
        families(out, "baton_frontend_", COMPRESSION, feCompression);
        responses(out, "baton_frontend_http_responses_total", httpFrontends, f -> f.traffic().hrsp());
        status(out, "baton_frontend_status", frontends, f -> "UP", PROXY_STATES);
        families(out, "baton_listener_", LISTENER, listeners);
        status(out, "baton_listener_status", listeners, ListenerStats::status, LISTENER_STATES);
        families(out, "baton_listener_", LISTENER_DENIALS, listeners);
        families(out, "baton_backend_", BACKEND, backends);
        families(out, "baton_backend_", HTTP_BACKEND, httpBackends);
        families(out, "baton_backend_", COMPRESSION, beCompression);
        responses(out, "baton_backend_http_responses_total", httpBackends, b -> b.traffic().hrsp());
        status(out, "baton_backend_status", backends, BackendStats::status, PROXY_STATES);
        aggregateServerStatus(out, snapshot);
        families(out, "baton_server_", SERVER, servers);
        responses(out, "baton_server_http_responses_total", httpServers, s -> s.traffic().hrsp());
        status(out, "baton_server_status", servers, PrometheusExposition::serverState, SERVER_STATES);
        families(out, "baton_server_", SERVER_CHECK_COUNTERS, servers);
        // HAProxy's exporter: status and code of servers whose checks run (not paused by maintenance), the
        // duration of those whose check has ended at least once
        final List<Labelled<ServerStats>> running = new ArrayList<>();
        final List<Labelled<ServerStats>> finished = new ArrayList<>();
        for (final Labelled<ServerStats> s : servers) {
            if (s.object().showsChecks()) {
                running.add(s);
            }
            if (s.object().checks().checked() && s.object().checks().last().durationMs() >= 0) {
                finished.add(s);
            }
        }
        status(out, "baton_server_check_status", running, s -> s.checks().last().status().name(), CHECK_STATES);
        families(out, "baton_server_", SERVER_CHECK_CODE, running);
        families(out, "baton_server_", SERVER_CHECK_DURATION, finished);
        families(out, "baton_thread_", THREAD, threads);
        return out.toString();
    }

    /** HAProxy's exporter state of a server: MAINT, DRAIN, DOWN (health checks), NOLB (disable-on-404) or UP. */
    static String serverState(final ServerStats s) {
        if (s.admin() != Server.AdminState.READY) {
            return s.admin() == Server.AdminState.MAINT ? "MAINT" : "DRAIN";
        }
        return !s.checks().running() ? "DOWN" : s.checks().stopping() ? "NOLB" : "UP";
    }

    /** One metric definition: its name after the prefix, its type, its help, and how to read it. */
    private record Metric<T>(String name, String type, String help, ToDoubleFunction<T> value) {
    }

    /** An object and its rendered label set ({@code {proxy="x"}}, or "" for none). */
    private record Labelled<T>(String labels, T object) {
    }

    /**
     * {@code metrics} then the connect, response and total time averages and maxima of a backend or server, in
     * seconds, as HAProxy's exporter gives them.
     */
    private static <T> List<Metric<T>> withTimes(final Function<T, ActivityStats> activity,
                                                 final List<Metric<T>> metrics) {
        final List<Metric<T>> out = new ArrayList<>(metrics);
        out.add(gauge("connect_time_average_seconds", "Average connect time of the last 512 requests, in seconds.",
            o -> activity.apply(o).connect().exporterAverage() / 1000.0));
        out.add(gauge("response_time_average_seconds", "Average response time of the last 512 requests, in seconds.",
            o -> activity.apply(o).response().exporterAverage() / 1000.0));
        out.add(gauge("total_time_average_seconds", "Average total time of the last 512 requests, in seconds.",
            o -> activity.apply(o).total().exporterAverage() / 1000.0));
        out.add(gauge("max_connect_time_seconds", "Longest connect time, in seconds.",
            o -> activity.apply(o).connect().max() / 1000.0));
        out.add(gauge("max_response_time_seconds", "Longest response time, in seconds.",
            o -> activity.apply(o).response().max() / 1000.0));
        out.add(gauge("max_total_time_seconds", "Longest total time, in seconds.",
            o -> activity.apply(o).total().max() / 1000.0));
        return List.copyOf(out);
    }

    private static <T> Metric<T> gauge(final String name, final String help, final ToDoubleFunction<T> value) {
        return new Metric<>(name, "gauge", help, value);
    }

    private static <T> Metric<T> counter(final String name, final String help, final ToDoubleFunction<T> value) {
        return new Metric<>(name, "counter", help, value);
    }

    private static <T> void families(final StringBuilder out, final String prefix, final List<Metric<T>> metrics,
                                     final List<Labelled<T>> objects) {
        if (objects.isEmpty()) {
            return;
        }
        for (final Metric<T> m : metrics) {
            final String name = prefix + m.name();
            family(out, name, m.type(), m.help());
            for (final Labelled<T> o : objects) {
                sample(out, name, o.labels(), m.value().applyAsDouble(o.object()));
            }
        }
    }

    /** One sample per state and object: 1 for the object's state, 0 for the others. */
    private static <T> void status(final StringBuilder out, final String name, final List<Labelled<T>> objects,
                                   final Function<T, String> state, final List<String> states) {
        if (objects.isEmpty()) {
            return;
        }
        family(out, name, "gauge", "Current status, one sample per state label value (1 for the current one).");
        for (final Labelled<T> o : objects) {
            final String current = state.apply(o.object());
            for (final String s : states) {
                sample(out, name, withLabel(o.labels(), "state", s), s.equals(current) ? 1 : 0);
            }
        }
    }

    /** {@code baton_backend_agg_server_status}: how many servers of each backend are in each state. */
    private static void aggregateServerStatus(final StringBuilder out, final StatsSnapshot snapshot) {
        final String name = "baton_backend_agg_server_status";
        boolean first = true;
        for (final ProxyStats p : snapshot.proxies()) {
            if (p.backend() == null || p.servers().isEmpty()) {
                continue;
            }
            if (first) {
                family(out, name, "gauge", "Servers of the backend in each state.");
                first = false;
            }
            for (final String s : SERVER_STATES) {
                int n = 0;
                for (final ServerStats server : p.servers()) {
                    n += serverState(server).equals(s) ? 1 : 0;
                }
                sample(out, name, labels("proxy", p.name(), "state", s), n);
            }
        }
    }

    /** HTTP responses by status class: one family, a sample per object and {@code code} label, as HAProxy's. */
    private static <T> void responses(final StringBuilder out, final String name, final List<Labelled<T>> objects,
                                      final Function<T, TrafficTotals.ResponseClasses> classes) {
        if (objects.isEmpty()) {
            return;
        }
        family(out, name, "counter", "HTTP responses by status class.");
        for (final Labelled<T> o : objects) {
            final TrafficTotals.ResponseClasses c = classes.apply(o.object());
            for (int i = 0; i < RESPONSE_CODES.size(); i++) {
                sample(out, name, withLabel(o.labels(), "code", RESPONSE_CODES.get(i)), c.of((i + 1) % 6));
            }
        }
    }

    private static void family(final StringBuilder out, final String name, final String type, final String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void sample(final StringBuilder out, final String name, final String labels, final double value) {
        out.append(name).append(labels).append(' ').append(format(value)).append('\n');
    }

    /** Integral values without a fraction, NaN as {@code NaN}, others as Java prints doubles. */
    static String format(final double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** {@code {k1="v1",k2="v2"}} from name, value pairs. */
    static String labels(final String... pairs) {
        final StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                out.append(',');
            }
            out.append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
        return out.append('}').toString();
    }

    private static String withLabel(final String labels, final String name, final String value) {
        final String added = name + "=\"" + escape(value) + "\"}";
        return labels.isEmpty() ? "{" + added : labels.substring(0, labels.length() - 1) + "," + added;
    }

    /** Label value escaping: backslash, double quote and line feed. */
    static String escape(final String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
