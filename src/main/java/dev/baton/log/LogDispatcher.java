package dev.baton.log;

import dev.baton.config.LogTarget;
import dev.baton.config.SyslogHeader;
import org.tinylog.Level;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends each traffic and server-event line to the loggers of its route, as HAProxy 2.6's {@code __send_log} and
 * {@code process_send_log}: for each target of the route in order, a line less important than the target's LEVEL is
 * skipped; a target with {@code sample} counts the lines it was given and sends only those its ranges keep; the
 * severity sent is no more important than the target's MINLEVEL; the target's facility, format and {@code len}
 * make the bytes ({@link LogEnvelope}). The line itself is first cut, as HAProxy builds it, to the largest
 * {@code len} of the configuration's {@code log} lines less one byte (so a lone {@code len 100 format raw} target
 * gets 99 bytes and the line feed, as from HAProxy).
 *
 * <p>Tag of the headers: the proxy's {@code log-tag}, else the global one, else {@code baton}; host name:
 * {@code log-send-hostname}. Built at start-up (sinks opened, host names resolved); {@link #dispatch} runs on
 * tinylog's writing thread only, which owns the sample counters.
 */
final class LogDispatcher {
    /** The program name, HAProxy's default tag. */
    static final String PROGRAM = "baton";

    /** One target of one route, with its sample counter. */
    private static final class Node {
        final LogTarget target;
        final LogSink sink;
        final int level;
        final int minLevel;
        long given;

        Node(final LogTarget target, final LogSink sink) {
            this.target = target;
            this.sink = sink;
            this.level = LogEnvelope.severityCode(target.level());
            this.minLevel = LogEnvelope.severityCode(target.minLevel());
        }
    }

    /** Where a tinylog tag leads: the nodes of its route, the header tag, the severity its base names (-1: none). */
    private record Destination(Node[] nodes, String tag, int severity) {
    }

    private final Map<String, Destination> byTag = new HashMap<>();
    private final List<LogSink> sinks = new ArrayList<>();
    private final String hostname;
    private final long pid;
    private final ZoneId zone;
    private final int maxMessage;

    LogDispatcher(final LogRoutes routes, final SyslogHeader header, final long pid, final ZoneId zone)
        throws IOException {
        this.hostname = header.hostname();
        this.pid = pid;
        this.zone = zone;
        final Map<LogTarget, LogSink> opened = new HashMap<>();
        final String globalTag = header.tag() != null ? header.tag() : PROGRAM;
        final List<LogRoutes.Route> list = routes.routes();
        for (int r = 0; r < list.size(); r++) {
            final LogRoutes.Route route = list.get(r);
            final Node[] nodes = new Node[route.targets().size()];
            for (int i = 0; i < nodes.length; i++) {
                final LogTarget t = route.targets().get(i);
                LogSink sink = opened.get(t);
                if (sink == null) {
                    sink = LogSink.open(t);
                    opened.put(t, sink);
                    sinks.add(sink);
                }
                nodes[i] = new Node(t, sink);
            }
            final String tag = route.tag() != null ? route.tag() : globalTag;
            byTag.put(LogRoutes.tag(r, TrafficLog.TAG), new Destination(nodes, tag, -1));
            byTag.put(LogRoutes.tag(r, ServerEventLog.TAG_EMERG), new Destination(nodes, tag, 0));
            byTag.put(LogRoutes.tag(r, ServerEventLog.TAG_ALERT), new Destination(nodes, tag, 1));
            byTag.put(LogRoutes.tag(r, ServerEventLog.TAG_NOTICE), new Destination(nodes, tag, 5));
            byTag.put(LogRoutes.tag(r, LogRoutes.TAG_CRIT), new Destination(nodes, tag, 2));
            byTag.put(LogRoutes.tag(r, LogRoutes.TAG_DEBUG), new Destination(nodes, tag, 7));
        }
        this.maxMessage = routes.maxLen() - 1;
    }

    /** Sends {@code message} logged with {@code tinylogTag} at {@code level}; tinylog's writing thread. */
    void dispatch(final String tinylogTag, final Level level, final String message, final long nowMicros) {
        final Destination d = byTag.get(tinylogTag);
        if (d == null) {
            return;
        }
        final int severity = d.severity >= 0 ? d.severity : severity(level);
        byte[] bytes = null;
        int length = 0;
        for (final Node n : d.nodes) {
            if (severity > n.level) {
                continue;
            }
            if (n.target.sample() != null && !n.target.sample().keeps(n.given++)) {
                continue;
            }
            if (bytes == null) {
                bytes = message.getBytes(StandardCharsets.UTF_8);
                length = Math.min(bytes.length, maxMessage);
                // as HAProxy, a line's own trailing line feeds are dropped: the envelope adds one
                while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == 0)) {
                    length--;
                }
            }
            n.sink.send(LogEnvelope.build(n.target, Math.max(severity, n.minLevel), d.tag, hostname, pid, nowMicros,
                zone, bytes, length));
        }
    }

    /** The syslog severity of a traffic line: info, or err under {@code option log-separate-errors}. */
    private static int severity(final Level level) {
        switch (level) {
            case ERROR:
                return 3;
            case WARN:
                return 4;
            case INFO:
                return 6;
            default:
                return 7;
        }
    }

    void close() {
        for (final LogSink s : sinks) {
            try {
                s.close();
            } catch (final IOException e) {
                // closing at exit: nothing left to tell
            }
        }
    }
}
