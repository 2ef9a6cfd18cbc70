package dev.baton.peers;

import dev.baton.stick.StickChanges;
import dev.baton.stick.StickEntry;
import dev.baton.stick.StickTable;

import java.io.IOException;
import java.util.Map;

/**
 * What the messages of an established session mean, both ways, after HAProxy 2.6's {@code peers.c}: a session
 * starts from the last update the peer acknowledged; it may be assigned to teach this process the tables (a
 * resynchronisation request, the peer's updates, its "finished" or "partial", our confirmation); a peer's request
 * makes this process teach it every entry it has, with each entry's remaining life; otherwise each side pushes its
 * local changes in order (a table's definition before its first update), acknowledges what it received, and sends
 * a heartbeat when it has nothing to say for {@link PeerWire#HEARTBEAT_TIMEOUT_MS}. An update of a table this process
 * does not share, or whose key differs, is ignored, as HAProxy's. Peers thread only.
 */
final class PeerProtocol {
    /** Updates written to one session per turn of the loop, so that one peer does not starve the others. */
    private static final int BATCH = 512;
    /** Output bytes above which pushing waits for the peer to read. */
    private static final int HIGH_WATER = 256 * 1024;

    private final java.util.function.IntSupplier jitterMs;

    /** {@code jitterMs}: a random delay (50 ms to about 2 s) before redialling a peer whose session we ended. */
    PeerProtocol(final java.util.function.IntSupplier jitterMs) {
        this.jitterMs = jitterMs;
    }

    /**
     * An accepted session identified its peer: one already connected loses its session (a collision: it
     * redials after a random delay), as HAProxy's.
     */
    void accepted(final PeerSession s, final long nowMs) {
        final RemotePeer p = s.peer;
        if (p.session != null && p.session != s) {
            p.reconnectMs = nowMs + jitterMs.getAsInt();
            drop(p, nowMs, true);
            p.heartbeatMs = 0;
            p.collisions++;
        }
        p.session = s;
        p.alive = true;
    }

    /** The handshake succeeded, either way. */
    void established(final PeerSession s, final long nowMs) {
        final RemotePeer p = s.peer;
        final PeersSection section = s.section;
        p.heartbeatMs = nowMs + PeerWire.HEARTBEAT_TIMEOUT_MS;
        p.statusCode = PeerWire.SC_SUCCESS;
        p.lastHandshakeMs = nowMs;
        p.confirm = 0;
        p.remoteTable = null;
        p.lastLocalTable = null;
        s.dictionary.clear();
        for (final PeerTable t : p.tables) {
            t.sessionStarted();
        }
        p.teachProcess = false;
        p.teachFinished = false;
        p.learnAssigned = false;
        p.learnNotUpToDate = false;
        if (section.learningFromRemote() && (section.flags & PeersSection.F_RESYNC_ASSIGN) == 0) {
            assignLesson(section, p);
        }
    }

    static void assignLesson(final PeersSection section, final RemotePeer p) {
        p.learnAssigned = true;
        section.flags |= PeersSection.F_RESYNC_ASSIGN | PeersSection.F_RESYNC_REMOTEASSIGN;
    }

    /**
     * Ends peer {@code p}'s session (if any). {@code abort}: a lesson it was giving is lost and another peer is
     * asked within {@link PeerWire#RESYNC_TIMEOUT_MS}.
     */
    void drop(final RemotePeer p, final long nowMs, final boolean abort) {
        final PeerSession s = p.session;
        if (s == null) {
            return;
        }
        p.session = null;
        s.close();
        p.remoteTable = null;
        p.lastLocalTable = null;
        if (p.learnAssigned) {
            p.learnAssigned = false;
            s.section.flags &= ~(PeersSection.F_RESYNC_ASSIGN | PeersSection.F_RESYNC_PROCESS);
            s.section.flags |= PeersSection.F_RESYNC_REMOTEABORT;
            s.section.resyncTimeoutMs = nowMs + PeerWire.RESYNC_TIMEOUT_MS;
        }
        p.teachProcess = false;
        p.teachFinished = false;
        p.learnNotUpToDate = false;
        p.alive = false;
    }

