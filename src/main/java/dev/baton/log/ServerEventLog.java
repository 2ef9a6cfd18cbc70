package dev.baton.log;

import dev.baton.backend.Server;
import org.tinylog.Logger;
import org.tinylog.TaggedLogger;

/**
 * The lines of server and backend state changes (health checks, operator commands), each written as HAProxy 2.6
 * writes it: a process warning on stderr, and, when the backend has {@code log global}, a line on the log targets
 * at HAProxy's syslog severity: {@code emerg} for a backend left without a server, {@code alert} for a server
 * going DOWN (unless it was soft-stopped or draining), {@code notice} for the others.
 *
 * <p>tinylog has no such severities, so each has its tag ({@link #TAG_EMERG}, {@link #TAG_ALERT},
 * {@link #TAG_NOTICE}), which the traffic writers also take ({@link #TRAFFIC_TAGS}) and {@link SyslogUdpWriter}
 * turns into the datagram's priority; for tinylog's level filter of a target, emerg and alert are errors and
 * notice is info. Any thread: through tinylog's writing thread, nothing here blocks.
 */
public final class ServerEventLog {
    public static final String TAG_EMERG = "traffic-emerg";
    public static final String TAG_ALERT = "traffic-alert";
    public static final String TAG_NOTICE = "traffic-notice";
    /** Every tag a traffic writer takes: the traffic lines' and these. */
    public static final String TRAFFIC_TAGS = TrafficLog.TAG + "," + TAG_EMERG + "," + TAG_ALERT + "," + TAG_NOTICE;

    private static final TaggedLogger EMERG = Logger.tag(TAG_EMERG);
    private static final TaggedLogger ALERT = Logger.tag(TAG_ALERT);
    private static final TaggedLogger NOTICE = Logger.tag(TAG_NOTICE);

    /** Severities, as HAProxy's {@code LOG_*}. */
    public enum Severity { EMERG, ALERT, NOTICE }

    private ServerEventLog() {
    }

    /** {@code line} about {@code server}: a warning on stderr; on the log targets at {@code severity}. */
    public static void server(final Server server, final Severity severity, final String line) {
        Logger.warn(line);
        if (server.backend().config().logGlobal()) {
            target(severity, line);
        }
    }

    /**
     * A backend left without a server: {@code alert} on stderr (HAProxy's {@code backend 'be' has no server
     * available!}), {@code line} at emerg on the log targets when {@code logGlobal}.
     */
    public static void noServer(final String alert, final String line, final boolean logGlobal) {
        Logger.error(alert);
        if (logGlobal) {
            target(Severity.EMERG, line);
        }
    }

    private static void target(final Severity severity, final String line) {
        switch (severity) {
            case EMERG:
                EMERG.error(line);
                break;
            case ALERT:
                ALERT.error(line);
                break;
            default:
                NOTICE.info(line);
                break;
        }
    }
}
