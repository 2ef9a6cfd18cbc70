package dev.baton.h2;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frames cut from a buffer: sizes, padding, partial input, and what one frame alone can get wrong. */
class FrameReaderTest {
    private final FrameReader reader = new FrameReader(16384);

    /** A frame as the client would send it: header then {@code payload}. */
    static ByteBuffer frame(final int type, final int flags, final int stream, final byte[] payload) {
        final ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        FrameWriter.header(b, payload.length, type, flags, stream);
        b.put(payload).flip();
        return b;
    }

    @Test
    void cutsWholeFramesAndWaitsForPartialOnes() throws H2Exception {
        final ByteBuffer whole = frame(FrameType.DATA, FrameType.FLAG_END_STREAM, 3, new byte[] {1, 2, 3, 4, 5});
        final ByteBuffer partial = ByteBuffer.allocate(64);
        partial.put(whole.array(), 0, 8).flip();
        assertFalse(reader.next(partial));
        assertEquals(0, partial.position());
        partial.clear().put(whole.array(), 0, 12).flip();
        assertFalse(reader.next(partial));
        assertEquals(0, partial.position());
        assertTrue(reader.next(whole));
        assertEquals(FrameType.DATA, reader.type);
        assertEquals(FrameType.FLAG_END_STREAM, reader.flags);
        assertEquals(3, reader.streamId);
        assertEquals(9, reader.payloadOffset);
        assertEquals(5, reader.payloadLength);
        assertEquals(14, whole.position());
        assertFalse(reader.next(whole));
    }

    @Test
    void streamIdIgnoresTheReservedBit() throws H2Exception {
        final ByteBuffer b = frame(FrameType.RST_STREAM, 0, 5, new byte[4]);
        b.put(5, (byte) 0x80);
        assertTrue(reader.next(b));
        assertEquals(5, reader.streamId);
    }

    @Test
    void paddingAndPriorityAreTakenOut() throws H2Exception {
        // pad length 2, priority (exclusive bit, stream 1, weight 16), fragment "ab", padding
        final ByteBuffer h = frame(FrameType.HEADERS, FrameType.FLAG_PADDED | FrameType.FLAG_PRIORITY, 3,
            new byte[] {2, (byte) 0x80, 0, 0, 1, 16, 'a', 'b', 0, 0});
        assertTrue(reader.next(h));
        assertEquals(1, reader.dependency);
        assertEquals(9 + 6, reader.payloadOffset);
        assertEquals(2, reader.payloadLength);
        assertEquals('a', h.get(reader.payloadOffset));

        final ByteBuffer d = frame(FrameType.DATA, FrameType.FLAG_PADDED, 1, new byte[] {3, 'x', 0, 0, 0});
        assertTrue(reader.next(d));
        assertEquals(1, reader.payloadLength);
        assertEquals(5, reader.flowLength, "flow control counts the padding");
    }

