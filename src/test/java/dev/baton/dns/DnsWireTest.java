package dev.baton.dns;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Queries as sent and answers as read, with hand-made messages. */
class DnsWireTest {
    @Test
    void aQueryAsksRecursionForOneNameWithEdns() {
        final ByteBuffer q = DnsWire.query(0x1234, "app.example", DnsWire.TYPE_AAAA, 1232);
        final byte[] expected = {
            0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 1,
            3, 'a', 'p', 'p', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 28, 0, 1,
            0, 0, 41, 0x04, (byte) 0xd0, 0, 0, 0, 0, 0, 0};
        final byte[] got = new byte[q.remaining()];
        q.get(got);
        assertEquals(List.of(expected.length), List.of(got.length));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], "byte " + i);
        }
    }

    /** An answer to query 7 for app.example A: {@code rcode}, then the records (type, data) named by pointer. */
    private static ByteBuffer answer(final int id, final int flags, final int[] types, final byte[][] data) {
        final ByteBuffer b = ByteBuffer.allocate(512);
        b.putShort((short) id).putShort((short) flags).putShort((short) 1).putShort((short) types.length)
            .putShort((short) 0).putShort((short) 0);
        b.put(new byte[] {3, 'a', 'p', 'p', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0, 1});
        for (int i = 0; i < types.length; i++) {
            b.putShort((short) 0xc00c).putShort((short) types[i]).putShort((short) 1).putInt(60)
                .putShort((short) data[i].length).put(data[i]);
        }
        return b.flip();
    }

    @Test
    void recordsOfTheTypeAskedAreRead() throws Exception {
        final byte[] cname = {3, 'w', 'e', 'b', (byte) 0xc0, 0x0c};
        final DnsWire.Answer a = DnsWire.read(answer(7, 0x8180, new int[] {5, 1, 1},
            new byte[][] {cname, {10, 0, 0, 1}, {10, 0, 0, 2}}), 7, "app.example", DnsWire.TYPE_A);
        assertEquals(DnsWire.Status.VALID, a.status());
        assertEquals(List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("10.0.0.2")), a.addresses());
    }

    @Test
    void failuresAreClassifiedAsHaproxyDoes() {
        assertEquals(DnsWire.Status.NX, DnsWire.read(answer(7, 0x8183, new int[0], new byte[0][]), 7,
            "app.example", DnsWire.TYPE_A).status());
        assertEquals(DnsWire.Status.REFUSED, DnsWire.read(answer(7, 0x8185, new int[0], new byte[0][]), 7,
            "app.example", DnsWire.TYPE_A).status());
        assertEquals(DnsWire.Status.OTHER, DnsWire.read(answer(7, 0x8180, new int[0], new byte[0][]), 7,
            "app.example", DnsWire.TYPE_A).status(), "no record");
        assertEquals(DnsWire.Status.OTHER, DnsWire.read(answer(7, 0x8382, new int[0], new byte[0][]), 7,
            "app.example", DnsWire.TYPE_A).status(), "truncated, server failure");
        assertEquals(DnsWire.Status.INVALID, DnsWire.read(answer(8, 0x8180, new int[] {1},
            new byte[][] {{10, 0, 0, 1}}), 7, "app.example", DnsWire.TYPE_A).status(), "another id");
        assertEquals(DnsWire.Status.INVALID, DnsWire.read(answer(7, 0x8180, new int[] {1},
            new byte[][] {{10, 0, 0, 1}}), 7, "other.example", DnsWire.TYPE_A).status(), "another name");
        assertEquals(DnsWire.Status.INVALID, DnsWire.read(ByteBuffer.wrap(new byte[] {0, 7, (byte) 0x81}), 7,
            "app.example", DnsWire.TYPE_A).status(), "cut short");
    }

    @Test
    void aPointerLoopIsInvalidNotAHang() {
        final ByteBuffer b = ByteBuffer.allocate(64);
        b.putShort((short) 7).putShort((short) 0x8180).putShort((short) 1).putShort((short) 0).putShort((short) 0)
            .putShort((short) 0).putShort((short) 0xc00c).putShort((short) 1).putShort((short) 1);
        assertEquals(DnsWire.Status.INVALID, DnsWire.read(b.flip(), 7, "app.example", DnsWire.TYPE_A).status());
    }

    @Test
    void onlyProperNamesAreQueried() {
        assertTrue(DnsWire.isQueryable("app.example"));
        assertFalse(DnsWire.isQueryable("a..b"));
        assertFalse(DnsWire.isQueryable("x".repeat(64) + ".example"));
    }
}
