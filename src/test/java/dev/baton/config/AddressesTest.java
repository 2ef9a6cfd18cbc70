package dev.baton.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressesTest {
    @Test
    void splitsHostAndPortLikeHaproxy() {
        assertEquals(new Addresses.HostPort("127.0.0.1", "80"), Addresses.HostPort.split("127.0.0.1:80"));
        assertEquals(new Addresses.HostPort("", "80"), Addresses.HostPort.split(":80"));
        assertEquals(new Addresses.HostPort("::", "80"), Addresses.HostPort.split(":::80"));
        assertEquals(new Addresses.HostPort("::1", "80"), Addresses.HostPort.split("::1:80"));
        assertEquals(new Addresses.HostPort("::1", "80"), Addresses.HostPort.split("[::1]:80"));
        assertEquals(new Addresses.HostPort("::1", null), Addresses.HostPort.split("[::1]"));
        assertEquals(new Addresses.HostPort("host", null), Addresses.HostPort.split("host"));
        assertEquals(new Addresses.HostPort("[::1]x", null), Addresses.HostPort.split("[::1]x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "255.255.255.255", "10.20.30.40"})
    void acceptsIpv4(final String s) {
        assertTrue(Addresses.isIpv4(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d", "1..2.3"})
    void refusesBadIpv4(final String s) {
        assertFalse(Addresses.isIpv4(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "fe80::1", "2001:db8::8a2e:370:7334", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::",
        "::ffff:192.0.2.1", "FD00::A"})
    void acceptsIpv6(final String s) {
        assertTrue(Addresses.isIpv6(s));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":", ":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "g::1",
        "::1%eth0", "1.2.3.4::", "localhost"})
    void refusesBadIpv6(final String s) {
        assertFalse(Addresses.isIpv6(s));
    }

    @Test
    void ipv6BytesAreCanonical() {
        assertArrayEquals(Addresses.ipv6Bytes("0:0:0:0:0:0:0:1"), Addresses.ipv6Bytes("::1"));
        assertArrayEquals(new byte[16], Addresses.ipv6Bytes("::"));
        assertArrayEquals(Addresses.ipv6Bytes("::ffff:c000:201"), Addresses.ipv6Bytes("::ffff:192.0.2.1"));
    }

    @Test
    void hostNames() {
        assertTrue(Addresses.isHostName("app2.internal"));
        assertTrue(Addresses.isHostName("localhost"));
        assertTrue(Addresses.isHostName("my_svc-1.ns.svc"));
        assertTrue(Addresses.isHostName("1.2.3.example"));
        assertFalse(Addresses.isHostName("1.2.3.256"));
        assertFalse(Addresses.isHostName("a..b"));
        assertFalse(Addresses.isHostName("a b"));
        assertFalse(Addresses.isHostName("ipv4@1.2.3.4"));
        assertFalse(Addresses.isHostName(""));
    }
}
