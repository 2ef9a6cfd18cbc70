package dev.baton.peers;

import dev.baton.config.PeersConfig;

import java.net.InetSocketAddress;

/**
 * A remote peer of a section and what HAProxy's {@code show peers} tells of it: its session (null when none), the
 * status of the last handshake and when it ended, when to reconnect or check it is alive ({@code reconnectMs}) and
 * when to send a heartbeat, its counters, and its part in the section's resynchronisation (learning from it,
 * teaching it). Times in ms of the service's clock; 0: never. Peers thread only.
 */
final class RemotePeer {
    final PeersConfig.Peer config;
    final InetSocketAddress address;
    final PeerTable[] tables;
    PeerSession session;
    int statusCode;
    long lastHandshakeMs;
    long reconnectMs;
    long heartbeatMs;
    int confirm;
    int txHeartbeats;
    int rxHeartbeats;
    int noHeartbeats;
    int newConnections;
    int protocolErrors;
    int collisions;
    boolean alive;
    boolean sendHeartbeat;
    boolean learnAssigned;
    boolean learnNotUpToDate;
    boolean teachProcess;
    boolean teachFinished;
    /** The table the peer's updates are for now ({@code remote_table}), and the last one we defined. */
    PeerTable remoteTable;
    PeerTable lastLocalTable;

    RemotePeer(final PeersConfig.Peer config, final InetSocketAddress address, final PeerTable[] tables) {
        this.config = config;
        this.address = address;
        this.tables = tables;
    }

    /** HAProxy's flag bits of a peer, for {@code show peers}. */
    int flags() {
        return (teachProcess ? 0x1 : 0) | (teachFinished ? 0x8 : 0) | (learnAssigned ? 0x100 : 0)
            | (learnNotUpToDate ? 0x200 : 0) | (alive ? 0x20000000 : 0) | (sendHeartbeat ? 0x40000000 : 0);
    }

    /** The table this peer knows by our id {@code id}, or null. */
    PeerTable byLocalId(final long id) {
        for (final PeerTable t : tables) {
            if (t.localId == id) {
                return t;
            }
        }
        return null;
    }
}
