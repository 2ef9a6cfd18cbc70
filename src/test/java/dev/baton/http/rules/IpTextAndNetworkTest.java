package dev.baton.http.rules;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static dev.baton.http.rules.FakeRequest.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IpTextAndNetworkTest {
    @Test
    void addressesPrintAsInetNtopDoes() {
        assertEquals("0.0.0.0", IpText.toString(address("0.0.0.0")));
        assertEquals("192.168.10.255", IpText.toString(address("192.168.10.255")));
        assertEquals("::", IpText.toString(new byte[16]));
        assertEquals("::1", IpText.toString(address("::1")));
        assertEquals("1::", IpText.toString(address("1::")));
        assertEquals("2001:db8::1", IpText.toString(address("2001:0db8:0:0:0:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", IpText.toString(address("2001:db8:0:1:1:1:1:1")));
        assertEquals("2001:0:0:1::1", IpText.toString(address("2001:0:0:1:0:0:0:1")));
        assertEquals("fe80::abcd:0:0:1", IpText.toString(address("fe80:0:0:0:abcd:0:0:1")));
        assertEquals("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            IpText.toString(address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")));
        final byte[] mapped = new byte[16];
        mapped[10] = -1;
        mapped[11] = -1;
        mapped[12] = 10;
        mapped[15] = 1;
        assertEquals("::ffff:10.0.0.1", IpText.toString(mapped));
        final byte[] compatible = new byte[16];
        compatible[12] = 10;
        compatible[15] = 2;
        assertEquals("::10.0.0.2", IpText.toString(compatible));
    }

    @Test
    void writingNeedsRoomForTheLongestAddress() {
        final ByteBuffer small = ByteBuffer.allocate(IpText.MAX_LENGTH - 1);
        assertEquals(-1, IpText.write(address("10.0.0.1"), small));
        assertEquals(0, small.position());
        final ByteBuffer room = ByteBuffer.allocate(IpText.MAX_LENGTH);
        room.position(0);
        assertEquals(8, IpText.write(address("10.0.0.1"), room));
        assertEquals(8, room.position());
    }

    @Test
    void ipv4Networks() {
        final Network n = Network.of(address("10.1.2.3"), 8);
        assertEquals("10.0.0.0/8", n.toString());
        assertTrue(n.contains(address("10.255.0.1")));
        assertFalse(n.contains(address("11.0.0.0")));
        final Network host = Network.of(address("192.0.2.7"), 32);
        assertEquals("192.0.2.7", host.toString());
        assertTrue(host.contains(address("192.0.2.7")));
        assertFalse(host.contains(address("192.0.2.6")));
        final Network odd = Network.of(address("172.16.0.0"), 12);
        assertTrue(odd.contains(address("172.31.255.255")));
        assertFalse(odd.contains(address("172.32.0.0")));
        assertTrue(Network.of(address("1.2.3.4"), 0).contains(address("200.1.1.1")));
        assertEquals(Network.of(address("10.9.9.9"), 8), n);
    }

    @Test
    void ipv6Networks() {
        final Network n = Network.of(address("2001:db8::"), 32);
        assertEquals("2001:db8::/32", n.toString());
        assertTrue(n.contains(address("2001:db8:ffff::1")));
        assertFalse(n.contains(address("2001:db9::1")));
        final Network odd = Network.of(address("fd00::"), 7);
        assertTrue(odd.contains(address("fcff::1")));
        assertFalse(odd.contains(address("fe00::1")));
    }

    @Test
    void familiesMeetAsInHaproxy() {
        final Network v4 = Network.of(address("10.0.0.0"), 8);
        final byte[] mapped = new byte[16];
        mapped[10] = -1;
        mapped[11] = -1;
        mapped[12] = 10;
        mapped[15] = 1;
        assertTrue(v4.contains(mapped), "IPv4-mapped");
        final byte[] compatible = mapped.clone();
        compatible[10] = 0;
        compatible[11] = 0;
        assertTrue(v4.contains(compatible), "IPv4-compatible");
        assertTrue(v4.contains(address("2002:0a01:0203::1")), "6to4");
        assertFalse(v4.contains(address("2001:db8::10.0.0.1")));
        final Network v6mapped = Network.of(mapped, 104);
        assertTrue(v6mapped.contains(address("10.99.0.0")), "IPv4 as ::ffff:a.b.c.d");
        assertFalse(v6mapped.contains(address("11.0.0.0")));
        assertFalse(Network.of(address("::1"), 128).contains(address("127.0.0.1")));
        assertTrue(Network.of(new byte[16], 0).contains(address("127.0.0.1")));
    }

    @Test
    void refusesBadShapes() {
        assertThrows(IllegalArgumentException.class, () -> Network.of(new byte[5], 0));
        assertThrows(IllegalArgumentException.class, () -> Network.of(new byte[4], 33));
        assertThrows(IllegalArgumentException.class, () -> Network.of(new byte[16], -1));
    }
}
