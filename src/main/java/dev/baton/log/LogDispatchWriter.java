package dev.baton.log;

import org.tinylog.core.LogEntry;
import org.tinylog.core.LogEntryValue;
import org.tinylog.writers.Writer;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;

/**
 * The tinylog writer of every log target: hands each tagged line to the {@link LogDispatcher} that
 * {@link LogSetup#configure} installed. tinylog creates it from its configuration and calls it on its writing thread
 * only, so no reactor ever waits on a socket or a stream.
 */
public final class LogDispatchWriter implements Writer {
    private static volatile LogDispatcher installed;

    private final LogDispatcher dispatcher;

    /** Called by tinylog; the properties say nothing the dispatcher does not already know. */
    public LogDispatchWriter(final Map<String, String> properties) {
        this.dispatcher = installed;
        if (dispatcher == null) {
            throw new IllegalStateException("no log dispatcher installed (LogSetup.configure not called)");
        }
    }

    static void install(final LogDispatcher dispatcher) {
        installed = dispatcher;
    }

    @Override
    public Collection<LogEntryValue> getRequiredLogEntryValues() {
        return EnumSet.of(LogEntryValue.TAG, LogEntryValue.LEVEL, LogEntryValue.MESSAGE, LogEntryValue.DATE);
    }

    @Override
    public void write(final LogEntry entry) {
        final Instant at = entry.getTimestamp() != null ? entry.getTimestamp().toInstant() : Instant.now();
        dispatcher.dispatch(entry.getTag(), entry.getLevel(), entry.getMessage(),
            at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000);
    }

    @Override
    public void flush() {
        // each line is sent as written
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
