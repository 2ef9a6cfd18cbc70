package dev.baton.stats.cli;

import dev.baton.config.AccessLevel;
import dev.baton.config.GlobalConfig;
import dev.baton.config.StatsSocketConfig;
import dev.baton.io.Channels;
import dev.baton.io.SocketEndpoint;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import dev.baton.stats.StatsSource;
import org.tinylog.Logger;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * HAProxy's runtime API (the "stats socket" CLI): every {@code stats socket} of the configuration, served
 * on reactor 0 by {@link CliListener}s and {@link CliSession}s, with the commands it is given (see {@code stats.cli.command.Commands}).
 *
 * <p>Lifecycle, driven by the daemon: {@link #open} binds every socket on the starting thread (so that a
 * bind error stops the start-up); {@link #register()} adds them to reactor 0's selector before it runs;
 * {@link #close()} closes sockets and connections on reactor 0 (or after it stopped); then
 * {@link #removeSocketFiles()} removes the unix socket files, off the reactors. Between register and
 * close, everything runs on reactor 0. Sockets and connections count in the {@link FdBudget}; they do not
 * count against {@code maxconn}, only against {@code stats maxconn}.
 */
public final class RuntimeApi {
    private final Reactor reactor;
    private final FdBudget fds;
    private final StatsSource source;
    private final CommandRegistry registry;
    private final long timeoutNs;
    private final int maxconn;
    private final List<CliListener> listeners = new ArrayList<>();
    /** Every open connection, serving or closing. */
    private final Set<CliSession> sessions = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The connections still serving, which count against {@code stats maxconn}. */
    private final Set<CliSession> serving = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;

    private RuntimeApi(final GlobalConfig global, final Reactor reactor, final FdBudget fds, final StatsSource source,
                       final CommandRegistry registry) {
        this.reactor = reactor;
        this.fds = fds;
        this.source = source;
        this.registry = registry;
        this.timeoutNs = global.statsTimeoutMs() * 1_000_000L;
        this.maxconn = global.statsMaxconn();
    }

    /**
     * Binds every {@code stats socket} of {@code global}; served on {@code reactor} once registered. Throws
     * with one message per socket that could not be bound, after closing the others.
     */
    public static RuntimeApi open(final GlobalConfig global, final Reactor reactor, final FdBudget fds,
                                  final StatsSource source, final CommandRegistry commands)
        throws RuntimeApiException {
        return open(global, List.of(), reactor, fds, source, commands);
    }

    /**
     * As {@link #open(GlobalConfig, Reactor, FdBudget, StatsSource, CommandRegistry)}, with {@code more} sockets
     * after the configuration's: the command line's {@code -S} (the process's own, whatever the files say).
     */
    public static RuntimeApi open(final GlobalConfig global, final List<StatsSocketConfig> more, final Reactor reactor,
                                  final FdBudget fds, final StatsSource source, final CommandRegistry commands)
        throws RuntimeApiException {
        final RuntimeApi api = new RuntimeApi(global, reactor, fds, source, commands);
        final List<String> errors = new ArrayList<>();
        final List<StatsSocketConfig> sockets = new ArrayList<>(global.statsSockets());
        sockets.addAll(more);
        for (final StatsSocketConfig socket : sockets) {
            try {
                api.listeners.add(CliListener.bind(api, reactor, socket));
                fds.opened();
            } catch (final IOException e) {
                errors.add(socket.where() + ": cannot bind stats socket " + socket.display() + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            api.close();
            api.removeSocketFiles();
            throw new RuntimeApiException(errors);
        }
        return api;
    }

    /** Starts accepting: before reactor 0 runs (or on its thread). */
    public void register() throws ClosedChannelException {
        for (final CliListener l : listeners) {
            l.register();
        }
        if (!listeners.isEmpty()) {
            Logger.info("runtime API on {}", socketsDisplay());
        }
    }

    StatsSource source() {
        return source;
    }

    CommandRegistry registry() {
        return registry;
    }

    /** The TCP port the {@code index}-th {@code stats socket} listens on; -1 for a unix socket. */
    public int localPort(final int index) {
        return listeners.get(index).localPort();
    }

    boolean hasRoom() {
        return serving.size() < maxconn;
    }

    /** A client was accepted: serve it. Reactor 0. */
    void startSession(final SocketChannel client, final AccessLevel level) {
        fds.opened();
        final SocketEndpoint endpoint;
        try {
            endpoint = new SocketEndpoint(client, fds, null);
        } catch (final IOException e) {
            Channels.closeQuietly(client);
            fds.closed();
            return;
        }
        final CliSession session = new CliSession(this, reactor, endpoint, level, timeoutNs);
        sessions.add(session);
        serving.add(session);
        try {
            session.start();
        } catch (final IOException e) {
            session.close();
        }
    }

    /** A session stopped serving (it is closing, or closed): make room for the next. Reactor 0; idempotent. */
    void sessionDone(final CliSession session) {
        if (serving.remove(session) && !closed && hasRoom()) {
            for (final CliListener l : listeners) {
                l.resume();
            }
        }
    }

    /** A session's socket is closed. Reactor 0. */
    void sessionClosed(final CliSession session) {
        sessions.remove(session);
    }

    /** Open connections. Reactor 0. */
    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Closes every socket and connection. On reactor 0, or on any thread once reactor 0 has stopped (its
     * channels are then nobody's). Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (final CliListener l : listeners) {
            l.close();
            fds.closed();
        }
        for (final CliSession s : new ArrayList<>(sessions)) {
            s.close();
        }
    }

    /** Removes the unix socket files this runtime API created. After {@link #close()}, off the reactors. */
    public void removeSocketFiles() {
        for (final CliListener l : listeners) {
            l.removeSocketFile();
        }
    }

    private String socketsDisplay() {
        final List<String> out = new ArrayList<>();
        for (final CliListener l : listeners) {
            out.add(l.config().display() + " (level " + l.config().level().keyword() + ")");
        }
        return String.join(", ", out);
    }

    /** One or more stats sockets could not be bound; each message names the configuration line. */
    public static final class RuntimeApiException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient List<String> problems;

        RuntimeApiException(final List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }
}
