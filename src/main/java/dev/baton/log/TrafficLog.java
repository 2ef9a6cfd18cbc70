package dev.baton.log;

import dev.baton.config.LogOptions;
import dev.baton.config.Mode;
import dev.baton.config.ProxyConfig;
import dev.baton.config.TrafficLogConfig;
import dev.baton.http.text.HeaderName;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The traffic log of one frontend, in HAProxy's formats so existing log tooling parses it:
 * with loggers ({@code log global} or {@code log TARGET ...}) and a format ({@code option httplog},
 * {@code log-format}...) on an HTTP frontend, one line per request; on a TCP frontend ({@code option tcplog}, or
 * httplog there), one line when a connection ends; with loggers alone, HAProxy's "Connect from" line when it
 * starts; without loggers, nothing. Lines go through tinylog's writing thread (tag {@link #TAG} of the frontend's
 * {@link LogRoutes route}, which sends them to the frontend's targets), at tinylog's INFO (syslog {@code info}),
 * or ERROR ({@code err}) for a stream that went wrong under {@code option log-separate-errors}.
 *
 * <p>The frontend's {@link LogOptions} filter the tcplog and httplog lines as HAProxy 2.6 does (its
 * {@code strm_log} and its stream's end): {@code dontlognull} drops the line of a stream whose client sent no byte,
 * {@code dontlog-normal} the line of a stream that went right ({@link #wentWrong}). The "Connect from" line knows
 * neither, as in HAProxy.
 *
 * <p>What a line says is the frontend's {@link LogFormat} ({@link TrafficLogConfig}): {@code log-format}, or
 * HAProxy's own strings for {@code option tcplog}, {@code option httplog} and {@code option httplog clf}
 * ({@link BuiltinLogFormats}); one engine renders them all.
 *
 * <p>Called on reactor threads; formatting allocates one String per line (and, mode tcp, its builder).
 */
public final class TrafficLog {
    public static final String TAG = "traffic";
    /**
     * What a frontend logs: nothing; the "Connect from" line (no format); one line per connection when it ends
     * (mode tcp, any format); one line per request (mode http, any format).
     */
    public enum Format { NONE, CONNECT, TCPLOG, HTTPLOG }

    private final Format format;
    private final LogOptions options;
    /** The frontend's loggers ({@link LogRoutes}): tinylog's tag of its route. */
    private final TaggedLogger log;
    /**
     * The route's loggers of the severities tinylog has no level for (emerg, alert, crit, notice, debug; by
     * severity, null for the others), for set-log-level; null for a log built without routes.
     */
    private final TaggedLogger[] bySeverity;
    private final LogFormat lineFormat;
    private final TrafficLogConfig settings;
    private final String frontendName;
    /** HAProxy's {@code log_count} of the frontend (%lc): lines sent so far. */
    private final AtomicLong lines = new AtomicLong();
    private final HeaderName[] requestCaptureNames;
    private final HeaderName[] responseCaptureNames;
    private final HeaderName uniqueIdHeader;

    public TrafficLog(final Format format) {
        this(format, LogOptions.NONE);
    }

    public TrafficLog(final Format format, final LogOptions options) {
        this(format, options, format == Format.HTTPLOG ? BuiltinLogFormats.HTTPLOG : BuiltinLogFormats.TCPLOG,
            TrafficLogConfig.NONE, "-", Logger.tag(TAG));
    }

    private TrafficLog(final Format format, final LogOptions options, final LogFormat lineFormat,
                       final TrafficLogConfig settings, final String frontendName, final TaggedLogger log) {
        this(format, options, lineFormat, settings, frontendName, log, null);
    }

    private TrafficLog(final Format format, final LogOptions options, final LogFormat lineFormat,
                       final TrafficLogConfig settings, final String frontendName, final TaggedLogger log,
                       final TaggedLogger[] bySeverity) {
        this.bySeverity = bySeverity;
        this.format = format;
        this.log = log;
        this.frontendName = frontendName;
        this.options = options;
        this.lineFormat = lineFormat;
        this.settings = settings;
        this.requestCaptureNames = names(settings.requestCaptures());
        this.responseCaptureNames = names(settings.responseCaptures());
        this.uniqueIdHeader = settings.uniqueIdHeader() == null ? null : HeaderName.of(settings.uniqueIdHeader());
    }

    private static HeaderName[] names(final java.util.List<TrafficLogConfig.HeaderCapture> captures) {
        final HeaderName[] out = new HeaderName[captures.size()];
        for (int i = 0; i < out.length; i++) {
            final String name = captures.get(i).name();
            out[i] = name == null ? null : HeaderName.of(name); // null: a slot for capture rules
        }
        return out;
    }

    /**
     * The header of {@code capture request header} slot {@code i} (declaration order), or of the response's; null for
     * a slot of {@code http-request capture ... len N} or {@code declare capture}, which rules fill.
     */
    public HeaderName captureName(final boolean request, final int i) {
        return request ? requestCaptureNames[i] : responseCaptureNames[i];
    }

    public int captureCount(final boolean request) {
        return request ? requestCaptureNames.length : responseCaptureNames.length;
    }

    /** {@code unique-id-header}, or null. */
    public HeaderName uniqueIdHeader() {
        return uniqueIdHeader;
    }

    /** Slots for one stream's captures, shaped for this frontend; null when it captures nothing. */
    public LogCaptures newCaptures() {
        if (!settings.capturesAnything()) {
            return null;
        }
        final int[] req = new int[requestCaptureNames.length];
        for (int i = 0; i < req.length; i++) {
            req[i] = settings.requestCaptures().get(i).length();
        }
        final int[] res = new int[responseCaptureNames.length];
        for (int i = 0; i < res.length; i++) {
            res[i] = settings.responseCaptures().get(i).length();
        }
        return new LogCaptures(req, res, settings.cookieName() == null ? 0 : settings.cookieLength());
    }

    /** The frontend's line format (HTTPLOG and TCPLOG kinds). */
    public LogFormat lineFormat() {
        return lineFormat;
    }

    /**
     * The traffic log of {@code frontend}: its lines go to the frontend's loggers, as HAProxy sends a stream's line
     * to its frontend's (never to the backend's); none without loggers ({@link #hasLoggers}); HAProxy's "Connect from" line without a log
     * format; else one line per request (mode http) or per connection (mode tcp) in its format. A proxy built by
     * hand (no {@link TrafficLogConfig}) gets the built-in format its {@code tcplog}/{@code httplog} flags name.
     */
    public static TrafficLog forFrontend(final ProxyConfig frontend) {
        final TrafficLogConfig settings = frontend.trafficLog();
        if (!hasLoggers(frontend)) {
            return new TrafficLog(Format.NONE, LogOptions.NONE, BuiltinLogFormats.TCPLOG, settings, frontend.name(),
                Logger.tag(TAG));
        }
        final TaggedLogger log = LogRoutes.logger(frontend, 0);
        final boolean http = frontend.mode() == Mode.HTTP;
        LogFormat f = settings.format();
        if (f == null && (frontend.tcplog() || frontend.http().httplog())) {
            f = http && frontend.http().httplog() ? BuiltinLogFormats.HTTPLOG : BuiltinLogFormats.TCPLOG;
        }
        if (f == null) {
            return new TrafficLog(Format.CONNECT, frontend.logOptions(), BuiltinLogFormats.TCPLOG, settings,
                frontend.name(), log);
        }
        return new TrafficLog(http ? Format.HTTPLOG : Format.TCPLOG, frontend.logOptions(), f, settings,
            frontend.name(), log, LogRoutes.bySeverity(frontend));
    }

    /** Whether {@code proxy} has loggers: {@code log global} or {@code log} lines of its own (or of its defaults). */
    public static boolean hasLoggers(final ProxyConfig proxy) {
        return proxy.logGlobal() || !proxy.log().targets().isEmpty();
    }

    /** The frontend's log-line settings: captures, unique id, {@code option logasap}. */
    public TrafficLogConfig settings() {
        return settings;
    }

    /** {@code option logasap}: the line goes out when the response head is sent (tcp: once connected). */
    public boolean logAsap() {
        return settings.logAsap();
    }

    /** {@code option dontlognull}: a connection on which the client sent nothing is not logged. */
    public boolean dontLogNull() {
        return options.dontLogNull();
    }

    public Format format() {
        return format;
    }

    /** HAProxy's line for a proxy without a log format: {@code Connect from C to L (FRONTEND/TCP)}. */
    public void connect(final InetSocketAddress client, final InetSocketAddress local, final String frontend,
                        final String mode) {
        if (format == Format.CONNECT) {
            log.info("Connect from {} to {} ({}/{})", address(client), address(local), frontend, mode);
        }
    }

    /** HAProxy's line for a client of a Unix socket, without a log format: {@code Connect to unix:ID (FE/TCP)}. */
    public void connectUnix(final int listenerId, final String frontend, final String mode) {
        if (format == Format.CONNECT) {
            log.info("Connect to unix:{} ({}/{})", listenerId, frontend, mode);
        }
    }

    /**
     * Emits a tcplog line (see {@link TcpLogLine} for the fields) unless the options leave it out;
     * {@code bytesFromClient}: what the client sent over the whole connection, or -1 for the early line of
     * {@code option logasap}, which {@code dontlognull} does not filter (HAProxy checks it only at the end).
     */
    public void tcplog(final TcpLogLine line, final long bytesFromClient) {
        if (format != Format.TCPLOG || options.dontLogNull() && bytesFromClient == 0) {
            return;
        }
        final boolean wrong = wentWrong(line, 0);
        if (wrong || !options.dontLogNormal()) {
            line.logCounter = lines.getAndIncrement();
            final StringBuilder sb = new StringBuilder(160);
            lineFormat.render(line, sb);
            emit(wrong, sb.toString());
        }
    }

    /** Emits an httplog line (see {@link HttpLogLine} for the fields) unless {@code dontlog-normal} leaves it out. */
    public void httplog(final HttpLogLine line) {
        // a mode tcp frontend's HTTP sessions are its streams upgraded to an http backend: as HAProxy, one line
        // per request in the frontend's own (tcplog) format
        if (format != Format.HTTPLOG && format != Format.TCPLOG) {
            return;
        }
        final boolean wrong = wentWrong(line, line.status);
        if ((wrong || !options.dontLogNormal()) && line.logLevel != HttpLogLine.LEVEL_SILENT) {
            line.logCounter = lines.getAndIncrement();
            final String text = line.render(lineFormat);
            if (line.logLevel >= 0) {
                emitAt(line.logLevel, text); // set-log-level wins over log-separate-errors, as in HAProxy
            } else {
                emit(wrong, text);
            }
        }
    }

    /**
     * A connection that failed before it became a stream (an invalid PROXY protocol header, a handshake): HAProxy's
     * fixed line {@code CLIENT:PORT [ACCEPT_DATE] FRONTEND/BIND: MESSAGE}, or the frontend's {@code
     * error-log-format} rendered with what is known (server {@code <NOSRV>}, state {@code PR}, timers -1 but Tt).
     * {@code bind}: the listener's name, or its number. Logged at {@code err} under {@code log-separate-errors}.
     * Reactor thread; allocates the line.
     */
    public void connectionError(final InetSocketAddress client, final InetSocketAddress local, final long acceptEpochMs,
                                final long elapsedMs, final String bind, final String message) {
        if (format == Format.NONE) {
            return;
        }
        final TcpLogLine l = new TcpLogLine();
        l.client = client;
        l.frontendAddress = local;
        l.acceptEpochMs = acceptEpochMs;
        l.frontend = frontendName;
        l.backend = frontendName;
        l.server = "<NOSRV>";
        l.waitMs = -1;
        l.connectMs = -1;
        l.totalMs = elapsedMs;
        l.terminationCause = 'P';
        l.terminationState = 'R';
        l.requestCounter = StreamIds.next();
        final StringBuilder sb = new StringBuilder(128);
        if (settings.errorFormat() != null) {
            settings.errorFormat().render(l, sb);
        } else {
            sb.append(client == null ? "unknown" : address(client)).append(" [");
            LogText.appendDate(sb, acceptEpochMs);
            sb.append("] ").append(frontendName).append('/').append(bind).append(": ").append(message);
        }
        l.logCounter = lines.getAndIncrement();
        emit(true, sb.toString());
    }

    /** {@code text} at syslog {@code severity}: tinylog's level where it has one, else the severity's own tag. */
    private void emitAt(final int severity, final String text) {
        switch (severity) {
            case 3:
                log.error(text);
                break;
            case 4:
                log.warn(text);
                break;
            case 6:
                log.info(text);
                break;
            default:
                final TaggedLogger l = bySeverity == null ? null : bySeverity[severity];
                if (l != null) {
                    l.info(text);
                } else {
                    log.info(text); // a hand-built log without routes: the plain tag
                }
                break;
        }
    }

    private void emit(final boolean wrong, final String text) {
        if (wrong && options.separateErrors()) {
            log.error(text);
        } else {
            log.info(text);
        }
    }

    /**
     * HAProxy's test of a stream that did not go normally: redispatched, ended by anything but itself or a local
     * decision ({@code -} or {@code L}), retried, or (mode http, {@code status} not 0) answered with a 5xx.
     */
    static boolean wentWrong(final StreamLogFields line, final int status) {
        return line.redispatched || line.terminationCause != '-' && line.terminationCause != 'L'
            || line.retries > 0 || status >= 500;
    }

    /** {@code ip:port} as HAProxy writes it ({@code ::1:80} for IPv6), {@code -} for null. */
    public static String address(final InetSocketAddress a) {
        if (a == null || a.getAddress() == null) {
            return "-";
        }
        final StringBuilder sb = new StringBuilder(24);
        LogText.appendIp(sb, a);
        return sb.append(':').append(a.getPort()).toString();
    }
}