    /** One message of class {@code cls} and type {@code type}, its body in {@code r}. */
    void received(final PeerSession s, final int cls, final int type, final WireReader r, final long nowMs)
        throws WireReader.Malformed, IOException {
        final RemotePeer p = s.peer;
        final PeersSection section = s.section;
        if (cls == PeerWire.CLASS_CONTROL) {
            control(s, p, section, type, nowMs);
        } else if (cls == PeerWire.CLASS_STICKTABLE) {
            switch (type) {
                case PeerWire.STKT_DEFINE:
                    define(p, r, s.definition);
                    break;
                case PeerWire.STKT_SWITCH: {
                    final long id = r.varint();
                    p.remoteTable = null;
                    for (final PeerTable t : p.tables) {
                        if (t.remoteId == id) {
                            p.remoteTable = t;
                            break;
                        }
                    }
                    break;
                }
                case PeerWire.STKT_UPDATE:
                case PeerWire.STKT_INCUPDATE:
                case PeerWire.STKT_UPDATE_TIMED:
                case PeerWire.STKT_INCUPDATE_TIMED:
                    update(s, p, type, r);
                    break;
                case PeerWire.STKT_ACK: {
                    if (p.teachProcess) {
                        break; // acknowledgements of a lesson mean nothing, as HAProxy's
                    }
                    final long id = r.varint();
                    final long acked = r.u32();
                    final PeerTable t = p.byLocalId(id);
                    if (t != null) {
                        t.update = acked;
                    }
                    break;
                }
                default:
                    break;
            }
        } else if (cls == PeerWire.CLASS_RESERVED) {
            s.protocolError(this);
            return;
        }
        p.alive = true;
    }

    private void control(final PeerSession s, final RemotePeer p, final PeersSection section, final int type,
                         final long nowMs) throws IOException {
        switch (type) {
            case PeerWire.CTRL_RESYNC_REQUEST:
                for (final PeerTable t : p.tables) {
                    t.teachingOrigin = t.update;
                    t.lastPushed = t.update;
                    t.teaching = null;
                    t.teachDone = false;
                }
                p.teachProcess = true;
                p.teachFinished = false;
                section.flags |= PeersSection.F_RESYNC_REQUESTED;
                break;
            case PeerWire.CTRL_RESYNC_FINISHED:
                if (p.learnAssigned) {
                    p.learnAssigned = false;
                    section.flags &= ~(PeersSection.F_RESYNC_ASSIGN | PeersSection.F_RESYNC_PROCESS);
                    section.flags |= PeersSection.RESYNC_STATE | PeersSection.F_RESYNC_REMOTEFINISHED;
                }
                p.confirm++;
                break;
            case PeerWire.CTRL_RESYNC_PARTIAL:
                if (p.learnAssigned) {
                    p.learnAssigned = false;
                    section.flags &= ~(PeersSection.F_RESYNC_ASSIGN | PeersSection.F_RESYNC_PROCESS);
                    section.flags |= PeersSection.F_RESYNC_REMOTEPARTIAL;
                    p.learnNotUpToDate = true;
                    section.resyncTimeoutMs = nowMs + PeerWire.RESYNC_TIMEOUT_MS;
                }
                p.confirm++;
                break;
            case PeerWire.CTRL_RESYNC_CONFIRM:
                for (final PeerTable t : p.tables) {
                    t.update = t.teachingOrigin;
                    t.lastPushed = t.teachingOrigin;
                    t.teaching = null;
                    t.teachDone = false;
                }
                p.teachProcess = false;
                p.teachFinished = false;
                break;
            case PeerWire.CTRL_HEARTBEAT:
                p.reconnectMs = nowMs + PeerWire.RECONNECT_TIMEOUT_MS;
                p.rxHeartbeats++;
                break;
            default:
                break;
        }
    }

    private static void define(final RemotePeer p, final WireReader r, final TableCodec.Definition d)
        throws WireReader.Malformed {
        TableCodec.readDefine(r, d);
        p.remoteTable = null;
        PeerTable match = null;
        for (final PeerTable t : p.tables) {
            if (t.remoteId == d.remoteId) {
                t.remoteId = 0;
            }
            if (match == null && t.table.config().wireName().equals(d.name)) {
                match = t;
            }
        }
        if (match == null || d.keyType != TableCodec.wireKeyType(match.table.config().keyType())
            || d.keySize != TableCodec.wireKeySize(match.table.config())) {
            return; // a table this process does not share, or another key: its updates are ignored
        }
        match.remoteId = d.remoteId;
        match.remote.remoteId = d.remoteId;
        match.remote.name = d.name;
        match.remote.keyType = d.keyType;
        match.remote.keySize = d.keySize;
        match.remote.dataBits = d.dataBits;
        System.arraycopy(d.arrayElements, 0, match.remote.arrayElements, 0, d.arrayElements.length);
        p.remoteTable = match;
    }

    private static void update(final PeerSession s, final RemotePeer p, final int type, final WireReader r)
        throws WireReader.Malformed {
        final PeerTable t = p.remoteTable;
        if (t == null) {
            return;
        }
        final boolean withId = type == PeerWire.STKT_UPDATE || type == PeerWire.STKT_UPDATE_TIMED;
        final boolean timed = type == PeerWire.STKT_UPDATE_TIMED || type == PeerWire.STKT_INCUPDATE_TIMED;
        if (withId) {
            t.lastGet = r.u32();
        } else {
            t.lastGet = (t.lastGet + 1) & 0xFFFFFFFFL;
        }
        s.update.clear();
        if (timed) {
            s.update.expireMs = r.u32();
        }
        TableCodec.readUpdate(r, t.table.config(), t.remote, s.probe, s.update, s.dictionary);
        t.table.applyRemote(s.probe, s.update);
    }

