package dev.baton.peers;

import dev.baton.stick.StickDataType;
import dev.baton.stick.StickKey;
import dev.baton.stick.StickKeyType;
import dev.baton.stick.StickTableConfig;
import dev.baton.stick.StickUpdate;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The peers protocol's encoding: HAProxy's variable-length integers at the edges of each length (239/240, 2287/2288,
 * ...), and the table definition, update and acknowledgement messages byte for byte as HAProxy 2.6 lays them out,
 * then read back.
 */
class PeerWireTest {
    private static byte[] varint(final long v) {
        final byte[] out = new byte[10];
        return Arrays.copyOf(out, PeerWire.encode(v, out, 0));
    }

    private static long decode(final byte[] b) throws WireReader.Malformed {
        final WireReader r = new WireReader().reset(b, 0, b.length);
        final long v = r.varint();
        assertTrue(r.atEnd(), "the whole encoding is read");
        return v;
    }

    @Test
    void integersTakeHaproxysLengths() throws WireReader.Malformed {
        final long[][] lengths = {{0, 1}, {239, 1}, {240, 2}, {2287, 2}, {2288, 3}, {264431, 3}, {264432, 4},
            {33818863, 4}, {33818864, 5}, {4328786159L, 5}, {4328786160L, 6}, {-1L, 10}};
        for (final long[] l : lengths) {
            assertEquals(l[1], varint(l[0]).length, "length of " + Long.toUnsignedString(l[0]));
            assertEquals(l[1], PeerWire.encodedLength(l[0]));
            assertEquals(l[0], decode(varint(l[0])), "round trip of " + Long.toUnsignedString(l[0]));
        }
        assertArrayEquals(new byte[]{(byte) 0xF0, 0}, varint(240));
        assertArrayEquals(new byte[]{(byte) 0xFC, 3}, varint(300));
        assertArrayEquals(new byte[]{(byte) 0xF0, (byte) 0x97, 0x1C}, varint(60000));
    }

    @Test
    void aTruncatedIntegerIsMalformed() {
        assertThrows(WireReader.Malformed.class, () -> decode(new byte[]{(byte) 0xF0}));
        assertThrows(WireReader.Malformed.class, () -> decode(new byte[]{(byte) 0xF0, (byte) 0x80}));
        assertThrows(WireReader.Malformed.class, () -> decode(new byte[0]));
    }

    private static StickTableConfig table(final String name, final StickKeyType type, final int len,
                                          final StickDataType... stored) {
        final long[] periods = new long[StickDataType.values().length];
        Arrays.fill(periods, -1);
        for (final StickDataType t : stored) {
            periods[t.ordinal()] = t.rate() ? 10_000 : 0;
        }
        return new StickTableConfig(name, type, len, 1024, 60_000, false, periods, "p", name);
    }

    private static String hex(final WireWriter w) {
        return HexFormat.of().formatHex(w.array(), 0, w.length());
    }

    @Test
    void aDefinitionIsLaidOutAsHaproxys() throws WireReader.Malformed {
        final StickTableConfig c = table("fe", StickKeyType.IP, 4, StickDataType.HTTP_REQ_CNT,
            StickDataType.HTTP_REQ_RATE);
        final WireWriter w = new WireWriter();
        TableCodec.writeDefine(w, 1, c);
        // class 10, type 0x82, size 15: id 1, name "fe", key type ipv4 (4), key size 4, data bits 0x600,
        // expire 60000, then http_req_rate (10) and its period 10000
        assertEquals("0a820f" + "01" + "026665" + "04" + "04" + "f051" + "f0971c" + "0a" + "f0e203", hex(w));
        final TableCodec.Definition d = TableCodec.readDefine(
            new WireReader().reset(w.array(), 3, w.length()), new TableCodec.Definition());
        assertEquals(1, d.remoteId);
        assertEquals("fe", d.name);
        assertEquals(PeerWire.KT_IPV4, d.keyType);
        assertEquals(4, d.keySize);
        assertEquals(0x600, d.dataBits);
    }

    @Test
    void anAcknowledgementCarriesTheTableAndTheLastUpdate() {
        final WireWriter w = new WireWriter();
        TableCodec.writeAck(w, 1, 5);
        assertEquals("0a8405" + "01" + "00000005", hex(w));
    }