    @Test
    void malformedFramesGetTheirErrorCodes() {
        expect(H2Error.FRAME_SIZE_ERROR, true, frame(FrameType.DATA, 0, 1, new byte[16385]));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.DATA, FrameType.FLAG_PADDED, 1, new byte[] {4, 0, 0, 0}));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.DATA, FrameType.FLAG_PADDED, 1, new byte[] {1}));
        expect(H2Error.FRAME_SIZE_ERROR, true, frame(FrameType.DATA, FrameType.FLAG_PADDED, 1, new byte[0]));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.DATA, 0, 0, new byte[1]));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.HEADERS, FrameType.FLAG_END_HEADERS, 0, new byte[1]));
        expect(H2Error.FRAME_SIZE_ERROR, true, frame(FrameType.HEADERS, FrameType.FLAG_PRIORITY, 1, new byte[4]));
        expect(H2Error.FRAME_SIZE_ERROR, false, frame(FrameType.PRIORITY, 0, 1, new byte[4]));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.PRIORITY, 0, 0, new byte[5]));
        expect(H2Error.FRAME_SIZE_ERROR, true, frame(FrameType.RST_STREAM, 0, 1, new byte[3]));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.RST_STREAM, 0, 0, new byte[4]));
        expect(H2Error.FRAME_SIZE_ERROR, true, frame(FrameType.SETTINGS, 0, 0, new byte[5]));
        expect(H2Error.FRAME_SIZE_ERROR, true, frame(FrameType.SETTINGS, FrameType.FLAG_ACK, 0, new byte[6]));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.SETTINGS, 0, 1, new byte[6]));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.PUSH_PROMISE, 0, 1, new byte[4]));
        expect(H2Error.FRAME_SIZE_ERROR, true, frame(FrameType.PING, 0, 0, new byte[7]));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.PING, 0, 1, new byte[8]));
        expect(H2Error.FRAME_SIZE_ERROR, true, frame(FrameType.GOAWAY, 0, 0, new byte[7]));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.GOAWAY, 0, 3, new byte[8]));
        expect(H2Error.FRAME_SIZE_ERROR, true, frame(FrameType.WINDOW_UPDATE, 0, 1, new byte[5]));
        expect(H2Error.PROTOCOL_ERROR, true, frame(FrameType.CONTINUATION, 0, 0, new byte[1]));
    }

    private void expect(final int code, final boolean connection, final ByteBuffer frame) {
        final ByteBuffer b = ByteBuffer.allocate(32768);
        b.put(frame).flip();
        final H2Exception e = assertThrows(H2Exception.class, () -> reader.next(b));
        assertEquals(H2Error.name(code), H2Error.name(e.code()), e.getMessage());
        assertEquals(connection, e.isConnectionError(), e.getMessage());
    }

    @Test
    void unknownTypesPassThrough() throws H2Exception {
        final ByteBuffer b = frame(0x42, 0xff, 7, new byte[3]);
        assertTrue(reader.next(b));
        assertEquals(0x42, reader.type);
        assertEquals(3, reader.payloadLength);
    }

    @Test
    void writtenFramesReadBack() throws H2Exception {
        final ByteBuffer b = ByteBuffer.allocate(256);
        FrameWriter.settings(b, FrameWriter.SETTINGS_MAX_CONCURRENT_STREAMS, 100,
            FrameWriter.SETTINGS_INITIAL_WINDOW_SIZE, 65535);
        FrameWriter.settingsAck(b);
        FrameWriter.ping(b, true, 0x0102030405060708L);
        FrameWriter.goAway(b, 7, H2Error.PROTOCOL_ERROR);
        FrameWriter.rstStream(b, 3, H2Error.CANCEL);
        FrameWriter.windowUpdate(b, 0, 1000);
        FrameWriter.dataHeader(b, 5, 0, true);
        b.flip();
        assertTrue(reader.next(b));
        assertEquals(FrameType.SETTINGS, reader.type);
        assertEquals(12, reader.length);
        final PeerSettings s = new PeerSettings();
        assertEquals(0, s.apply(b, reader.payloadOffset, reader.payloadLength));
        assertEquals(100, s.maxConcurrentStreams);
        assertTrue(reader.next(b));
        assertEquals(FrameType.FLAG_ACK, reader.flags);
        assertTrue(reader.next(b));
        assertEquals(0x0102030405060708L, b.getLong(reader.payloadOffset));
        assertTrue(reader.next(b));
        assertEquals(7, b.getInt(reader.payloadOffset));
        assertEquals(H2Error.PROTOCOL_ERROR, b.getInt(reader.payloadOffset + 4));
        assertTrue(reader.next(b));
        assertEquals(H2Error.CANCEL, b.getInt(reader.payloadOffset));
        assertTrue(reader.next(b));
        assertEquals(1000, b.getInt(reader.payloadOffset));
        assertTrue(reader.next(b));
        assertEquals(FrameType.DATA, reader.type);
        assertEquals(5, reader.streamId);
        assertFalse(b.hasRemaining());
    }

    @Test
    void peerSettingsAreChecked() throws H2Exception {
        final PeerSettings s = new PeerSettings();
        assertEquals(1000, s.apply(settings(FrameWriter.SETTINGS_INITIAL_WINDOW_SIZE, 66535), 0, 6));
        assertEquals(66535, s.initialWindowSize);
        assertEquals(H2Error.FLOW_CONTROL_ERROR, assertThrows(H2Exception.class,
            () -> s.apply(settings(FrameWriter.SETTINGS_INITIAL_WINDOW_SIZE, 0x80000000), 0, 6)).code());
        assertEquals(H2Error.PROTOCOL_ERROR, assertThrows(H2Exception.class,
            () -> s.apply(settings(FrameWriter.SETTINGS_ENABLE_PUSH, 2), 0, 6)).code());
        assertEquals(H2Error.PROTOCOL_ERROR, assertThrows(H2Exception.class,
            () -> s.apply(settings(FrameWriter.SETTINGS_MAX_FRAME_SIZE, 16383), 0, 6)).code());
        assertEquals(H2Error.PROTOCOL_ERROR, assertThrows(H2Exception.class,
            () -> s.apply(settings(FrameWriter.SETTINGS_MAX_FRAME_SIZE, 1 << 24), 0, 6)).code());
        s.apply(settings(0x99, 5), 0, 6); // unknown: ignored
        s.apply(settings(FrameWriter.SETTINGS_MAX_FRAME_SIZE, 1 << 20), 0, 6);
        assertEquals(1 << 20, s.maxFrameSize);
    }

    private static ByteBuffer settings(final int id, final int value) {
        return ByteBuffer.allocate(6).putShort(0, (short) id).putInt(2, value);
    }
}
