package dev.baton.log;

import static dev.baton.log.LogFormat.QUOTE;

/**
 * Renders one {@code %} variable of a {@link LogFormat} from a stream's {@link StreamLogFields}, value by value
 * as HAProxy 2.6's {@code sess_build_logline} writes them. Static, allocation-free; reactor threads.
 */
public final class LogVariables {
    private LogVariables() {
    }

    /**
     * Appends variable {@code v} with flags {@code fl}; {@code constant} is its load-time value ({@code %H}).
     * False when it wrote nothing and is not a value at all (the capture lists of a frontend without captures),
     * so that the separator after it is not doubled.
     */
    static boolean render(final LogVariable v, final int fl, final String constant, final StreamLogFields f,
                          final StringBuilder sb) {
        switch (v) {
            case BYTES_READ:
                return plus(f, sb).append(f.bytesRead) != null;
            case BYTES_UPLOADED:
                return sb.append(f.bytesUploaded) != null;
            case CAPTURED_REQUEST_COOKIE:
                LogFormat.text(sb, f.captures == null ? null : f.captures.requestCookie,
                    f.captures == null ? -1 : f.captures.requestCookieLength, fl);
                return true;
            case CAPTURED_RESPONSE_COOKIE:
                LogFormat.text(sb, f.captures == null ? null : f.captures.responseCookie,
                    f.captures == null ? -1 : f.captures.responseCookieLength, fl);
                return true;
            case HOSTNAME:
                LogFormat.text(sb, constant, fl);
                return true;
            case UNIQUE_ID:
                LogFormat.text(sb, f.captures == null ? null : f.captures.uniqueId,
                    f.captures == null ? -1 : f.captures.uniqueIdLength, fl);
                return true;
            case STATUS:
                return sb.append(f.status) != null;
            case DATE_GMT:
                LogText.appendGmtDate(sb, f.acceptEpochMs);
                return true;
            case DATE_LOCAL:
                LogText.appendLocalDate(sb, f.acceptEpochMs);
                return true;
            case DATE:
                LogText.appendDate(sb, f.acceptEpochMs);
                return true;
            case REQUEST_DATE:
                LogText.appendDate(sb, requestEpochMs(f));
                return true;
            case REQUEST_DATE_GMT:
                LogText.appendGmtDate(sb, requestEpochMs(f));
                return true;
            case REQUEST_DATE_LOCAL:
                LogText.appendLocalDate(sb, requestEpochMs(f));
                return true;
            case TIMESTAMP:
                LogFormat.counter(sb, Math.floorDiv(f.acceptEpochMs, 1000L), fl);
                return true;
            case ACCEPT_MS:
                accept(sb, f, fl);
                return true;
            default:
                return timer(v, f, sb) || connection(v, fl, f, sb) || http(v, fl, f, sb);
        }
    }

    /** {@code %tr}: the accept date plus the idle and handshake times, the date of the request's first byte. */
    private static long requestEpochMs(final StreamLogFields f) {
        return f.acceptEpochMs + (f.idleMs >= 0 ? f.idleMs + f.handshakeMs : 0);
    }

    private static void accept(final StringBuilder sb, final StreamLogFields f, final int fl) {
        final int ms = (int) Math.floorMod(f.acceptEpochMs, 1000L);
        if ((fl & LogFormat.HEX) != 0) {
            LogText.hex(sb, ms, 2);
        } else {
            sb.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
        }
    }

    /** {@code option logasap}: the values that only grow get a '+'. */
    private static StringBuilder plus(final StreamLogFields f, final StringBuilder sb) {
        return f.logAsap ? sb.append('+') : sb;
    }

    private static boolean timer(final LogVariable v, final StreamLogFields f, final StringBuilder sb) {
        final long ms = timerMs(v, f);
        if (ms == NOT_A_TIMER) {
            return false;
        }
        if (v == LogVariable.TIME_ACTIVE || v == LogVariable.TIME_TOTAL || v == LogVariable.TIME_USER) {
            plus(f, sb);
        }
        sb.append(ms);
        return true;
    }

    /** {@link #timerMs} of a variable that is no timer. */
    static final long NOT_A_TIMER = Long.MIN_VALUE;

    /** The value of timer variable {@code v} ({@code %Ta}, {@code %Tc}...) in {@code f}; {@link #NOT_A_TIMER} for others. */
    static long timerMs(final LogVariable v, final StreamLogFields f) {
        return switch (v) {
            case TIME_ACTIVE -> f.activeMs();
            case TIME_CONNECT -> f.connectMs;
            case TIME_DATA -> dataMs(f);
            case TIME_HANDSHAKE -> f.handshakeMs;
            case TIME_IDLE -> f.idleMs;
            case TIME_REQUEST_TOTAL -> f.requestTotalMs();
            case TIME_RESPONSE -> f.responseMs;
            case TIME_REQUEST -> f.requestMs;
            case TIME_TOTAL -> f.totalMs;
            case TIME_USER -> f.totalMs - Math.max(0, f.idleMs);
            case TIME_WAIT -> f.waitMs;
            default -> NOT_A_TIMER;
        };
    }

