package dev.baton.dns;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** SRV answers as read, with hand-made messages: compressed names, authority and additional sections. */
class SrvWireTest {
    private static final String NAME = "_http._tcp.app.example";

    /** The header and question of an answer to query 7 for NAME SRV; the question's name starts at offset 12. */
    private static ByteBuffer start(final int flags, final int an, final int ns, final int ar) {
        final ByteBuffer b = ByteBuffer.allocate(512);
        b.putShort((short) 7).putShort((short) flags).putShort((short) 1).putShort((short) an).putShort((short) ns)
            .putShort((short) ar);
        for (final String label : NAME.split("\\.")) {
            b.put((byte) label.length()).put(label.getBytes(StandardCharsets.US_ASCII));
        }
        return b.put((byte) 0).putShort((short) 33).putShort((short) 1);
    }

    /** An SRV record named by pointer to the question; its target is {@code first} then a pointer to {@code at}. */
    private static int srv(final ByteBuffer b, final int weight, final int port, final String first, final int at) {
        b.putShort((short) 0xc00c).putShort((short) 33).putShort((short) 1).putInt(30)
            .putShort((short) (6 + 1 + first.length() + 2)).putShort((short) 10).putShort((short) weight)
            .putShort((short) port);
        final int target = b.position();
        b.put((byte) first.length()).put(first.getBytes(StandardCharsets.US_ASCII)).putShort((short) (0xc000 | at));
        return target;
    }

    @Test
    void recordsWithCompressedTargetsAndTheirAdditionalAddresses() throws Exception {
        final ByteBuffer b = start(0x8180, 2, 1, 3);
        // "app.example" of the question starts after "_http" (6 bytes) and "_tcp" (5 bytes): 12 + 11
        final int web1 = srv(b, 100, 8081, "web1", 23);
        srv(b, 512, 8082, "web2", 23);
        // an authority record (NS), passed over
        b.putShort((short) 0xc017).putShort((short) 2).putShort((short) 1).putInt(30).putShort((short) 2)
            .putShort((short) 0xc017);
        // web1's address, named by pointer to its target; an AAAA for web2 written in full; the OPT record
        b.putShort((short) (0xc000 | web1)).putShort((short) 1).putShort((short) 1).putInt(30).putShort((short) 4)
            .put(new byte[] {10, 0, 0, 1});
        b.put((byte) 4).put("web2".getBytes(StandardCharsets.US_ASCII)).putShort((short) 0xc017).putShort((short) 28)
            .putShort((short) 1).putInt(30).putShort((short) 16).put(InetAddress.getByName("2001:db8::2").getAddress());
        b.put((byte) 0).putShort((short) 41).putShort((short) 1232).putInt(0).putShort((short) 0);
        final SrvWire.Answer a = SrvWire.read(b.flip(), 7, NAME);
        assertEquals(DnsWire.Status.VALID, a.status());
        assertEquals(List.of("web1.app.example 8081 100 10", "web2.app.example 8082 512 10"),
            a.records().stream().map(r -> r.target() + " " + r.port() + " " + r.weight() + " " + r.priority()).toList());
        assertEquals(List.of(new SrvWire.Additional("web1.app.example", InetAddress.getByName("10.0.0.1")),
            new SrvWire.Additional("web2.app.example", InetAddress.getByName("2001:db8::2"))), a.additionals());
    }

    @Test
    void theKeyIsHaproxysHashOfTheTargetsLabels() {
        final ByteBuffer b = start(0x8180, 1, 0, 0);
        srv(b, 1, 80, "web1", 23);
        final SrvWire.Record r = SrvWire.read(b.flip(), 7, NAME).records().get(0);
        final byte[] labels = {4, 'w', 'e', 'b', '1', 3, 'a', 'p', 'p', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e'};
        assertEquals(Xxh32.hash(labels, 0, labels.length, 33), r.key());
    }

    @Test
    void xxHash32MatchesThePublishedValues() {
        assertEquals(0x02CC5D05, Xxh32.hash(new byte[0], 0, 0, 0));
        final byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x32D153FF, Xxh32.hash(abc, 0, abc.length, 0));
        final byte[] fox = "Nobody inspects the spammish repetition".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE2293B2F, Xxh32.hash(fox, 0, fox.length, 0));
    }

    @Test
    void truncatedIsStillReadButEmptyOrMalformedIsNot() {
        final ByteBuffer tc = start(0x8380, 1, 0, 0);
        srv(tc, 1, 80, "web1", 23);
        assertEquals(DnsWire.Status.VALID, SrvWire.read(tc.flip(), 7, NAME).status(), "TC: what came is used");
        assertEquals(DnsWire.Status.OTHER, SrvWire.read(start(0x8180, 0, 0, 0).flip(), 7, NAME).status());
        assertEquals(DnsWire.Status.NX, SrvWire.read(start(0x8183, 0, 0, 0).flip(), 7, NAME).status());
        final ByteBuffer shortData = start(0x8180, 1, 0, 0);
        shortData.putShort((short) 0xc00c).putShort((short) 33).putShort((short) 1).putInt(30).putShort((short) 6)
            .putShort((short) 0).putShort((short) 0).putShort((short) 80);
        assertEquals(DnsWire.Status.INVALID, SrvWire.read(shortData.flip(), 7, NAME).status(), "no target");
        final ByteBuffer cut = start(0x8180, 2, 0, 0);
        srv(cut, 1, 80, "web1", 23);
        assertEquals(DnsWire.Status.INVALID, SrvWire.read(cut.flip(), 7, NAME).status(), "a record missing");
        final ByteBuffer forward = start(0x8180, 1, 0, 0);
        srv(forward, 1, 80, "web1", 400);
        assertEquals(DnsWire.Status.INVALID, SrvWire.read(forward.flip(), 7, NAME).status(), "pointer past the end");
    }
}
