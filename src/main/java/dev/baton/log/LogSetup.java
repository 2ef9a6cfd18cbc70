package dev.baton.log;

import dev.baton.config.LogTarget;
import org.tinylog.configuration.Configuration;
import org.tinylog.provider.ProviderRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Configures tinylog for the daemon: process messages (untagged) to stderr, traffic lines (tag
 * {@link TrafficLog#TAG}) to each {@code log} target of the global section (the syslog ones through
 * {@link SyslogUdpWriter} or {@link SyslogUnixWriter}), or to stdout when there is none. Writing happens on tinylog's writing thread, so a reactor never blocks on a log write.
 */
public final class LogSetup {
    private LogSetup() {
    }

    /** Must run before the first log call of the process. */
    public static void configure(final List<LogTarget> targets, final boolean debug) {
        final Map<String, String> c = new HashMap<>();
        c.put("writingthread", "true");
        c.put("autoshutdown", "false");
        c.put("writer", "console");
        c.put("writer.stream", "err");
        c.put("writer.tag", "-");
        c.put("writer.level", debug ? "debug" : "info");
        c.put("writer.format", "{date:yyyy-MM-dd HH:mm:ss.SSS} [{level}] {message}");
        if (targets.isEmpty()) {
            trafficConsole(c, "writertraffic", "out");
        }
        int i = 0;
        for (final LogTarget t : targets) {
            final String w = "writertraffic" + i++;
            switch (t.kind()) {
                case STDOUT:
                    trafficConsole(c, w, "out");
                    break;
                case STDERR:
                    trafficConsole(c, w, "err");
                    break;
                case UNIX:
                    c.put(w, SyslogUnixWriter.class.getName());
                    c.put(w + ".path", t.host());
                    syslog(c, w, t);
                    break;
                default:
                    c.put(w, SyslogUdpWriter.class.getName());
                    c.put(w + ".host", t.host());
                    c.put(w + ".port", Integer.toString(t.port()));
                    syslog(c, w, t);
                    break;
            }
        }
        Configuration.replace(c);
    }

    /** Flushes and stops tinylog's writing thread; the last call of the process. */
    public static void shutdown() {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void syslog(final Map<String, String> c, final String w, final LogTarget t) {
        c.put(w + ".tag", ServerEventLog.TRAFFIC_TAGS);
        c.put(w + ".facility", t.facility());
        c.put(w + ".level", tinylogLevel(t.level()));
    }

    private static void trafficConsole(final Map<String, String> c, final String w, final String stream) {
        c.put(w, "console");
        c.put(w + ".stream", stream);
        c.put(w + ".tag", ServerEventLog.TRAFFIC_TAGS);
        c.put(w + ".format", "{message}");
    }

    /** Maps a syslog level name to the nearest tinylog level. */
    static String tinylogLevel(final String syslogLevel) {
        if (syslogLevel == null) {
            return "info";
        }
        switch (syslogLevel) {
            case "emerg":
            case "alert":
            case "crit":
            case "err":
                return "error";
            case "warning":
                return "warn";
            case "debug":
                return "debug";
            default:
                return "info";
        }
    }
}
