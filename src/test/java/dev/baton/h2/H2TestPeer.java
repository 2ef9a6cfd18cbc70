package dev.baton.h2;

import dev.baton.io.BufferPool;
import dev.baton.io.MemoryEndpoint;
import dev.baton.reactor.ReactorTimers;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection under test and the client in front of it, in memory: the host (hand clock, timers, pool, the
 * {@code later} queue run by {@link #settle}), the client's frames ({@link #send}...) and the server's, parsed
 * ({@link #frames}), with their header blocks decoded. Test thread only.
 */
final class H2TestPeer implements H2Host {
    /** One frame the server sent. */
    record Frame(int type, int flags, int stream, byte[] payload, List<String> fields) {
        boolean has(final int flag) {
            return (flags & flag) != 0;
        }

        int intAt(final int off) {
            return ByteBuffer.wrap(payload).getInt(off);
        }

        String text() {
            return new String(payload, StandardCharsets.ISO_8859_1);
        }
    }

    final MemoryEndpoint endpoint = new MemoryEndpoint(new InetSocketAddress("127.0.0.1", 40000),
        new InetSocketAddress("127.0.0.1", 8080));
    final BufferPool buffers = new BufferPool(16384, 64);
    final List<H2Stream> started = new ArrayList<>();
    final H2Connection connection;
    private final ReactorTimers timers;
    private final H2Scratch scratch = new H2Scratch(32768);
    private final ArrayDeque<Runnable> later = new ArrayDeque<>();
    private final HpackEncoder clientEncoder = new HpackEncoder(true);
    private final HpackDecoder clientDecoder = new HpackDecoder(4096, 65536);
    private final FrameReader serverFrames = new FrameReader(FrameType.MAX_MAX_FRAME_SIZE);
    private final java.io.ByteArrayOutputStream headerBlock = new java.io.ByteArrayOutputStream();
    private ByteBuffer pendingOutput = ByteBuffer.allocate(0);
    private long nowNs = 1_000_000_000L;

    H2TestPeer(final H2Settings settings) {
        timers = new ReactorTimers(nowNs);
        connection = new H2Connection(this, endpoint, settings, null);
        connection.start();
        settle();
    }

    static H2Settings settings(final int maxStreams) {
        return new H2Settings(maxStreams, 4096, 16384 - 1024, 16384, 5000, 2000, 1000, 30000);
    }

    @Override
    public long nowNs() {
        return nowNs;
    }

    @Override
    public ReactorTimers timers() {
        return timers;
    }

    @Override
    public H2Scratch scratch() {
        return scratch;
    }

    @Override
    public BufferPool buffers() {
        return buffers;
    }

    @Override
    public void later(final Runnable task) {
        later.add(task);
    }

    @Override
    public void startStream(final H2Stream stream) {
        started.add(stream);
    }

    /** Advances the hand clock and fires the timers due. */
    void advanceMs(final long ms) {
        nowNs += ms * 1_000_000L;
        timers.poll(nowNs, 100);
        settle();
    }

    /** Runs the {@code later} tasks and the endpoint's readiness until nothing moves. */
    void settle() {
        for (int i = 0; i < 100; i++) {
            endpoint.settle();
            if (later.isEmpty()) {
                return;
            }
            later.poll().run();
        }
    }

    /** The client's preface and an empty SETTINGS (or with {@code pairs}), then the server's SETTINGS ACKed. */
    H2TestPeer handshake(final int... pairs) {
        raw(Preface.BYTES);
        settings(pairs);
        send(FrameType.SETTINGS, FrameType.FLAG_ACK, 0, new byte[0]);
        return this;
    }

    void settings(final int... pairs) {
        final ByteBuffer b = ByteBuffer.allocate(pairs.length * 3);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            b.putShort((short) pairs[i]).putInt(pairs[i + 1]);
        }
        send(FrameType.SETTINGS, 0, 0, b.array());
    }

    /** The client sends raw bytes; the connection reads them. */
    void raw(final byte[] bytes) {
        endpoint.feed(new String(bytes, StandardCharsets.ISO_8859_1));
        settle();
    }

    void send(final int type, final int flags, final int stream, final byte[] payload) {
        raw(frame(type, flags, stream, payload));
    }

    static byte[] frame(final int type, final int flags, final int stream, final byte[] payload) {
        final ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
        FrameWriter.header(b, payload.length, type, flags, stream);
        b.put(payload);
        return b.array();
    }

    /** A header block of "name", "value" pairs, as the client's HPACK encoder makes it. */
    byte[] block(final String... fields) {
        final ByteBuffer b = ByteBuffer.allocate(65536);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            final byte[] n = fields[i].getBytes(StandardCharsets.ISO_8859_1);
            final byte[] v = fields[i + 1].getBytes(StandardCharsets.ISO_8859_1);
            if (fields[i].startsWith(":") || fields[i].equals(fields[i].toLowerCase())) {
                clientEncoder.field(b, n, 0, n.length, v, 0, v.length);
            } else { // an upper-case name, sent as is (the encoder would lower it)
                b.put((byte) 0).put((byte) n.length).put(n).put((byte) v.length).put(v);
            }
        }
        final byte[] out = new byte[b.position()];
        b.flip().get(out);
        return out;
    }

    /** HEADERS (END_HEADERS) with {@code fields}, END_STREAM if {@code end}. */
    void headers(final int stream, final boolean end, final String... fields) {
        send(FrameType.HEADERS, FrameType.FLAG_END_HEADERS | (end ? FrameType.FLAG_END_STREAM : 0), stream,
            block(fields));
    }

    /** A GET of {@code path} on {@code stream}, ended. */
    void get(final int stream, final String path) {
        headers(stream, true, ":method", "GET", ":scheme", "https", ":path", path, ":authority", "example.com");
    }

    void data(final int stream, final String body, final boolean end) {
        send(FrameType.DATA, end ? FrameType.FLAG_END_STREAM : 0, stream, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The frames the server sent since the last call, header blocks decoded (as "name: value"). */
    List<Frame> frames() {
        final byte[] written = endpoint.takeWritten().getBytes(StandardCharsets.ISO_8859_1);
        final ByteBuffer b = ByteBuffer.allocate(pendingOutput.remaining() + written.length);
        b.put(pendingOutput).put(written).flip();
        final List<Frame> out = new ArrayList<>();
        try {
            while (serverFrames.next(b)) {
                final byte[] payload = new byte[serverFrames.payloadLength];
                b.get(serverFrames.payloadOffset, payload);
                List<String> fields = null;
                if (serverFrames.type == FrameType.HEADERS || serverFrames.type == FrameType.CONTINUATION) {
                    headerBlock.write(payload, 0, payload.length);
                }
                if (headerBlock.size() > 0 && (serverFrames.flags & FrameType.FLAG_END_HEADERS) != 0) {
                    fields = new ArrayList<>();
                    final List<String> f = fields;
                    final byte[] blockBytes = headerBlock.toByteArray();
                    headerBlock.reset();
                    clientDecoder.decode(blockBytes, 0, blockBytes.length, Integer.MAX_VALUE,
                        (buf, no, nl, vo, vl) -> f.add(new String(buf, no, nl, StandardCharsets.ISO_8859_1) + ": "
                            + new String(buf, vo, vl, StandardCharsets.ISO_8859_1)));
                }
                out.add(new Frame(serverFrames.type, serverFrames.flags, serverFrames.streamId, payload, fields));
            }
        } catch (final H2Exception e) {
            throw new AssertionError("the server sent a bad frame", e);
        }
        pendingOutput = ByteBuffer.allocate(b.remaining()).put(b).flip();
        return out;
    }

    /** The frames of one type among {@code frames}. */
    static List<Frame> ofType(final List<Frame> frames, final int type) {
        final List<Frame> out = new ArrayList<>();
        for (final Frame f : frames) {
            if (f.type() == type) {
                out.add(f);
            }
        }
        return out;
    }

    /** Everything the stream's session would read now, as text. */
    static String readAll(final H2Stream s) throws java.io.IOException {
        final ByteBuffer b = ByteBuffer.allocate(1 << 20);
        final StringBuilder sb = new StringBuilder();
        int n;
        while ((n = s.read(b)) > 0) {
            b.flip();
            sb.append(StandardCharsets.ISO_8859_1.decode(b));
            b.clear();
        }
        return sb.toString();
    }

    /** The session writes {@code text}; the bytes the stream took. */
    static int write(final H2Stream s, final String text) throws java.io.IOException {
        return s.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
    }
}
