package dev.baton.log;

import dev.baton.config.LogTarget;
import dev.baton.config.SourceLocation;
import dev.baton.config.SyslogHeader;
import org.tinylog.core.LogEntry;

import java.io.IOException;
import java.time.ZoneId;
import java.util.List;

/** A {@link LogDispatcher} on route 0 alone, written to as tinylog's writing thread would, for the tests. */
final class TestDispatch implements AutoCloseable {
    private final LogDispatcher dispatcher;

    private TestDispatch(final LogDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    static TestDispatch to(final SyslogHeader header, final LogTarget... targets) throws IOException {
        return new TestDispatch(new LogDispatcher(LogRoutes.ofGlobal(List.of(targets)), header,
            ProcessHandle.current().pid(), ZoneId.systemDefault()));
    }

    static TestDispatch to(final LogTarget... targets) throws IOException {
        return to(SyslogHeader.DEFAULT, targets);
    }

    /** {@code log 127.0.0.1:PORT FACILITY}. */
    static LogTarget udp(final int port, final String facility) {
        return new LogTarget(LogTarget.Kind.UDP, "127.0.0.1", port, facility, "debug", new SourceLocation("t", 1));
    }

    /** {@code log unix@PATH FACILITY}. */
    static LogTarget unix(final String path, final String facility) {
        return new LogTarget(LogTarget.Kind.UNIX, path, 0, facility, "debug", new SourceLocation("t", 1));
    }

    void write(final LogEntry entry) {
        dispatcher.dispatch(entry.getTag(), entry.getLevel(), entry.getMessage(), System.currentTimeMillis() * 1000);
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
