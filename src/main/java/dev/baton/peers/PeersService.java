package dev.baton.peers;

import dev.baton.config.PeersConfig;
import dev.baton.stick.StickTable;
import dev.baton.stick.StickTables;
import org.tinylog.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@code peers} sections of one configuration generation at run time, on one platform thread of their own,
 * {@code baton-peers} (as {@code baton-dns} resolves names): a selector with each section's listening socket and its
 * sessions, HAProxy's sync task (dial each remote peer, redial {@link PeerWire#RECONNECT_TIMEOUT_MS} after a
 * session is lost, end a session silent for a whole reconnect period, heartbeats, the resynchronisation timers), and
 * the tables' local changes, which reactors mark under each entry's own lock and this thread collects: reactors never
 * wait for it and it never touches a reactor. A reload stops this service (its sessions end; remote peers redial)
 * and starts the next generation's, which shares the tables the reload kept. Built and started by the daemon;
 * {@link #stop} from any thread.
 */
public final class PeersService {
    /** The longest the loop sleeps: timers are checked at least this often. */
    private static final long MAX_WAIT_MS = 100;
    /** How often the update logs forget the entries that left their tables. */
    private static final long PRUNE_EVERY_MS = 1000;
    /** How often {@code show peers}' snapshot is taken (at most). */
    private static final long SNAPSHOT_EVERY_MS = 50;
    /** An accepted connection must say who it is within this time (HAProxy's peers frontend: timeout client 5s). */
    private static final long HANDSHAKE_TIMEOUT_MS = 5000;

    private final List<PeersSection> sections;
    private final Selector selector;
    private final PeerProtocol protocol = new PeerProtocol(() -> 50 + ThreadLocalRandom.current().nextInt(2000));
    private final long startNs;
    private volatile boolean running;
    private volatile PeersSnapshot snapshot;
    /** Accepted connections still in their handshake; peers thread only. */
    private final List<PeerSession> handshaking = new ArrayList<>();
    private Thread thread;

    private PeersService(final List<PeersSection> sections, final Selector selector, final long startNs) {
        this.sections = sections;
        this.selector = selector;
        this.startNs = startNs;
    }

    /**
     * The service of {@code peers} sharing {@code tables}, its listening sockets bound (an address in use throws);
     * null when no section is active. {@code learnt}: the tables this generation kept from the one before, which
     * need no lesson.
     */
    public static PeersService create(final Map<String, PeersConfig> peers, final StickTables tables,
                                      final Set<StickTable> learnt) throws IOException {
        final List<PeersConfig> active = new ArrayList<>();
        for (final PeersConfig c : peers.values()) {
            if (!c.disabled() && c.local() != null) {
                active.add(c);
            }
        }
        if (active.isEmpty()) {
            return null;
        }
        final Selector selector = Selector.open();
        final List<PeersSection> sections = new ArrayList<>();
        final long startNs = System.nanoTime();
        final long nowMs = 1; // the service clock starts at 1 ms (0 means "never")
        try {
            for (final PeersConfig c : active) {
                // HAProxy's ids: the section's own tables first, last declared first, then the proxies' tables
                final List<StickTable> shared = new ArrayList<>();
                for (final StickTable t : tables.all()) {
                    if (c.name().equals(t.config().peers()) && t.changes() != null) {
                        if (t.name().startsWith(c.name() + "/")) {
                            shared.add(0, t);
                        } else {
                            shared.add(t);
                        }
                    }
                }
                final List<RemotePeer> remotes = new ArrayList<>();
                for (final PeersConfig.Peer p : c.remotes()) {
                    final PeerTable[] pts = new PeerTable[shared.size()];
                    for (int i = 0; i < pts.length; i++) {
                        pts[i] = new PeerTable(shared.get(i), i + 1);
                    }
                    final InetSocketAddress address = new InetSocketAddress(p.host(), p.port());
                    if (address.isUnresolved()) {
                        throw new IOException("peers " + c.name() + ": peer '" + p.name() + "': could not resolve "
                            + "address '" + p.host() + "'");
                    }
                    remotes.add(new RemotePeer(p, address, pts));
                }
                final boolean kept = learnt.containsAll(shared);
                final PeersSection s = new PeersSection(c, new InetSocketAddress(c.local().host(), c.local().port()),
                    shared, remotes, kept, nowMs);
                final ServerSocketChannel server = ServerSocketChannel.open();
                sections.add(s);
                s.listener = server;
                server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                try {
                    server.bind(s.listenAddress);
                } catch (final IOException e) {
                    throw new IOException("peers " + c.name() + ": cannot listen on " + c.local().address() + " for "
                        + "local peer '" + c.local().name() + "': " + e.getMessage(), e);
                }
                server.configureBlocking(false);
                server.register(selector, SelectionKey.OP_ACCEPT, s);
            }
        } catch (final IOException | RuntimeException e) {
            for (final PeersSection s : sections) {
                closeQuietly(s.listener);
            }
            selector.close();
            throw e;
        }
        return new PeersService(sections, selector, startNs);
    }

    /** Starts the thread; the tables' changes wake it from now on. */
    public void start() {
        running = true;
        for (final PeersSection s : sections) {
            for (final StickTable t : s.tables) {
                t.changes().waker(selector::wakeup);
            }
        }
        thread = new Thread(this::run, "baton-peers");
        thread.setDaemon(true);
        thread.start();
    }

    /** Ends every session, closes the sockets and waits for the thread to end. Idempotent. */
    public void stop() {
        running = false;
        for (final PeersSection s : sections) {
            for (final StickTable t : s.tables) {
                t.changes().waker(() -> { });
            }
        }
        selector.wakeup();
        final Thread t = thread;
        if (t == null) {
            if (selector.isOpen()) {
                shutdown(); // never started
            }
            return;
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(1000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The state {@code show peers} prints, as of the thread's last turn (null before its first). */
    public PeersSnapshot snapshot() {
        return snapshot;
    }

    /** The listening address of section {@code name} (its port when 0 was configured), or null. */
    public InetSocketAddress listening(final String name) {
        for (final PeersSection s : sections) {
            if (s.config.name().equals(name)) {
                try {
                    return (InetSocketAddress) s.listener.getLocalAddress();
                } catch (final IOException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private long nowMs() {
        return (System.nanoTime() - startNs) / 1_000_000L + 1; // never 0: 0 means "never"
    }

    private void run() {
        boolean busy = false;
        long snapshotMs = 0;
        long prunedMs = 0;
        try {
            while (running) {
                if (busy) {
                    selector.selectNow();
                } else {
                    selector.select(MAX_WAIT_MS);
                }
                busy = false;
                final long now = nowMs();
                for (final SelectionKey k : selector.selectedKeys()) {
                    ready(k, now);
                }
                selector.selectedKeys().clear();
                expireHandshakes(now);
                for (final PeersSection s : sections) {
                    for (final StickTable t : s.tables) {
                        t.changes().collect(t);
                    }
                    sync(s, now);
                    for (final RemotePeer p : s.remotes) {
                        final PeerSession session = p.session;
                        if (session != null && session.established()) {
                            busy |= protocol.send(session);
                            flush(p, session, now);
                        }
                    }
                }
                if (now - prunedMs >= PRUNE_EVERY_MS) {
                    prunedMs = now;
                    for (final PeersSection s : sections) {
                        for (final StickTable t : s.tables) {
                            t.changes().prune();
                        }
                    }
                }
                if (now - snapshotMs >= SNAPSHOT_EVERY_MS || snapshot == null) {
                    snapshot = PeersSnapshot.of(sections, now, startNs);
                    snapshotMs = now;
                }
            }
        } catch (final IOException | RuntimeException e) {
            Logger.error(e, "peers: the peers thread failed; tables are no longer shared");
        } finally {
            shutdown();
        }
    }

    private void ready(final SelectionKey k, final long now) {
        if (!k.isValid()) {
            return;
        }
        if (k.attachment() instanceof PeersSection s) {
            accept(s, now);
            return;
        }
        final PeerSession session = (PeerSession) k.attachment();
        try {
            handle(k, session, now);
        } catch (final RuntimeException e) {
            Logger.warn(e, "peers {}: session with '{}' failed", session.section.config.name(),
                session.peer == null ? "?" : session.peer.config.name());
            ended(session, now);
        }
    }

    private void handle(final SelectionKey k, final PeerSession session, final long now) {
        try {
            if (k.isConnectable()) {
                session.connected(protocol);
            }
            if (k.isValid() && k.isReadable() && !session.readable(protocol, now)) {
                ended(session, now);
                return;
            }
            if (k.isValid() && k.isWritable() && session.flush() && session.state == PeerSession.State.CLOSED) {
                ended(session, now);
            }
        } catch (final IOException e) {
            Logger.debug("peers {}: session with '{}' ended: {}", session.section.config.name(),
                session.peer == null ? "?" : session.peer.config.name(), e.getMessage());
            ended(session, now);
        }
    }

    private void accept(final PeersSection s, final long now) {
        try {
            final SocketChannel ch = s.listener.accept();
            if (ch == null) {
                return;
            }
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
            final PeerSession session = new PeerSession(ch, key, s, null, false);
            session.openedMs = now;
            key.attach(session);
            handshaking.add(session);
        } catch (final IOException e) {
            Logger.warn("peers {}: accept failed: {}", s.config.name(), e.getMessage());
        }
    }

    /** Closes the accepted connections that did not finish their handshake in time. */
    private void expireHandshakes(final long now) {
        handshaking.removeIf(session -> {
            if (session.state == PeerSession.State.CLOSED || session.peer != null && session.established()) {
                return true;
            }
            if (now - session.openedMs >= HANDSHAKE_TIMEOUT_MS) {
                if (session.peer == null || session.peer.session != session) {
                    session.close();
                } else {
                    ended(session, now);
                }
                return true;
            }
            return false;
        });
    }

    /** A session ended (closed by the peer, refused, broken). */
    private void ended(final PeerSession session, final long now) {
        final RemotePeer p = session.peer;
        if (p != null && p.session == session) {
            protocol.drop(p, now, true);
        } else {
            session.close();
        }
    }

    private void flush(final RemotePeer p, final PeerSession session, final long now) {
        try {
            session.flush();
            if (session.state == PeerSession.State.CLOSED) {
                ended(session, now);
            }
        } catch (final IOException e) {
            ended(session, now);
        }
    }

    /** HAProxy's sync task for one section: dialling, liveness, heartbeats, the resynchronisation's timers. */
    private void sync(final PeersSection s, final long now) {
        s.taskCalls++;
        for (final RemotePeer p : s.remotes) {
            final PeerSession session = p.session;
            if (session == null) {
                if (p.reconnectMs == 0 || now - p.reconnectMs >= 0) {
                    dial(s, p, now);
                }
                continue;
            }
            if (!session.established()) {
                if (session.outgoing && p.reconnectMs != 0 && now - p.reconnectMs >= 0) {
                    protocol.drop(p, now, true); // the handshake took a whole reconnect period
                }
                continue;
            }
            if (s.learningFromRemote() && (s.flags & PeersSection.F_RESYNC_ASSIGN) == 0 && !p.learnNotUpToDate) {
                PeerProtocol.assignLesson(s, p);
                continue;
            }
            boolean toPush = false;
            for (final PeerTable t : p.tables) {
                if (t.lastPushed != t.table.changes().localUpdate()) {
                    toPush = true;
                    break;
                }
            }
            if (toPush) {
                p.sendHeartbeat = false;
                p.heartbeatMs = now + PeerWire.HEARTBEAT_TIMEOUT_MS;
                continue;
            }
            if (now - p.reconnectMs >= 0) {
                if (p.alive) {
                    p.alive = false;
                    p.reconnectMs = now + PeerWire.RECONNECT_TIMEOUT_MS;
                } else {
                    p.reconnectMs = now + 50 + ThreadLocalRandom.current().nextInt(2000);
                    p.heartbeatMs = 0;
                    protocol.drop(p, now, true);
                    p.noHeartbeats++;
                }
            } else if (p.heartbeatMs != 0 && now - p.heartbeatMs >= 0) {
                p.heartbeatMs = now + PeerWire.HEARTBEAT_TIMEOUT_MS;
                p.sendHeartbeat = true;
            }
        }
        if (s.learningFromRemote() && (s.flags & PeersSection.F_RESYNC_ASSIGN) == 0
            && now - s.resyncTimeoutMs >= 0) {
            s.flags |= PeersSection.F_RESYNC_REMOTE | PeersSection.F_RESYNC_REMOTETIMEOUT;
        }
    }

    private void dial(final PeersSection s, final RemotePeer p, final long now) {
        p.newConnections++;
        p.reconnectMs = now + PeerWire.RECONNECT_TIMEOUT_MS;
        p.heartbeatMs = 0;
        p.statusCode = PeerWire.SC_CONNECT;
        p.lastHandshakeMs = now;
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final boolean done = ch.connect(p.address);
            final SelectionKey key = ch.register(selector, done ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
            final PeerSession session = new PeerSession(ch, key, s, p, true);
            key.attach(session);
            p.session = session;
            if (done) {
                session.connected(protocol);
            }
        } catch (final IOException | RuntimeException e) {
            // an unresolved or unreachable address: redialled after the reconnect delay
            Logger.debug("peers {}: cannot dial '{}' at {}: {}", s.config.name(), p.config.name(), p.address, e);
            closeQuietly(ch);
            p.session = null;
        }
    }

    private void shutdown() {
        for (final PeersSection s : sections) {
            for (final RemotePeer p : s.remotes) {
                if (p.session != null) {
                    p.session.close();
                    p.session = null;
                }
            }
            closeQuietly(s.listener);
        }
        for (final SelectionKey k : selector.keys()) {
            if (k.attachment() instanceof PeerSession session) {
                session.close();
            }
        }
        try {
            selector.close();
        } catch (final IOException e) {
            // closing
        }
    }

    private static void closeQuietly(final java.io.Closeable c) {
        if (c != null) {
            try {
                c.close();
            } catch (final IOException e) {
                // closing
            }
        }
    }
}
