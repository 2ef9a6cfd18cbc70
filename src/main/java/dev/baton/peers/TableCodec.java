package dev.baton.peers;

import dev.baton.stick.StickDataType;
import dev.baton.stick.StickKey;
import dev.baton.stick.StickKeyType;
import dev.baton.stick.StickTableConfig;
import dev.baton.stick.StickUpdate;

import java.nio.charset.StandardCharsets;

/**
 * The stick-table messages of the peers protocol, as HAProxy 2.6 writes and reads them: a table's definition
 * (its id on this session, name, key type and size, the bit set of stored data types, {@code expire}, then for
 * each stored rate its type number and period), an entry's update (optional update id, optional remaining life,
 * the key, then each data type of the sender's definition in type order: counters as integers, a rate as the
 * milliseconds since its period began, its current and previous counts, {@code server_key} as a dictionary
 * reference), and an acknowledgement (table id, last update id received). HAProxy's types baton does not store
 * ({@code http_fail_*}, {@code gpt}, {@code gpc}, {@code gpc_rate} arrays) are read and dropped. Stateless.
 */
final class TableCodec {
    /** HAProxy's data types by number: 'S' signed, 'U' 32-bit, 'L' 64-bit, 'F' rate, 'D' dictionary entry. */
    private static final char[] STD = "SUUFUFUUFUFUFLFLFUFDUFUUF".toCharArray();
    /** HAProxy's array types (the count of their elements comes with the definition). */
    private static final int FIRST_ARRAY = 22;
    static final int HAPROXY_TYPES = STD.length;

    /** What a peer said of one of its tables ({@code remote_data}, array sizes). */
    static final class Definition {
        long remoteId;
        String name;
        int keyType;
        int keySize;
        long dataBits;
        final int[] arrayElements = new int[HAPROXY_TYPES];
    }

    private TableCodec() {
    }

    static int wireKeyType(final StickKeyType t) {
        switch (t) {
            case IP:
                return PeerWire.KT_IPV4;
            case IPV6:
                return PeerWire.KT_IPV6;
            case INTEGER:
                return PeerWire.KT_SINT;
            case STRING:
                return PeerWire.KT_STR;
            default:
                return PeerWire.KT_BIN;
        }
    }

    /** The size of a key HAProxy announces: the {@code len} of strings and binaries, else the type's. */
    static int wireKeySize(final StickTableConfig c) {
        return c.keyLength();
    }

    /** The bit set of the data types {@code c} stores, bit N for HAProxy's type N. */
    static long dataBits(final StickTableConfig c) {
        long bits = 0;
        for (final StickDataType t : StickDataType.values()) {
            if (c.stores(t)) {
                bits |= 1L << t.ordinal();
            }
        }
        return bits;
    }

    /** The definition message of {@code c}, known as {@code localId} on this session. */
    static void writeDefine(final WireWriter w, final int localId, final StickTableConfig c) {
        w.begin(PeerWire.CLASS_STICKTABLE, PeerWire.STKT_DEFINE);
        final byte[] name = c.wireName().getBytes(StandardCharsets.ISO_8859_1);
        w.varint(localId).varint(name.length).bytes(name);
        w.varint(wireKeyType(c.keyType())).varint(wireKeySize(c)).varint(dataBits(c)).varint(c.expireMs());
        for (final StickDataType t : StickDataType.values()) {
            if (t.rate() && c.stores(t)) {
                w.varint(t.ordinal()).varint(c.periodMs(t));
            }
        }
        w.end();
    }

    /**
     * Reads a definition: null when the body is not one (then the session answers a protocol error). The caller
     * matches the name and key with its tables.
     */
    static Definition readDefine(final WireReader r, final Definition d) throws WireReader.Malformed {
        d.remoteId = r.varint();
        final long nameLength = r.varint();
        if (nameLength == 0 || nameLength > r.end() - r.position()) {
            throw new WireReader.Malformed("bad table name");
        }
        d.name = r.text((int) nameLength);
        d.keyType = (int) r.varint();
        d.keySize = (int) r.varint();
        d.dataBits = r.varint();
        java.util.Arrays.fill(d.arrayElements, 0);
        if (r.atEnd()) {
            return d; // an old peer: no expire, no parameters (it may not define arrays then)
        }
        r.varint(); // expire
        for (int t = 0; t < 64; t++) {
            if ((d.dataBits & 1L << t) == 0) {
                continue;
            }
            if (t >= HAPROXY_TYPES) {
                throw new WireReader.Malformed("unknown data type " + t);
            }
            if (t >= FIRST_ARRAY) {
                if (r.varint() != t) {
                    throw new WireReader.Malformed("data type parameters out of order");
                }
                d.arrayElements[t] = (int) Math.min(r.varint(), 1024);
                if (STD[t] == 'F') {
                    r.varint(); // period
                }
            } else if (STD[t] == 'F') {
                if (r.varint() != t) {
                    throw new WireReader.Malformed("data type parameters out of order");
                }
                r.varint(); // period
            }
        }
        return d;
    }