    /** The fetch timer {@code t} in {@code f}: the value of its log-format variable. */
    public static long timerMs(final dev.baton.sample.StreamTimer t, final StreamLogFields f) {
        return timerMs(switch (t) {
            case TXN_TOTAL -> LogVariable.TIME_ACTIVE;
            case TXN_USER -> LogVariable.TIME_USER;
            case BC_CONNECT -> LogVariable.TIME_CONNECT;
            case FC_HANDSHAKE -> LogVariable.TIME_HANDSHAKE;
            case FC_TOTAL -> LogVariable.TIME_TOTAL;
            case REQ_IDLE -> LogVariable.TIME_IDLE;
            case REQ_TQ -> LogVariable.TIME_REQUEST_TOTAL;
            case REQ_HDR -> LogVariable.TIME_REQUEST;
            case REQ_QUEUE -> LogVariable.TIME_WAIT;
            case RES_HDR -> LogVariable.TIME_RESPONSE;
            case RES_DATA -> LogVariable.TIME_DATA;
        }, f);
    }

    /** Td: HTTP, from the response head to the end; tcp, from the connection to the server to the end. */
    private static long dataMs(final StreamLogFields f) {
        final long w = Math.max(0, f.waitMs);
        if (f instanceof HttpLogLine) {
            return f.responseMs < 0 ? -1 : f.totalMs - (Math.max(0, f.requestTotalMs()) + w + Math.max(0,
                f.connectMs) + f.responseMs);
        }
        return f.connectMs < 0 ? -1 : f.totalMs - (w + f.connectMs);
    }

    private static boolean connection(final LogVariable v, final int fl, final StreamLogFields f,
                                      final StringBuilder sb) {
        switch (v) {
            case ACTCONN:
                sb.append(f.actconn);
                return true;
            case FECONN:
                sb.append(f.feconn);
                return true;
            case BECONN:
                sb.append(f.beconn);
                return true;
            case SRVCONN:
                sb.append(f.srvconn);
                return true;
            case BACKEND:
                LogFormat.text(sb, f.backend, fl);
                return true;
            case FRONTEND:
                LogFormat.text(sb, f.frontend, fl);
                return true;
            case FRONTEND_TRANSPORT:
                // HAProxy's '~' suffix: the client connection is TLS
                if ((fl & QUOTE) != 0) {
                    sb.append('"').append(f.frontend).append(f.tls != null ? "~" : "").append('"');
                } else {
                    sb.append(f.frontend).append(f.tls != null ? "~" : "");
                }
                return true;
            case SERVER:
                LogFormat.text(sb, f.server, fl);
                return true;
            case BACKEND_SOURCE_IP:
                LogFormat.ip(sb, f.backendSource, fl);
                return true;
            case BACKEND_SOURCE_PORT:
                LogFormat.port(sb, f.backendSource, fl);
                return true;
            case SERVER_IP:
                LogFormat.ip(sb, f.serverAddress, fl);
                return true;
            case SERVER_PORT:
                LogFormat.port(sb, f.serverAddress, fl);
                return true;
            case CLIENT_IP:
            case FRONTEND_IP:
                if (f.unixListenerId != 0) {
                    LogFormat.text(sb, "unix", fl); // HAProxy's text for an AF_UNIX address
                } else {
                    LogFormat.ip(sb, v == LogVariable.CLIENT_IP ? f.client : f.frontendAddress, fl);
                }
                return true;
            case CLIENT_PORT:
            case FRONTEND_PORT:
                if (f.unixListenerId != 0) {
                    LogFormat.counter(sb, f.unixListenerId, fl); // HAProxy: the listener's id for a Unix socket
                } else {
                    LogFormat.port(sb, v == LogVariable.CLIENT_PORT ? f.client : f.frontendAddress, fl);
                }
                return true;
            case BACKEND_QUEUE:
                sb.append(f.backendQueue);
                return true;
            case SERVER_QUEUE:
                sb.append(f.srvQueue);
                return true;
            case RETRIES:
                if (f.redispatched) {
                    sb.append('+');
                }
                sb.append(f.retries);
                return true;
            case LOG_COUNTER:
                LogFormat.counter(sb, f.logCounter, fl);
                return true;
            case REQUEST_COUNTER:
                LogFormat.counter(sb, f.requestCounter, fl);
                return true;
            case PID:
                LogFormat.counter(sb, LogFormat.pid(), fl);
                return true;
            case SSL_CIPHER:
                LogFormat.text(sb, f.tls == null ? null : f.tls.cipher(), fl);
                return true;
            case SSL_VERSION:
                LogFormat.text(sb, f.tls == null ? null : f.tls.protocol(), fl);
                return true;
            case TERMINATION_STATE:
                sb.append(f.terminationCause).append(f.terminationState);
                return true;
            case TERMINATION_STATE_COOKIES:
                // the cookie states are '-' where no cookie persistence applies (mode tcp, no 'cookie' in the backend)
                sb.append(f.terminationCause).append(f.terminationState)
                    .append(f.cookieClient == 0 ? '-' : f.cookieClient).append(f.cookieServer == 0 ? '-' : f.cookieServer);
                return true;
            default:
                return false;
        }
    }

    private static boolean http(final LogVariable v, final int fl, final StreamLogFields f, final StringBuilder sb) {
        switch (v) {
            case REQUEST_HEADERS:
                return f.captures != null && f.captures.requestCount() > 0 && LogCaptureText.block(sb, f.captures,
                    true, fl);
            case RESPONSE_HEADERS:
                return f.captures != null && f.captures.responseCount() > 0 && LogCaptureText.block(sb, f.captures,
                    false, fl);
            case REQUEST_HEADER_LIST:
                return f.captures != null && f.captures.requestCount() > 0 && LogCaptureText.list(sb, f.captures,
                    true, fl);
            case RESPONSE_HEADER_LIST:
                return f.captures != null && f.captures.responseCount() > 0 && LogCaptureText.list(sb, f.captures,
                    false, fl);
            default:
                LogRequestLine.render(v, fl, f, sb);
                return true;
        }
    }
}