    /**
     * Writes what session {@code s} has to say now (HAProxy's {@code peer_send_msgs}): a resynchronisation request
     * when it was assigned a lesson, acknowledgements, local updates or a lesson, the end of a lesson, confirmations
     * and a heartbeat. Returns true when it stopped for want of budget (more to send at once).
     */
    boolean send(final PeerSession s) {
        final RemotePeer p = s.peer;
        final PeersSection section = s.section;
        if (p.learnAssigned && (section.flags & PeersSection.F_RESYNC_ASSIGN) != 0
            && (section.flags & PeersSection.F_RESYNC_PROCESS) == 0) {
            s.out.control(PeerWire.CLASS_CONTROL, PeerWire.CTRL_RESYNC_REQUEST);
            section.flags |= PeersSection.F_RESYNC_PROCESS;
        }
        int budget = BATCH;
        boolean taughtAll = true;
        for (final PeerTable t : p.tables) {
            if (t.lastGet != t.lastAcked && t.remoteId != 0) {
                TableCodec.writeAck(s.out, t.remoteId, t.lastGet);
                t.lastAcked = t.lastGet;
            }
            if (s.pending() > HIGH_WATER || budget <= 0) {
                taughtAll = false;
                continue;
            }
            if (!p.teachProcess) {
                if (!p.learnAssigned) {
                    budget = push(s, p, t, budget);
                }
            } else if (!p.teachFinished) {
                budget = teach(s, p, t, budget);
                taughtAll &= t.teachDone;
            }
        }
        if (p.teachProcess && !p.teachFinished && taughtAll) {
            s.out.control(PeerWire.CLASS_CONTROL, section.resyncFinished() ? PeerWire.CTRL_RESYNC_FINISHED
                : PeerWire.CTRL_RESYNC_PARTIAL);
            p.teachFinished = true;
        }
        while (p.confirm > 0) {
            s.out.control(PeerWire.CLASS_CONTROL, PeerWire.CTRL_RESYNC_CONFIRM);
            p.confirm--;
        }
        if (p.sendHeartbeat) {
            p.sendHeartbeat = false;
            s.out.control(PeerWire.CLASS_CONTROL, PeerWire.CTRL_HEARTBEAT);
            p.txHeartbeats++;
        }
        return budget <= 0 && s.pending() <= HIGH_WATER;
    }

    /** Defines {@code t} to the peer unless it was the last table defined on this session (HAProxy's switch). */
    private static void announce(final PeerSession s, final RemotePeer p, final PeerTable t) {
        if (p.lastLocalTable != t) {
            TableCodec.writeDefine(s.out, t.localId, t.table.config());
            p.lastLocalTable = t;
        }
    }

    /** Pushes the local changes after {@code t.lastPushed}, in order; returns the budget left. */
    private static int push(final PeerSession s, final RemotePeer p, final PeerTable t, final int budget) {
        final StickChanges changes = t.table.changes();
        int left = budget;
        if (t.lastPushed == changes.localUpdate()) {
            return left;
        }
        announce(s, p, t);
        boolean withId = true;
        Map.Entry<Long, StickEntry> next = changes.next(t.lastPushed);
        while (next != null && left > 0) {
            final long id = next.getKey();
            write(s, t, next.getValue(), id, withId || id != t.lastPushed + 1, false);
            t.lastPushed = id;
            withId = false;
            left--;
            next = changes.next(id);
        }
        if (next == null) {
            t.lastPushed = changes.localUpdate();
        }
        return left;
    }

    /** Teaches the peer every live entry of {@code t}, each with its remaining life; returns the budget left. */
    private static int teach(final PeerSession s, final RemotePeer p, final PeerTable t, final int budget) {
        if (t.teachDone) {
            return budget;
        }
        if (t.teaching == null) {
            t.teaching = t.table.snapshot();
            t.taught = 0;
            t.teachingOrigin = t.table.changes().localUpdate();
        }
        int left = budget;
        if (t.taught < t.teaching.size()) {
            announce(s, p, t);
        }
        final boolean timed = s.peerMinor >= 1;
        while (t.taught < t.teaching.size() && left > 0) {
            write(s, t, t.teaching.get(t.taught), t.teachingOrigin, t.taught == 0, timed);
            t.taught++;
            left--;
        }
        if (t.taught >= t.teaching.size()) {
            t.teaching = null;
            t.teachDone = true;
        }
        return left;
    }

    private static void write(final PeerSession s, final PeerTable t, final StickEntry e, final long id,
                              final boolean withId, final boolean timed) {
        final StickTable table = t.table;
        table.readForPeers(e, s.update);
        TableCodec.writeUpdate(s.out, table.config(), e.key(), s.update, id & 0xFFFFFFFFL, withId, timed,
            s.dictionary);
    }
}
