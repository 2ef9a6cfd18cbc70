package dev.baton.peers;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The state of every running peers section as {@code show peers} prints it, taken by the peers thread at the end of
 * a turn and read by the runtime API on reactor 0 (published through a volatile field: immutable). {@link #render}
 * writes HAProxy 2.6's layout; where HAProxy prints a memory address baton prints a stand-in of the same shape, and
 * times are relative to the moment of the dump, as HAProxy's.
 */
public record PeersSnapshot(List<Section> sections, long takenMs, long startNs) {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT)
        .withZone(ZoneId.systemDefault());
    private static final String[] ST0 = {"ACCEPT", "GETVERSION", "GETHOST", "GETPEER", "SENDSUCCESS", "CONNECT",
        "GETSTATUS", "WAITMSG"};

    record Section(Object identity, String name, boolean disabled, int flags, long resyncTimeoutMs, int taskCalls,
                   long lastChangeEpochS, List<Peer> peers) {
    }

    record Peer(Object identity, String name, boolean local, boolean active, String address, int statusCode,
                long lastHandshakeMs, long reconnectMs, long heartbeatMs, int confirm, int txHeartbeats,
                int rxHeartbeats, int noHeartbeats, int newConnections, int protocolErrors, int collisions, int flags,
                int st0, String src, String dst, TableRef remoteTable, TableRef lastLocalTable, List<Table> tables,
                List<String> txDictionary, List<String> rxDictionary) {
    }

    record TableRef(Object identity, String id, int localId, long remoteId) {
    }

    record Table(Object identity, Object table, String id, int localId, long remoteId, int flags, long remoteData,
                 long lastAcked, long lastPushed, long lastGet, long teachingOrigin, long update, long localUpdate) {
    }

    static PeersSnapshot of(final List<PeersSection> sections, final long nowMs, final long startNs) {
        final List<Section> out = new ArrayList<>();
        for (final PeersSection s : sections) {
            final List<Peer> peers = new ArrayList<>();
            for (int i = s.remotes.size() - 1; i >= 0; i--) {
                peers.add(peer(s.remotes.get(i)));
            }
            final List<Table> localTables = new ArrayList<>();
            for (int i = s.tables.size() - 1; i >= 0; i--) {
                final dev.baton.stick.StickTable t = s.tables.get(i);
                localTables.add(new Table(t.changes(), t, t.name(), i + 1, 0, 0, 0, 0, 0, 0, 0, 0,
                    t.changes().localUpdate()));
            }
            peers.add(new Peer(s.config.local(), s.localName(), true, false, s.config.local().address(), 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, -1, null, null, null, null, List.copyOf(localTables), List.of(), List.of()));
            out.add(new Section(s, s.config.name(), false, s.flags, s.resyncTimeoutMs, s.taskCalls,
                s.lastChangeEpochS, List.copyOf(peers)));
        }
        return new PeersSnapshot(List.copyOf(out), nowMs, startNs);
    }

    private static Peer peer(final RemotePeer p) {
        final PeerSession s = p.session;
        final List<Table> tables = new ArrayList<>();
        for (int i = p.tables.length - 1; i >= 0; i--) {
            final PeerTable t = p.tables[i];
            tables.add(new Table(t, t.table, t.table.name(), t.localId, t.remoteId,
                t.teachDone ? 0x3 : 0, t.remoteId != 0 ? t.remote.dataBits : 0, t.lastAcked, t.lastPushed, t.lastGet,
                t.teachingOrigin, t.update, t.table.changes().localUpdate()));
        }
        String src = null;
        String dst = null;
        int st0 = -1;
        List<String> tx = List.of();
        List<String> rx = List.of();
        if (s != null) {
            st0 = st0(s);
            if (!s.outgoing) { // as HAProxy: only an accepted session has a connection to show (client, then us)
                try {
                    src = address(s.channel.getRemoteAddress());
                    dst = address(s.channel.getLocalAddress());
                } catch (final java.io.IOException e) {
                    // closed meanwhile
                }
            }
            final List<String> sent = new ArrayList<>();
            final List<String> received = new ArrayList<>();
            for (int i = 0; i < DictionaryCache.ENTRIES; i++) {
                sent.add(s.dictionary.sent(i));
                received.add(s.dictionary.received(i + 1));
            }
            tx = java.util.Collections.unmodifiableList(sent);
            rx = java.util.Collections.unmodifiableList(received);
        }
        return new Peer(p, p.config.name(), false, s != null, p.config.address(), p.statusCode, p.lastHandshakeMs,
            p.reconnectMs, p.heartbeatMs, p.confirm, p.txHeartbeats, p.rxHeartbeats, p.noHeartbeats,
            p.newConnections, p.protocolErrors, p.collisions, p.flags(), st0, src, dst, ref(p.remoteTable),
            ref(p.lastLocalTable), List.copyOf(tables), tx, rx);
    }

    private static TableRef ref(final PeerTable t) {
        return t == null ? null : new TableRef(t, t.table.name(), t.localId, t.remoteId);
    }

    private static int st0(final PeerSession s) {
        switch (s.state) {
            case GET_VERSION:
                return 1;
            case GET_HOST:
                return 2;
            case GET_PEER:
                return 3;
            case CONNECTING:
                return 5;
            case GET_STATUS:
                return 6;
            case ESTABLISHED:
                return 7;
            default:
                return 8;
        }
    }

    private static String address(final java.net.SocketAddress a) {
        if (a instanceof java.net.InetSocketAddress i) {
            final String host = i.getAddress().getHostAddress();
            return host + ":" + i.getPort();
        }
        return null;
    }

    /**
     * {@code show peers [dict] [SECTION]}: every section ({@code only} null) or one; {@code dict} dumps the
     * dictionary caches. {@code nowMs}: the service clock now.
     */
    public void render(final String only, final boolean dict, final long nowMs, final StringBuilder out) {
        boolean first = true;
        for (final Section s : sections) {
            if (only != null && !only.equals(s.name)) {
                continue;
            }
            if (!first) {
                out.append('\n');
            }
            first = false;
            out.append(addr(s.identity)).append(": [").append(DATE.format(Instant.ofEpochSecond(s.lastChangeEpochS)))
                .append("] id=").append(s.name).append(" disabled=").append(s.disabled ? 1 : 0)
                .append(" flags=0x").append(Integer.toHexString(s.flags)).append(" resync_timeout=")
                .append(future(s.resyncTimeoutMs, nowMs)).append(" task_calls=").append(s.taskCalls).append('\n');
            for (final Peer p : s.peers) {
                peer(p, dict, nowMs, out);
            }
        }
    }

    /** The service clock now, to render times against. */
    public long clockNowMs() {
        return (System.nanoTime() - startNs) / 1_000_000L + 1;
    }

    /** Whether a section called {@code name} runs. */
    public boolean has(final String name) {
        for (final Section s : sections) {
            if (s.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void peer(final Peer p, final boolean dict, final long nowMs, final StringBuilder out) {
        out.append("  ").append(addr(p.identity)).append(": id=").append(p.name).append('(')
            .append(p.local ? "local" : "remote").append(',').append(p.active ? "active" : "inactive")
            .append(") addr=").append(p.address).append(" last_status=").append(status(p.statusCode))
            .append(" last_hdshk=").append(p.lastHandshakeMs == 0 ? "<NEVER>" : human(nowMs - p.lastHandshakeMs))
            .append('\n');
        out.append("        reconnect=").append(future(p.reconnectMs, nowMs)).append(" heartbeat=")
            .append(future(p.heartbeatMs, nowMs)).append(" confirm=").append(p.confirm).append(" tx_hbt=")
            .append(p.txHeartbeats).append(" rx_hbt=").append(p.rxHeartbeats).append(" no_hbt=")
            .append(p.noHeartbeats).append(" new_conn=").append(p.newConnections).append(" proto_err=")
            .append(p.protocolErrors).append(" coll=").append(p.collisions).append('\n');
        out.append("        flags=0x").append(Integer.toHexString(p.flags));
        if (p.active) {
            out.append(" appctx:").append(addr(p.name + "appctx")).append(" st0=").append(p.st0)
                .append(" st1=0 task_calls=0 state=EST");
            if (p.src != null) {
                out.append("\n        xprt=RAW src=").append(p.src);
                if (p.dst != null) {
                    out.append(" addr=").append(p.dst);
                }
            }
        }
        if (p.remoteTable != null) {
            out.append("\n        remote_table:").append(addr(p.remoteTable.identity)).append(" id=")
                .append(p.remoteTable.id).append(" local_id=").append(p.remoteTable.localId).append(" remote_id=")
                .append(p.remoteTable.remoteId);
        }
        if (p.lastLocalTable != null) {
            out.append("\n        last_local_table:").append(addr(p.lastLocalTable.identity)).append(" id=")
                .append(p.lastLocalTable.id).append(" local_id=").append(p.lastLocalTable.localId)
                .append(" remote_id=").append(p.lastLocalTable.remoteId);
        }
        if (!p.tables.isEmpty()) {
            out.append("\n        shared tables:");
            for (final Table t : p.tables) {
                out.append("\n          ").append(addr(t.identity)).append(" local_id=").append(t.localId)
                    .append(" remote_id=").append(t.remoteId).append(" flags=0x").append(Integer.toHexString(t.flags))
                    .append(" remote_data=0x").append(Long.toHexString(t.remoteData));
                out.append("\n              last_acked=").append(t.lastAcked).append(" last_pushed=")
                    .append(t.lastPushed).append(" last_get=").append(t.lastGet).append(" teaching_origin=")
                    .append(t.teachingOrigin).append(" update=").append(t.update);
                out.append("\n              table:").append(addr(t.table)).append(" id=").append(t.id)
                    .append(" update=").append(t.localUpdate).append(" localupdate=").append(t.localUpdate)
                    .append(" commitupdate=").append(t.localUpdate).append(" refcnt=1");
                if (dict) {
                    dictionary(p, out);
                } else {
                    out.append("\n        Dictionary cache not dumped (use \"show peers dict\")");
                }
            }
        }
        out.append('\n');
    }

    private static void dictionary(final Peer p, final StringBuilder out) {
        out.append("\n        TX dictionary cache:");
        int count = 0;
        for (int i = 0; i < p.txDictionary.size() && p.txDictionary.get(i) != null; i++) {
            if (count++ == 0) {
                out.append("\n        ");
            }
            out.append(String.format(Locale.ROOT, "  %3d -> %s", i, p.txDictionary.get(i)));
            count &= 3;
        }
        out.append("\n        RX dictionary cache:");
        count = 0;
        for (int i = 0; i < DictionaryCache.ENTRIES; i++) {
            if (count++ == 0) {
                out.append("\n        ");
            }
            final String v = i < p.rxDictionary.size() ? p.rxDictionary.get(i) : null;
            out.append(String.format(Locale.ROOT, "  %3d -> %s", i, v == null ? "-" : v));
            count &= 3;
        }
    }

    private static String status(final int code) {
        switch (code) {
            case PeerWire.SC_CONNECT:
                return "CONN";
            case PeerWire.SC_CONNECTED:
                return "HSHK";
            case PeerWire.SC_SUCCESS:
                return "ESTA";
            case PeerWire.SC_TRY_AGAIN:
                return "RETR";
            case PeerWire.SC_ERR_PROTO:
                return "PROT";
            case PeerWire.SC_ERR_VERSION:
                return "VERS";
            case PeerWire.SC_ERR_HOST:
                return "NAME";
            case PeerWire.SC_ERR_PEER:
                return "UNKN";
            default:
                return "NONE";
        }
    }

    private static String future(final long atMs, final long nowMs) {
        if (atMs == 0) {
            return "<NEVER>";
        }
        return atMs - nowMs <= 0 ? "<PAST>" : human(atMs - nowMs);
    }

    /** HAProxy's {@code human_time} in seconds: at most two non-zero units ({@code 3s}, {@code 1m5s}, {@code 2h}). */
    static String human(final long ms) {
        final long t = Math.max(0, ms / 1000);
        final StringBuilder b = new StringBuilder();
        int count = 2;
        if (t >= 86400) {
            b.append(t / 86400).append('d');
            count--;
        }
        if (count > 0 && t % 86400 / 3600 != 0) {
            b.append(t % 86400 / 3600).append('h');
            count--;
        }
        if (count > 0 && t % 3600 / 60 != 0) {
            b.append(t % 3600 / 60).append('m');
            count--;
        }
        if (count > 0 && t % 60 != 0 || t == 0) {
            b.append(t % 60).append('s');
        }
        return b.toString();
    }

    private static String addr(final Object o) {
        return String.format("0x%012x", 0x550000000000L | (System.identityHashCode(o) & 0xfffffff0L));
    }
}
