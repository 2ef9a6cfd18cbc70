package dev.baton.log;

import dev.baton.config.BatonConfig;
import dev.baton.sample.conv.DebugConverter;
import org.tinylog.configuration.Configuration;
import org.tinylog.provider.ProviderRegistry;

import java.io.IOException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * Configures tinylog for the daemon: process messages (untagged) to stderr; traffic lines and server events
 * (the tags of {@link LogRoutes}) to {@link LogDispatchWriter}, which sends each to the loggers of its proxy: the
 * {@code log} targets of the proxy and, through {@code log global}, of the global section, or stdout when the
 * global section has none. Writing happens on tinylog's writing thread, so a reactor never blocks on a log write.
 */
public final class LogSetup {
    private LogSetup() {
    }

    /**
     * Must run before the first log call of the process, and before {@code chroot}: the log sockets are opened and
     * their host names resolved here. Fails when a host name does not resolve or a socket cannot be created.
     */
    public static void configure(final BatonConfig config, final boolean debug) throws IOException {
        final LogRoutes routes = LogRoutes.of(config);
        final LogDispatcher dispatcher = new LogDispatcher(routes, config.global().syslogHeader(),
            ProcessHandle.current().pid(), ZoneId.systemDefault());
        LogRoutes.install(routes);
        LogDispatchWriter.install(dispatcher);
        final Map<String, String> c = new HashMap<>();
        c.put("writingthread", "true");
        c.put("autoshutdown", "false");
        c.put("writer", "console");
        c.put("writer.stream", "err");
        c.put("writer.tag", "-");
        c.put("writer.level", debug ? "debug" : "info");
        c.put("writer.format", "{date:yyyy-MM-dd HH:mm:ss.SSS} [{level}] {message}");
        c.put("writertraffic", LogDispatchWriter.class.getName());
        c.put("writertraffic.tag", routes.allTags());
        // every severity reaches the dispatcher, which filters per target as HAProxy does
        c.put("writertraffic.level", "trace");
        rawSink(c, "debugout", "out", DebugConverter.STDOUT_TAG);
        rawSink(c, "debugerr", "err", DebugConverter.STDERR_TAG);
        Configuration.replace(c);
    }

    /** A console writer of bare lines for one tag: the {@code stdout}/{@code stderr} sinks of {@code debug}. */
    private static void rawSink(final Map<String, String> c, final String name, final String stream,
                                final String tag) {
        c.put("writer" + name, "console");
        c.put("writer" + name + ".stream", stream);
        c.put("writer" + name + ".tag", tag);
        c.put("writer" + name + ".level", "trace");
        c.put("writer" + name + ".format", "{message}");
    }

    /** Flushes and stops tinylog's writing thread; the last call of the process. */
    public static void shutdown() {
        try {
            ProviderRegistry.getLoggingProvider().shutdown();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
