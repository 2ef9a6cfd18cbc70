package dev.baton.log;

import dev.baton.backend.Server;
import dev.baton.config.ProxyConfig;
import org.tinylog.Logger;

/**
 * The lines of server and backend state changes (health checks, operator commands), each written as HAProxy 2.6
 * writes it: a process warning on stderr, and, when the backend has loggers, a line on them
 * at HAProxy's syslog severity: {@code emerg} for a backend left without a server, {@code alert} for a server
 * going DOWN (unless it was soft-stopped or draining), {@code notice} for the others.
 *
 * <p>tinylog has no such severities, so each has its tag ({@link #TAG_EMERG}, {@link #TAG_ALERT},
 * {@link #TAG_NOTICE}, on the backend's {@link LogRoutes route}), which {@link LogDispatcher} turns into the
 * severity sent; for tinylog's level filter of a target, emerg and alert are errors and
 * notice is info. Any thread: through tinylog's writing thread, nothing here blocks.
 */
public final class ServerEventLog {
    public static final String TAG_EMERG = "traffic-emerg";
    public static final String TAG_ALERT = "traffic-alert";
    public static final String TAG_NOTICE = "traffic-notice";


    /** Severities, as HAProxy's {@code LOG_*}. */
    public enum Severity { EMERG, ALERT, NOTICE }

    private ServerEventLog() {
    }

    /**
     * {@code line} about {@code server}: a warning on stderr; at {@code severity} on the loggers of the server's
     * backend (HAProxy's {@code send_log(backend, ...)}: its own {@code log} lines and {@code log global}).
     */
    public static void server(final Server server, final Severity severity, final String line) {
        Logger.warn(line);
        target(server.backend().config(), severity, line);
    }

    /** {@code line} about {@code server} on its backend's loggers only (HAProxy's {@code send_log} without a warning). */
    public static void sent(final Server server, final Severity severity, final String line) {
        target(server.backend().config(), severity, line);
    }

    /**
     * A backend left without a server: {@code alert} on stderr (HAProxy's {@code backend 'be' has no server
     * available!}), {@code line} at emerg on the backend's loggers.
     */
    public static void noServer(final String alert, final String line, final ProxyConfig backend) {
        Logger.error(alert);
        target(backend, Severity.EMERG, line);
    }

    private static void target(final ProxyConfig backend, final Severity severity, final String line) {
        if (!TrafficLog.hasLoggers(backend)) {
            return;
        }
        switch (severity) {
            case EMERG:
                LogRoutes.logger(backend, 1).error(line);
                break;
            case ALERT:
                LogRoutes.logger(backend, 2).error(line);
                break;
            default:
                LogRoutes.logger(backend, 3).info(line);
                break;
        }
    }
}
