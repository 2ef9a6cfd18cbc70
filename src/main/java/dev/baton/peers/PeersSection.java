package dev.baton.peers;

import dev.baton.config.PeersConfig;
import dev.baton.stick.StickTable;

import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;

/**
 * One running {@code peers} section: the local peer's name and listening socket, its remote peers, the tables it
 * shares (their ids on every session are their positions from 1), and its resynchronisation state, kept in HAProxy's
 * flag bits so that {@code show peers} prints them as HAProxy does. A freshly started section first learns (HAProxy
 * learns from its old local process, which baton never has, then from one remote peer at a time; it gives up after
 * {@link PeerWire#RESYNC_TIMEOUT_MS}); a section whose tables all survived a reload in place has nothing to learn.
 * Peers thread only, but for the fields set before it starts.
 */
final class PeersSection {
    static final int F_RESYNC_LOCAL = 0x1;
    static final int F_RESYNC_REMOTE = 0x2;
    static final int F_RESYNC_ASSIGN = 0x4;
    static final int F_RESYNC_PROCESS = 0x8;
    static final int F_RESYNC_LOCALTIMEOUT = 0x10;
    static final int F_RESYNC_REMOTETIMEOUT = 0x20;
    static final int F_RESYNC_REMOTEABORT = 0x80;
    static final int F_RESYNC_REMOTEFINISHED = 0x200;
    static final int F_RESYNC_REMOTEPARTIAL = 0x800;
    static final int F_RESYNC_REMOTEASSIGN = 0x2000;
    static final int F_RESYNC_REQUESTED = 0x4000;
    static final int RESYNC_STATE = F_RESYNC_LOCAL | F_RESYNC_REMOTE;

    final PeersConfig config;
    final InetSocketAddress listenAddress;
    final List<StickTable> tables;
    final List<RemotePeer> remotes;
    ServerSocketChannel listener;
    int flags;
    long resyncTimeoutMs;
    final long lastChangeEpochS;
    int taskCalls;

    PeersSection(final PeersConfig config, final InetSocketAddress listenAddress, final List<StickTable> tables,
                 final List<RemotePeer> remotes, final boolean learnt, final long nowMs) {
        this.config = config;
        this.listenAddress = listenAddress;
        this.tables = List.copyOf(tables);
        this.remotes = List.copyOf(remotes);
        // no old process to learn from: the local lesson is over at once, a remote one is awaited for a while
        this.flags = learnt ? RESYNC_STATE : F_RESYNC_LOCAL | F_RESYNC_LOCALTIMEOUT;
        this.resyncTimeoutMs = nowMs + PeerWire.RESYNC_TIMEOUT_MS;
        this.lastChangeEpochS = System.currentTimeMillis() / 1000;
    }

    String localName() {
        return config.local().name();
    }

    /** Whether this process still has to learn the tables from a remote peer. */
    boolean learningFromRemote() {
        return (flags & RESYNC_STATE) == F_RESYNC_LOCAL;
    }

    boolean resyncFinished() {
        return (flags & RESYNC_STATE) == RESYNC_STATE;
    }

    RemotePeer remote(final String name) {
        for (final RemotePeer p : remotes) {
            if (p.config.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
