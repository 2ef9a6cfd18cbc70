package dev.baton.http;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The buffer conventions: read-mode input room, and compacting what was sent of an output. */
class IoBuffersTest {
    @Test
    void readModeBufferHasRoomUntilFullFromItsStart() {
        final ByteBuffer in = ByteBuffer.allocate(8);
        in.flip();
        assertTrue(IoBuffers.hasRoom(in));
        in.limit(8);
        assertFalse(IoBuffers.hasRoom(in), "full from position 0");
        in.position(3);
        assertTrue(IoBuffers.hasRoom(in), "consumed bytes can be compacted away");
    }

    @Test
    void compactSentKeepsOnlyTheUnsentBytes() {
        final ByteBuffer out = ByteBuffer.allocate(16);
        out.put("abcdefgh".getBytes(StandardCharsets.US_ASCII));
        final int sent = IoBuffers.compactSent(out, 5);
        assertEquals(0, sent);
        assertEquals(3, out.position());
        assertEquals("fgh", new String(out.array(), 0, 3, StandardCharsets.US_ASCII));
        assertEquals(16, out.limit());
    }

    @Test
    void compactSentWithNothingSentChangesNothing() {
        final ByteBuffer out = ByteBuffer.allocate(16);
        out.put((byte) 1).put((byte) 2);
        assertEquals(0, IoBuffers.compactSent(out, 0));
        assertEquals(2, out.position());
    }
}
