package dev.baton.spoe;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleType;
import org.junit.jupiter.api.Test;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPOP's integers, typed data, frames and handshake, written by {@link SpopWriter} and read by {@link SpopCursor}. */
class SpopCodecTest {
    private static long roundTrip(final long v) {
        final ByteBuffer b = ByteBuffer.allocate(16);
        SpopWriter.varint(b, v);
        assertEquals(SpopWriter.varintLength(v), b.position(), "length of " + v);
        return new SpopCursor().reset(b, 0, b.position()).varint();
    }

    @Test
    void varintsAsHaproxyEncodesThem() {
        for (final long v : new long[] {0, 1, 239, 240, 2287, 2288, 264431, 264432, 33818863, 33818864,
            4328786159L, Integer.MAX_VALUE, Long.MAX_VALUE, -1L, -42L}) {
            assertEquals(v, roundTrip(v), "value " + v);
        }
        // the boundaries of doc/SPOE.txt's table: 1, 2, 3, 4, 5 bytes
        assertEquals(1, SpopWriter.varintLength(239));
        assertEquals(2, SpopWriter.varintLength(240));
        assertEquals(2, SpopWriter.varintLength(2287));
        assertEquals(3, SpopWriter.varintLength(2288));
        assertEquals(4, SpopWriter.varintLength(264432));
        assertEquals(5, SpopWriter.varintLength(33818864));
        // 240 is F0 00 as HAProxy writes it
        final ByteBuffer b = ByteBuffer.allocate(4);
        SpopWriter.varint(b, 240);
        assertArrayEquals(new byte[] {(byte) 0xF0, 0}, java.util.Arrays.copyOf(b.array(), 2));
    }

    @Test
    void aTruncatedVarintIsBad() {
        final ByteBuffer b = ByteBuffer.wrap(new byte[] {(byte) 0xF5, (byte) 0x80});
        final SpopCursor c = new SpopCursor().reset(b, 0, 2);
        c.varint();
        assertTrue(c.bad);
    }

    @Test
    void typedDataRoundTrips() {
        final ByteBuffer b = ByteBuffer.allocate(128);
        final Sample s = new Sample();
        SpopWriter.typed(b, s.setInt(-7));
        SpopWriter.typed(b, s.setBool(true));
        SpopWriter.typed(b, s.setIpv4(0x7F000001));
        final ByteBuffer text = ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII));
        SpopWriter.typed(b, s.setString(text, 1, 3));
        SpopWriter.typed(b, null);
        final SpopCursor c = new SpopCursor().reset(b, 0, b.position());
        final Sample out = new Sample();
        assertTrue(c.typed(out));
        assertEquals(SampleType.SINT, out.type());
        assertEquals(-7, out.number());
        assertTrue(c.typed(out));
        assertTrue(out.bool());
        assertTrue(c.typed(out));
        assertEquals(SampleType.IPV4, out.type());
        assertEquals(0x7F000001, out.ipv4Int());
        assertTrue(c.typed(out));
        assertEquals(SampleType.STR, out.type());
        assertEquals("ell", c.text(out.offset(), out.length()));
        assertFalse(c.typed(out));
        assertFalse(c.bad);
        assertFalse(c.more());
    }

    @Test
    void aFrameTooBigForItsBoundOverflows() {
        final ByteBuffer b = ByteBuffer.allocate(64);
        b.limit(20);
        final Sample s = new Sample().setString(ByteBuffer.wrap(new byte[40]), 0, 40);
        final int start = SpopWriter.beginFrame(b, Spop.NOTIFY, Spop.FLAG_FIN, 1, 1);
        assertEquals(0, start);
        assertThrows(BufferOverflowException.class, () -> SpopWriter.typed(b, s));
    }

    @Test
    void helloAndDisconnectFrames() {
        final ByteBuffer b = ByteBuffer.allocate(256);
        SpopWriter.haproxyHello(b, 16380, "pipelining", "abc", false);
        final SpopCursor c = new SpopCursor().reset(b, 4, b.getInt(0));
        assertTrue(c.frame());
        assertEquals(Spop.HAPROXY_HELLO, c.type);
        assertEquals(Spop.FLAG_FIN, c.flags);
        assertEquals(b.position() - 4, b.getInt(0));

        final ByteBuffer d = ByteBuffer.allocate(256);
        SpopWriter.disconnect(d, Spop.AGENT_DISCONNECT, Spop.STATUS_TIMEOUT, "late");
        final SpopCursor dc = new SpopCursor().reset(d, 4, d.getInt(0));
        assertTrue(dc.frame());
        final SpopHandshake.Disconnect got = SpopHandshake.agentDisconnect(dc);
        assertEquals(new SpopHandshake.Disconnect(Spop.STATUS_TIMEOUT, "late"), got);
    }

    private static SpopCursor agentHello(final String version, final long frameSize, final String caps) {
        final ByteBuffer b = ByteBuffer.allocate(256);
        final int start = SpopWriter.beginFrame(b, Spop.AGENT_HELLO, Spop.FLAG_FIN, 0, 0);
        if (version != null) {
            SpopWriter.name(b, SpopWriter.Keys.VERSION);
            SpopWriter.string(b, version);
        }
        if (frameSize > 0) {
            SpopWriter.name(b, SpopWriter.Keys.MAX_FRAME_SIZE);
            SpopWriter.uint32(b, frameSize);
        }
        SpopWriter.name(b, SpopWriter.Keys.CAPABILITIES);
        SpopWriter.string(b, caps);
        SpopWriter.endFrame(b, start);
        final SpopCursor c = new SpopCursor().reset(b, 4, b.getInt(0));
        assertTrue(c.frame());
        return c;
    }

    @Test
    void agentHelloIsCheckedAsHaproxyChecksIt() {
        final int[] status = new int[1];
        final SpopHandshake.Hello ok = SpopHandshake.agentHello(agentHello("2.0", 1024, "async, pipelining"), 16380,
            true, status);
        assertNotNull(ok);
        assertEquals(new SpopHandshake.Hello(1024, true), ok);
        assertEquals(new SpopHandshake.Hello(1024, false),
            SpopHandshake.agentHello(agentHello(" 2.0 ", 1024, "fragmentation"), 16380, true, status));
        assertNull(SpopHandshake.agentHello(agentHello("1.0", 1024, ""), 16380, true, status));
        assertEquals(Spop.STATUS_BAD_VSN, status[0]);
        assertNull(SpopHandshake.agentHello(agentHello(null, 1024, ""), 16380, true, status));
        assertEquals(Spop.STATUS_NO_VSN, status[0]);
        assertNull(SpopHandshake.agentHello(agentHello("2.0", 0, ""), 16380, true, status));
        assertEquals(Spop.STATUS_NO_FRAME_SIZE, status[0]);
        assertNull(SpopHandshake.agentHello(agentHello("2.0", 20000, ""), 16380, true, status));
        assertEquals(Spop.STATUS_BAD_FRAME_SIZE, status[0]);
        assertNull(SpopHandshake.agentHello(agentHello("2.0", 100, ""), 16380, true, status));
        assertEquals(Spop.STATUS_BAD_FRAME_SIZE, status[0]);
    }
}