    @Test
    void updatesRoundTripWithTheirDataAndServerKey() throws WireReader.Malformed {
        final StickTableConfig c = table("st", StickKeyType.STRING, 16, StickDataType.SERVER_ID,
            StickDataType.GPC0, StickDataType.HTTP_REQ_RATE, StickDataType.BYTES_IN_CNT, StickDataType.SERVER_KEY);
        final WireWriter def = new WireWriter();
        TableCodec.writeDefine(def, 3, c);
        final TableCodec.Definition d = TableCodec.readDefine(
            new WireReader().reset(def.array(), 3, def.length()), new TableCodec.Definition());
        final StickUpdate u = new StickUpdate();
        u.value[StickDataType.SERVER_ID.ordinal()] = 2;
        u.value[StickDataType.GPC0.ordinal()] = 7;
        u.elapsedMs[StickDataType.HTTP_REQ_RATE.ordinal()] = 1500;
        u.value[StickDataType.HTTP_REQ_RATE.ordinal()] = 4;
        u.previous[StickDataType.HTTP_REQ_RATE.ordinal()] = 9;
        u.value[StickDataType.BYTES_IN_CNT.ordinal()] = 5_000_000_000L;
        u.serverKey = "s2";
        u.expireMs = 42_000;
        final DictionaryCache sender = new DictionaryCache();
        final DictionaryCache receiver = new DictionaryCache();
        final StickKey key = StickKey.of("alice".getBytes(StandardCharsets.US_ASCII));
        for (int round = 0; round < 2; round++) { // the second time the server key goes by its id alone
            final WireWriter w = new WireWriter();
            TableCodec.writeUpdate(w, c, key, u, 77, true, true, sender);
            assertEquals(PeerWire.CLASS_STICKTABLE, w.array()[0]);
            assertEquals((byte) PeerWire.STKT_UPDATE_TIMED, w.array()[1]);
            final WireReader r = new WireReader().reset(w.array(), 3, w.length());
            assertEquals(77, r.u32(), "update id");
            final StickUpdate got = new StickUpdate();
            got.expireMs = r.u32();
            final StickKey probe = StickKey.probe(64);
            TableCodec.readUpdate(r, c, d, probe, got, receiver);
            assertTrue(r.atEnd());
            assertEquals(key, probe);
            assertEquals(42_000, got.expireMs);
            assertEquals(2, got.value[StickDataType.SERVER_ID.ordinal()]);
            assertEquals(7, got.value[StickDataType.GPC0.ordinal()]);
            assertEquals(1500, got.elapsedMs[StickDataType.HTTP_REQ_RATE.ordinal()]);
            assertEquals(4, got.value[StickDataType.HTTP_REQ_RATE.ordinal()]);
            assertEquals(9, got.previous[StickDataType.HTTP_REQ_RATE.ordinal()]);
            assertEquals(5_000_000_000L, got.value[StickDataType.BYTES_IN_CNT.ordinal()]);
            assertEquals("s2", got.serverKey);
            assertFalse(got.present[StickDataType.CONN_CUR.ordinal()]);
        }
        assertEquals("s2", sender.sent(0));
        assertNull(sender.sent(1));
    }

    @Test
    void typesBatonDoesNotStoreAreReadAndDropped() throws WireReader.Malformed {
        // a HAProxy table storing http_fail_cnt (20) and a gpc array (23) of 2 elements besides gpc0 (2)
        final WireWriter def = new WireWriter();
        def.begin(PeerWire.CLASS_STICKTABLE, PeerWire.STKT_DEFINE);
        def.varint(1).varint(1).ascii("t").varint(PeerWire.KT_IPV4).varint(4)
            .varint(1L << 2 | 1L << 20 | 1L << 23).varint(0).varint(23).varint(2);
        def.end();
        final TableCodec.Definition d = TableCodec.readDefine(
            new WireReader().reset(def.array(), 3, def.length()), new TableCodec.Definition());
        assertEquals(2, d.arrayElements[23]);
        final WireWriter w = new WireWriter();
        w.bytes(new byte[]{10, 0, 0, 1}).varint(5).varint(6).varint(7).varint(8);
        final StickTableConfig c = table("t", StickKeyType.IP, 4, StickDataType.GPC0);
        final StickUpdate got = new StickUpdate();
        final WireReader r = new WireReader().reset(w.array(), 0, w.length());
        TableCodec.readUpdate(r, c, d, StickKey.probe(16), got, new DictionaryCache());
        assertTrue(r.atEnd(), "every value read");
        assertEquals(5, got.value[StickDataType.GPC0.ordinal()]);
    }
}
