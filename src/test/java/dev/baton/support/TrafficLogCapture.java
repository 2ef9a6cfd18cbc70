package dev.baton.support;

import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A tinylog writer that keeps every traffic-log line (tag {@code traffic}) of the test JVM in memory, so
 * tests can read the tcplog lines of a daemon running in-process.
 *
 * <p>Installed by {@code src/test/resources/tinylog-test.properties}, which tinylog reads at the first log
 * call of the JVM: a configuration set from a test class instead would be refused whenever another test
 * class logged first. tinylog calls {@link #write} on its writing thread; tests read from theirs.
 */
public final class TrafficLogCapture implements Writer {
    private static final Queue<String> LINES = new ConcurrentLinkedQueue<>();
    /** The tinylog level each line was logged at (the last one, for a text logged twice). */
    private static final Map<String, Level> LEVELS = new ConcurrentHashMap<>();
    private static volatile boolean installed;

    /** Called by tinylog, with the {@code writercapture.*} properties. */
    public TrafficLogCapture(final Map<String, String> properties) {
        installed = true;
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.MESSAGE, LogEntryValue.LEVEL);
    }

    @Override
    public void write(final LogEntry entry) {
        LEVELS.put(entry.getMessage(), entry.getLevel());
        LINES.add(entry.getMessage());
    }

    @Override
    public void flush() {
        // kept in memory
    }

    @Override
    public void close() {
        // kept in memory
    }

    /** Forgets the lines captured so far (a test calls it before it starts its daemon). */
    public static void clear() {
        LINES.clear();
        LEVELS.clear();
    }

    /** The level {@code line} (a captured line) was logged at: INFO, or ERROR for syslog's {@code err}. */
    public static Level level(final String line) {
        return LEVELS.get(line);
    }

    /** Waits (up to 10 s) for the first captured line that {@code wanted} accepts, and returns it. */
    public static String awaitLine(final String description, final Predicate<String> wanted) {
        final String[] found = new String[1];
        await("traffic-log line " + description + (installed ? "" : " (capture writer never installed: "
            + "is tinylog-test.properties on the test class path?)"))
            .atMost(Duration.ofSeconds(10))
            .until(() -> (found[0] = first(wanted)) != null);
        return found[0];
    }

    /** The tcplog line of the connection the client made from local port {@code clientPort}. */
    public static String awaitTcplog(final int clientPort) {
        final String prefix = "127.0.0.1:" + clientPort + " [";
        return awaitLine("of client port " + clientPort, line -> line.startsWith(prefix));
    }

    /** Every line captured so far, in order. */
    public static List<String> lines() {
        return List.copyOf(LINES);
    }

    /** Every line captured so far that {@code wanted} accepts. */
    public static long count(final Predicate<String> wanted) {
        return LINES.stream().filter(wanted).count();
    }

    /** Every line captured so far that {@code wanted} accepts, in the order they were logged. */
    public static List<String> lines(final Predicate<String> wanted) {
        return LINES.stream().filter(wanted).toList();
    }

    private static String first(final Predicate<String> wanted) {
        for (final String line : LINES) {
            if (wanted.test(line)) {
                return line;
            }
        }
        return null;
    }
}
