package dev.baton.stats.cli;

import dev.baton.config.StatsSocketConfig;
import dev.baton.io.Channels;
import dev.baton.io.Selectable;
import dev.baton.listener.AcceptPause;
import dev.baton.listener.ListenSockets;
import dev.baton.reactor.Reactor;
import org.tinylog.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * One {@code stats socket}: a listening unix or TCP socket whose clients become {@link CliSession}s on
 * reactor 0.
 *
 * <p>Threads: {@link #bind} (which touches the file system for a unix socket: removing a stale socket file,
 * setting the mode) and {@link #removeSocketFile()} run on the thread that starts and stops the daemon;
 * everything else on reactor 0. Accepting pauses while {@code stats maxconn} connections are open, and for a
 * while when accept fails for lack of file descriptors, as a frontend's listener does ({@link AcceptPause}).
 */
final class CliListener implements Selectable {
    private static final int BACKLOG = 16;
    private static final int ACCEPTS_PER_EVENT = 16;

    private final RuntimeApi api;
    private final StatsSocketConfig config;
    private final ServerSocketChannel channel;
    /** The unix socket file's identity once bound, to remove only the file this listener created. */
    private final Object fileKey;
    private final Reactor reactor;
    private final AcceptPause fdPause;
    private SelectionKey key;
    private boolean paused;
    private boolean closed;

    private CliListener(final RuntimeApi api, final Reactor reactor, final StatsSocketConfig config,
                        final ServerSocketChannel channel, final Object fileKey) {
        this.api = api;
        this.reactor = reactor;
        this.fdPause = new AcceptPause(reactor, "stats socket " + config.display(), this::updateInterest);
        this.config = config;
        this.channel = channel;
        this.fileKey = fileKey;
    }

    /**
     * Opens and binds the socket. A unix socket path that exists is replaced when it is a socket (one left by
     * a previous run) and refused otherwise; the new file gets the configured mode. Served on {@code reactor}.
     */
    static CliListener bind(final RuntimeApi api, final Reactor reactor, final StatsSocketConfig config)
        throws IOException {
        if (config.kind() == StatsSocketConfig.Kind.UNIX) {
            return bindUnix(api, reactor, config);
        }
        final ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, Boolean.TRUE);
            ch.configureBlocking(false);
            final InetSocketAddress address = config.host().isEmpty()
                ? new InetSocketAddress(config.port())
                : new InetSocketAddress(InetAddress.getByName(config.host()), config.port());
            ch.bind(address, BACKLOG);
        } catch (final IOException e) {
            ch.close();
            throw e;
        }
        return new CliListener(api, reactor, config, ch, null);
    }

    private static CliListener bindUnix(final RuntimeApi api, final Reactor reactor, final StatsSocketConfig config)
        throws IOException {
        final Path path = Path.of(config.path());
        removeStale(path);
        // bound under a temporary name that gets the owner and mode, then renamed: never reachable with others
        final ServerSocketChannel ch = ListenSockets.unix(config.path(), BACKLOG,
            config.mode() == StatsSocketConfig.NO_MODE ? 0 : config.mode(), config.uid(), config.gid());
        final Object fileKey;
        try {
            ch.configureBlocking(false);
            fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (final IOException e) {
            ch.close();
            Files.deleteIfExists(path);
            throw e;
        }
        return new CliListener(api, reactor, config, ch, fileKey);
    }

    private static void removeStale(final Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException("'" + path + "' exists and is not a socket");
        }
        Files.delete(path);
    }

    StatsSocketConfig config() {
        return config;
    }

    /** The TCP port bound (useful when configured as 0 in tests); -1 for a unix socket. */
    int localPort() {
        try {
            return channel.getLocalAddress() instanceof InetSocketAddress
                ? ((InetSocketAddress) channel.getLocalAddress()).getPort() : -1;
        } catch (final IOException e) {
            return -1;
        }
    }

    /** Starts accepting on its reactor (reactor 0), before it runs or on its thread. */
    void register() throws ClosedChannelException {
        key = channel.register(reactor.selector(), SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void onSelected(final SelectionKey selected, final int readyOps) {
        for (int i = 0; i < ACCEPTS_PER_EVENT && !closed; i++) {
            if (!api.hasRoom()) {
                paused = true;
                updateInterest();
                return;
            }
            final SocketChannel client;
            try {
                client = channel.accept();
            } catch (final IOException e) {
                if (fdPause.onAcceptFailure(e)) {
                    updateInterest();
                }
                return;
            }
            if (client == null) {
                return;
            }
            api.startSession(client, config.level());
        }
    }

    @Override
    public void rekeyed(final SelectionKey newKey) {
        key = newKey;
    }

    /** Accepts again after a pause for {@code stats maxconn}. Reactor 0. */
    void resume() {
        if (paused) {
            paused = false;
            updateInterest();
        }
    }

    private void updateInterest() {
        if (!closed && key != null && key.isValid()) {
            key.interestOps(paused || fdPause.isPaused() ? 0 : SelectionKey.OP_ACCEPT);
        }
    }

    /** Stops accepting and closes the socket; the file stays (see {@link #removeSocketFile()}). Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        Channels.cancelAndClose(key, channel);
    }

    /**
     * Removes the unix socket file if it is still the one this listener created (a newer baton may have
     * replaced it). Not on a reactor: file-system work.
     */
    void removeSocketFile() {
        if (config.kind() != StatsSocketConfig.Kind.UNIX) {
            return;
        }
        final Path path = Path.of(config.path());
        try {
            final Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
            if (Objects.equals(now, fileKey)) {
                Files.delete(path);
            }
        } catch (final IOException e) {
            Logger.debug("stats socket {}: not removed: {}", config.display(), e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "stats-socket[" + config.display() + "]";
    }
}
