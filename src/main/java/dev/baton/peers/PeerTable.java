package dev.baton.peers;

import dev.baton.stick.StickEntry;
import dev.baton.stick.StickTable;

import java.util.List;

/**
 * One shared table as one remote peer sees it (HAProxy's {@code shared_table}): its id on this peer's sessions
 * ({@code localId}, 1..n in the section's order), the peer's id for it and its definition ({@code remoteId}, 0
 * until the peer defines it), the update cursors (the last update received, the last one acknowledged to the peer,
 * the last one pushed, the last one the peer acknowledged, where a full teaching began) and the entries of a
 * teaching under way. Peers thread only.
 */
final class PeerTable {
    final StickTable table;
    final int localId;
    long remoteId;
    final TableCodec.Definition remote = new TableCodec.Definition();
    long lastGet;
    long lastAcked;
    long lastPushed;
    /** The last of our updates the peer acknowledged: a new session pushes from there. */
    long update;
    long teachingOrigin;
    /** The table's entries being taught, and how many were sent; null when no teaching is under way. */
    List<StickEntry> teaching;
    int taught;
    boolean teachDone;

    PeerTable(final StickTable table, final int localId) {
        this.table = table;
        this.localId = localId;
    }

    /** A new session: cursors from the last acknowledged update, nothing received yet, nothing being taught. */
    void sessionStarted() {
        lastGet = 0;
        lastAcked = 0;
        remoteId = 0;
        teachingOrigin = update;
        lastPushed = update;
        teaching = null;
        teachDone = false;
    }
}
