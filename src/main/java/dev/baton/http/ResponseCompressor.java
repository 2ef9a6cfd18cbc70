package dev.baton.http;

import dev.baton.config.CompressionAlgo;
import dev.baton.counters.Counter;
import dev.baton.counters.TrafficCounters;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Re-encodes one response body on its way to the client: the server's body (Content-Length or chunked) goes in,
 * a chunked body of the compressed data comes out, as HAProxy's compression filter makes it. Data is deflated as it
 * arrives and flushed (zlib's sync flush) whenever the server has nothing more for now, so a slow or streaming body
 * reaches the client as it comes; the compressor reads only what the client output has room for, so it holds no
 * more than one zlib stream per response (backpressure as for a plain body). gzip's header and CRC-32/size trailer
 * are written here around bare deflate data; {@code deflate} is zlib's format, {@code raw-deflate} bare data,
 * {@code identity} the data unchanged. A chunked body's trailer section follows the last chunk as it came.
 *
 * <p>Each chunk's size is written with leading zeros to a fixed width (enough for the output buffer), so the data
 * goes straight into the client buffer without a copy. A body the server cuts short ends without the last chunk,
 * so the client sees it truncated. Counts HAProxy's {@code comp_in}/{@code comp_out} (or {@code comp_byp} for
 * identity) as the bytes pass and {@code comp_rsp} at the end, on the frontend and the backend.
 *
 * <p>One per request workspace, started per response; reactor thread only; the deflater comes from and goes back to
 * the reactor's {@link DeflaterPool}; no allocation once both exist.
 */
