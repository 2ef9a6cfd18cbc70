package dev.baton.support;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/** Large test payloads: written from a seeded generator, read back through a CRC32, never held whole. */
public final class Payloads {
    private static final int CHUNK = 64 * 1024;

    private Payloads() {
    }

    /** Writes {@code total} seeded pseudo-random bytes; counts them in {@code progress}; returns their CRC32. */
    public static long writeRandom(final OutputStream out, final long total, final long seed,
                                   final AtomicLong progress) throws IOException {
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] chunk = new byte[CHUNK];
        final CRC32 crc = new CRC32();
        long left = total;
        while (left > 0) {
            final int n = (int) Math.min(CHUNK, left);
            for (int i = 0; i < n; i += 8) {
                long v = random.nextLong();
                for (int j = i; j < Math.min(i + 8, n); j++) {
                    chunk[j] = (byte) v;
                    v >>>= 8;
                }
            }
            out.write(chunk, 0, n);
            crc.update(chunk, 0, n);
            left -= n;
            progress.addAndGet(n);
        }
        out.flush();
        return crc.getValue();
    }

    /** Reads until end of stream, feeding {@code crc}; returns the byte count. */
    public static long readToEof(final InputStream in, final CRC32 crc) throws IOException {
        final byte[] buffer = new byte[CHUNK];
        long count = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            crc.update(buffer, 0, n);
            count += n;
        }
        return count;
    }

    /** Reads exactly {@code total} bytes, feeding {@code crc} and counting them in {@code progress}. */
    public static void readExactly(final InputStream in, final long total, final CRC32 crc, final AtomicLong progress)
        throws IOException {
        final byte[] buffer = new byte[CHUNK];
        long left = total;
        while (left > 0) {
            final int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("end of stream with " + left + " of " + total + " bytes to go");
            }
            crc.update(buffer, 0, n);
            left -= n;
            progress.addAndGet(n);
        }
    }
}