    /**
     * An update of entry {@code key} with data {@code u}: with update id {@code updateId} when {@code withId}, with
     * the remaining life when {@code timed}.
     */
    static void writeUpdate(final WireWriter w, final StickTableConfig c, final StickKey key, final StickUpdate u,
                            final long updateId, final boolean withId, final boolean timed,
                            final DictionaryCache dict) {
        final int type = timed ? withId ? PeerWire.STKT_UPDATE_TIMED : PeerWire.STKT_INCUPDATE_TIMED
            : withId ? PeerWire.STKT_UPDATE : PeerWire.STKT_INCUPDATE;
        w.begin(PeerWire.CLASS_STICKTABLE, type);
        if (withId) {
            w.u32(updateId);
        }
        if (timed) {
            w.u32(u.expireMs);
        }
        final byte[] k = key.toBytes();
        if (c.keyType() == StickKeyType.STRING) {
            w.varint(k.length).bytes(k);
        } else {
            w.bytes(k);
        }
        for (final StickDataType t : StickDataType.values()) {
            final int n = t.ordinal();
            if (!c.stores(t)) {
                continue;
            }
            switch (STD[n]) {
                case 'F':
                    w.varint(u.elapsedMs[n] & 0xFFFFFFFFL).varint(u.value[n] & 0xFFFFFFFFL)
                        .varint(u.previous[n] & 0xFFFFFFFFL);
                    break;
                case 'D':
                    dict.write(w, u.serverKey);
                    break;
                case 'S':
                    w.varint((int) u.value[n]); // a C int widened to 64 bits, as HAProxy's
                    break;
                case 'U':
                    w.varint(u.value[n] & 0xFFFFFFFFL);
                    break;
                default:
                    w.varint(u.value[n]);
                    break;
            }
        }
        w.end();
    }

    /**
     * Reads an update's key into {@code probe} (in {@code c}'s form) and its data, as the sender's definition
     * {@code d} lists them, into {@code u}. Types {@code c} does not store are read and dropped.
     */
    static void readUpdate(final WireReader r, final StickTableConfig c, final Definition d, final StickKey probe,
                           final StickUpdate u, final DictionaryCache dict) throws WireReader.Malformed {
        switch (c.keyType()) {
            case STRING: {
                final long n = r.varint();
                if (n > r.end() - r.position()) {
                    throw new WireReader.Malformed("truncated key");
                }
                final byte[] all = r.bytes((int) n);
                probe.setRaw(java.util.Arrays.copyOf(all, Math.min(all.length, c.keyLength() - 1)));
                break;
            }
            default:
                probe.setRaw(r.bytes(c.keyLength()));
                break;
        }
        for (int t = 0; t < HAPROXY_TYPES; t++) {
            if ((d.dataBits & 1L << t) == 0) {
                continue;
            }
            final boolean kept = t < StickDataType.values().length;
            final int count = t >= FIRST_ARRAY ? d.arrayElements[t] : 1;
            for (int i = 0; i < count; i++) {
                switch (STD[t]) {
                    case 'F': {
                        final long elapsed = r.varint();
                        final long curr = r.varint();
                        final long prev = r.varint();
                        if (kept) {
                            u.present[t] = true;
                            u.elapsedMs[t] = elapsed & 0xFFFFFFFFL;
                            u.value[t] = curr;
                            u.previous[t] = prev;
                        }
                        break;
                    }
                    case 'D': {
                        final String key = dict.read(r);
                        if (kept) {
                            u.present[t] = true;
                            u.serverKey = key;
                        }
                        break;
                    }
                    case 'S': {
                        final long v = r.varint();
                        if (kept) {
                            u.present[t] = true;
                            u.value[t] = (int) v;
                        }
                        break;
                    }
                    default: {
                        final long v = r.varint();
                        if (kept) {
                            u.present[t] = true;
                            u.value[t] = STD[t] == 'U' ? v & 0xFFFFFFFFL : v;
                        }
                        break;
                    }
                }
            }
        }
    }

    /** An acknowledgement of the updates of table {@code remoteId} up to {@code lastGet}. */
    static void writeAck(final WireWriter w, final long remoteId, final long lastGet) {
        w.begin(PeerWire.CLASS_STICKTABLE, PeerWire.STKT_ACK);
        w.varint(remoteId).u32(lastGet);
        w.end();
    }
}