final class ResponseCompressor {
    private static final int BODY = 0;
    private static final int FINISH = 1;
    private static final int LAST_CHUNK = 2;
    private static final int TRAILERS = 3;
    private static final int DONE = 4;

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** gzip's header (RFC 1952): magic, deflate, no flags, no time, no extra flags, OS Unix. */
    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};

    private final DeflaterPool pool;
    /** What the deflater is left pointing at between calls, so that it holds no server buffer (this thread's own). */
    private final ByteBuffer noInput = ByteBuffer.allocate(0);
    private final ChunkedScanner chunks = new ChunkedScanner(false);
    private final CRC32 crc = new CRC32();
    /** Bytes to put in the next chunk before any deflate output: gzip's header, then its trailer. */
    private final byte[] pending = new byte[10];
    private int pendingFrom;
    private int pendingTo;

    private CompressionAlgo algo;
    private Deflater deflater;
    private boolean nowrap;
    private boolean chunkedIn;
    private long remaining;
    private int state = DONE;
    /** Input was fed since the last sync flush. */
    private boolean unflushed;
    /** A sync flush is under way (the deflater may hold more of it). */
    private boolean flushing;
    private long totalIn;
    /** gzip's trailer was queued in {@link #pending}. */
    private boolean trailerQueued;
    /** The last deflate call filled the room it was given: the deflater may hold more output. */
    private boolean deflaterFull;
    /** Data bytes written into chunks (not their framing): HAProxy's {@code comp_out}. */
    private long dataOut;
    private long moved;
    private TrafficCounters frontend;
    private TrafficCounters backend;
    private int reactorId;
    private boolean metered;

    ResponseCompressor(final DeflaterPool pool) {
        this.pool = pool;
    }

    /**
     * Starts the body of a response the server frames with {@code framing} ({@code CHUNKED}, or
     * {@code CONTENT_LENGTH} of {@code contentLength} bytes), compressed with {@code algo} at {@code level};
     * {@code frontend}/{@code backend} get the counts (the same object for a listen section counts twice, as
     * HAProxy counts its two sides), {@code metered}: the bytes fed also go to the process rate ({@code maxcomprate}).
     */
    void start(final CompressionAlgo algo, final int level, final BodyFraming framing, final long contentLength,
               final TrafficCounters frontend, final TrafficCounters backend, final int reactorId,
               final boolean metered) {
        release();
        this.algo = algo;
        this.chunkedIn = framing == BodyFraming.CHUNKED;
        this.remaining = chunkedIn ? 0 : contentLength;
        this.frontend = frontend;
        this.backend = backend;
        this.reactorId = reactorId;
        this.metered = metered;
        chunks.reset();
        crc.reset();
        totalIn = 0;
        trailerQueued = false;
        moved = 0;
        unflushed = false;
        flushing = false;
        pendingFrom = 0;
        pendingTo = 0;
        if (algo != CompressionAlgo.IDENTITY) {
            nowrap = algo != CompressionAlgo.DEFLATE;
            deflater = pool.borrow(nowrap, level);
            if (algo == CompressionAlgo.GZIP) {
                System.arraycopy(GZIP_HEADER, 0, pending, 0, GZIP_HEADER.length);
                pendingTo = GZIP_HEADER.length;
            }
        }
        state = BODY;
    }

    /** Whether the whole encoded body, last chunk (and trailers) included, is in the client output. */
    boolean isDone() {
        return state == DONE;
    }

    /** Bytes put in the client output so far (chunk framing included). */
    long moved() {
        return moved;
    }

    /**
     * Whether there is output to make without more input: the end of the body, or a flush under way. The
     * exchange calls {@link #pump} again when the client output has room, server bytes or not.
     */
    boolean hasOutputToMake() {
        return state == FINISH || state == LAST_CHUNK || state == BODY && (unflushed || flushing || bodyInputDone());
    }

    /** The deflater goes back to the pool; the compressor is idle until the next {@link #start}. */
    void release() {
        returnDeflater();
        frontend = null;
        backend = null;
        state = DONE;
    }

    private void returnDeflater() {
        if (deflater != null) {
            deflater.setInput(noInput);
            pool.giveBack(deflater, nowrap);
            deflater = null;
        }
    }

    /**
     * Encodes what {@code server} (read mode; null when the server side holds no buffer) has of the body into
     * {@code out} (write mode, the client's), as far as out has room. Returns how many bytes moved in and out
     * together (0: nothing could move), or a negative {@link HttpError} code for malformed chunked framing. Bytes
     * after the body stay in {@code server}.
     */
    int pump(final ByteBuffer server, final ByteBuffer out) {
        final ByteBuffer in = server != null ? server : noInput; // the server side gives its empty buffer back
        final int inBefore = in.position();
        final int outBefore = out.position();
        final long dataBefore = dataOut;
        long fed = 0;
        loop:
        while (true) {
            switch (state) {
                case BODY: {
                    final int run = dataRun(in);
                    if (run < 0) {
                        return run;
                    }
                    if (run > 0) {
                        final int taken = feed(in, run, out);
                        fed += taken;
                        if (taken == 0) {
                            break loop; // no room
                        }
                        continue;
                    }
                    if (bodyInputDone()) {
                        if (deflater != null) {
                            deflater.finish();
                        }
                        state = FINISH;
                        continue;
                    }
                    if (unflushed || flushing) {
                        syncFlush(out);
                    }
                    break loop;
                }
                case FINISH:
                    if (!finish(out)) {
                        break loop;
                    }
                    state = LAST_CHUNK;
                    continue;
                case LAST_CHUNK:
                    if (out.remaining() < (chunkedIn ? 3 : 5)) {
                        break loop;
                    }
                    out.put((byte) '0').put((byte) '\r').put((byte) '\n');
                    if (chunkedIn) {
                        state = TRAILERS;
                        continue;
                    }
                    out.put((byte) '\r').put((byte) '\n');
                    end();
                    break loop;
                case TRAILERS: {
                    final int n = Math.min(in.remaining(), out.remaining());
                    final int end = chunks.scan(in, in.position(), in.position() + n);
                    if (end < 0) {
                        return end;
                    }
                    final int limit = in.limit();
                    in.limit(end);
                    out.put(in);
                    in.limit(limit);
                    if (chunks.isDone()) {
                        end();
                    }
                    break loop;
                }
                default:
                    break loop;
            }
        }
        count(fed, dataOut - dataBefore);
        final int out0 = out.position() - outBefore;
        moved += out0;
        return in.position() - inBefore + out0;
    }

    // ------------------------------------------------------------------ input

    /** Body data bytes at {@code in}'s position, framing before them passed over; negative on bad framing. */
    private int dataRun(final ByteBuffer in) {
        if (!chunkedIn) {
            return (int) Math.min(in.remaining(), remaining);
        }
        while (true) {
            if (chunks.inData()) {
                return (int) Math.min(in.remaining(), chunks.dataLeft());
            }
            if (chunks.inTrailers() || !in.hasRemaining()) {
                return 0;
            }
            final int end = chunks.scanFraming(in, in.position(), in.limit());
            if (end < 0) {
                return end;
            }
            in.position(end);
        }
    }

    private boolean bodyInputDone() {
        return chunkedIn ? chunks.inTrailers() : remaining == 0;
    }

    /** Takes up to {@code run} data bytes from {@code in} into chunks; returns how many were taken. */
    private int feed(final ByteBuffer in, final int run, final ByteBuffer out) {
        final int start = in.position();
        final int limit = in.limit();
        in.limit(start + run);
        try {
            if (deflater == null) {
                copyIdentity(in, out);
            } else {
                deflater.setInput(in);
                while (!deflater.needsInput()) {
                    if (chunk(out, Deflater.NO_FLUSH) <= 0 && !deflater.needsInput()) {
                        break; // no room (zlib always moves when it has some)
                    }
                }
                deflater.setInput(noInput);
            }
        } finally {
            in.limit(limit);
        }
        final int taken = in.position() - start;
        if (taken > 0) {
            if (algo == CompressionAlgo.GZIP) {
                final int end = in.position();
                in.position(start);
                in.limit(end);
                crc.update(in);
                in.limit(limit);
            }
            totalIn += taken;
            unflushed = deflater != null;
            if (chunkedIn) {
                chunks.skipData(taken);
            } else {
                remaining -= taken;
            }
        }
        return taken;
    }

    private void copyIdentity(final ByteBuffer in, final ByteBuffer out) {
        final int start = open(out);
        if (start < 0) {
            return;
        }
        final int outLimit = out.limit();
        final int n = Math.min(in.remaining(), outLimit - 2 - out.position());
        final int inLimit = in.limit();
        in.limit(in.position() + n);
        out.put(in);
        in.limit(inLimit);
        close(out, start);
    }

    // ------------------------------------------------------------------ output

    /**
     * Sync-flushes the deflater into chunks, so that the client can decode every byte fed so far; false when out
     * ran out of room first (the flush goes on at the next call).
     */
    private boolean syncFlush(final ByteBuffer out) {
        flushing = true;
        do {
            if (chunk(out, Deflater.SYNC_FLUSH) < 0) {
                return false;
            }
        } while (deflaterFull);
        flushing = false;
        unflushed = false;
        return true;
    }

    /** Drains the finished deflater, then gzip's trailer; false when out lacks room for the rest. */
    private boolean finish(final ByteBuffer out) {
        if (deflater == null) {
            return true;
        }
        while (!deflater.finished() || pendingFrom < pendingTo) {
            if (chunk(out, Deflater.NO_FLUSH) <= 0) {
                return false; // no room (a finishing zlib always moves when it has some)
            }
            if (deflater.finished() && algo == CompressionAlgo.GZIP && !trailerQueued) {
                trailerQueued = true;
                putLe32(pending, 0, (int) crc.getValue());
                putLe32(pending, 4, (int) totalIn);
                pendingFrom = 0;
                pendingTo = 8;
            }
        }
        return true;
    }

    /**
     * Writes one chunk: the pending bytes, then what the deflater gives with {@code flush}. Returns its data bytes
     * (0: none, and nothing written), or -1 when out has no room for a chunk.
     */
    private int chunk(final ByteBuffer out, final int flush) {
        final int start = open(out);
        if (start < 0) {
            return -1;
        }
        final int limit = out.limit();
        out.limit(limit - 2);
        try {
            if (pendingFrom < pendingTo) {
                final int n = Math.min(pendingTo - pendingFrom, out.remaining());
                out.put(pending, pendingFrom, n);
                pendingFrom += n;
                if (pendingFrom == pendingTo) {
                    pendingFrom = 0;
                    pendingTo = 0;
                }
            }
            deflaterFull = false;
            if (out.hasRemaining() && deflater != null && !deflater.finished()) {
                final int room = out.remaining();
                deflaterFull = deflater.deflate(out, flush) == room;
            }
        } finally {
            out.limit(limit);
        }
        return close(out, start);
    }

    /** Opens a chunk at out's position (room kept for its size line); -1 when out lacks room for one data byte. */
    private static int open(final ByteBuffer out) {
        final int width = sizeWidth(out.capacity());
        if (out.remaining() < width + 4 + 1) {
            return -1;
        }
        final int start = out.position();
        out.position(start + width + 2);
        return start;
    }

    /** Closes the chunk opened at {@code start}: size line and CRLF, or nothing at all when it has no data. */
    private int close(final ByteBuffer out, final int start) {
        final int width = sizeWidth(out.capacity());
        final int data = out.position() - start - width - 2;
        if (data == 0) {
            out.position(start);
            return 0;
        }
        int v = data;
        for (int i = width - 1; i >= 0; i--) {
            out.put(start + i, HEX[v & 0xF]);
            v >>>= 4;
        }
        out.put(start + width, (byte) '\r');
        out.put(start + width + 1, (byte) '\n');
        out.put((byte) '\r').put((byte) '\n');
        dataOut += data;
        return data;
    }

    /** Hex digits of a chunk size that fits in a buffer of {@code capacity}. */
    static int sizeWidth(final int capacity) {
        return Math.max(1, (32 - Integer.numberOfLeadingZeros(capacity) + 3) / 4);
    }

    private static void putLe32(final byte[] b, final int at, final int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }

    // ------------------------------------------------------------------ end and counts

    /** The body is all out: HAProxy's comp_rsp (identity included), the deflater back to the pool at once. */
    private void end() {
        state = DONE;
        if (frontend != null) {
            frontend.increment(reactorId, Counter.COMP_RSP);
        }
        if (backend != null) {
            backend.increment(reactorId, Counter.COMP_RSP);
        }
        returnDeflater();
    }

    private void count(final long fed, final long made) {
        if (fed == 0 && made == 0 || frontend == null && backend == null) {
            return;
        }
        if (metered && fed > 0) {
            CompressionRate.PROCESS.add(fed, System.nanoTime());
        }
        final boolean bypass = algo == CompressionAlgo.IDENTITY;
        add(bypass ? Counter.COMP_BYP : Counter.COMP_IN, fed);
        if (!bypass) {
            add(Counter.COMP_OUT, made);
        }
    }

    private void add(final Counter c, final long n) {
        if (n == 0) {
            return;
        }
        if (frontend != null) {
            frontend.add(reactorId, c, n);
        }
        if (backend != null) {
            backend.add(reactorId, c, n);
        }
    }
}
