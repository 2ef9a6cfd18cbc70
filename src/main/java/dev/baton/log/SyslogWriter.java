package dev.baton.log;

import org.tinylog.Level;
import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;

/**
 * A tinylog writer that sends each traffic-log line as one RFC 3164 syslog datagram,
 * {@code <PRI>Mmm dd hh:mm:ss baton[PID]: message\n}, the bytes HAProxy 2.6 sends by default (with its own name
 * as the tag) over UDP and over Unix sockets alike. Subclasses carry the datagram ({@link #send}).
 *
 * <p>Runs on tinylog's writing thread, never on a reactor. Property: {@code facility} (local0..local7, user,
 * daemon, ...; default local0). The priority's severity is the one a {@link ServerEventLog} tag names, else the
 * nearest to the entry's tinylog level (ERROR is {@code err}: {@code option log-separate-errors}).
 */
abstract class SyslogWriter implements Writer {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT);
    private static final String[] FACILITIES = {
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2", "ftp", "ntp",
        "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7",
    };
    /** The largest datagram sent; a longer line is cut. */
    static final int MAX_DATAGRAM = 65_000;

    private final int facility;
    private final String tag;

    SyslogWriter(final Map<String, String> properties) {
        this.facility = facilityCode(properties.getOrDefault("facility", "local0"));
        this.tag = "baton[" + ProcessHandle.current().pid() + "]";
    }

    /** The numeric code of a facility name, or -1 if it is not one. */
    public static int facilityCode(final String name) {
        for (int i = 0; i < FACILITIES.length; i++) {
            if (FACILITIES[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public final Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.TAG, LogEntryValue.LEVEL, LogEntryValue.MESSAGE);
    }

    @Override
    public final void write(final LogEntry entry) throws IOException {
        final int pri = facility * 8 + severity(entry.getTag(), entry.getLevel());
        // ended by a line feed, as HAProxy ends its datagrams
        final String line = "<" + pri + ">" + STAMP.format(LocalDateTime.now()) + " " + tag + ": " + entry.getMessage()
            + "\n";
        final byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        send(bytes, Math.min(bytes.length, MAX_DATAGRAM));
    }

    /** Sends {@code bytes[0..length)} as one datagram; tinylog's writing thread. */
    abstract void send(byte[] bytes, int length) throws IOException;

    /** The syslog severity: the one a {@link ServerEventLog} tag names, else the nearest to the tinylog level. */
    private static int severity(final String tag, final Level level) {
        if (ServerEventLog.TAG_EMERG.equals(tag)) {
            return 0;
        }
        if (ServerEventLog.TAG_ALERT.equals(tag)) {
            return 1;
        }
        if (ServerEventLog.TAG_NOTICE.equals(tag)) {
            return 5;
        }
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

    @Override
    public final void flush() {
        // datagrams are sent as written
    }
}
