package dev.baton.tcp;

import dev.baton.support.BlockingServer;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bulk data through a running daemon: integrity of a large transfer both ways, and backpressure. */
class TcpBulkTransferTest {
    private static final int CHUNK = 64 * 1024;

    private final TcpRig rig = new TcpRig();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void tearDown() throws Exception {
        try {
            rig.close();
        } finally {
            threads.shutdownNow();
            assertTrue(threads.awaitTermination(10, TimeUnit.SECONDS), "client threads still running");
        }
    }

    @Test
    @Timeout(60)
    void twoHundredFiftySixMebibytesEachWayArriveIntact() throws Exception {
        final long total = 256L << 20;
        final TcpEchoServer echo = rig.echoServer("echo");
        rig.start(TcpConfigs.listenFe(2, TcpConfigs.server("srv", echo.port())));
        final Socket client = rig.client("fe");

        final Future<Long> sent = threads.submit(() -> {
            final long crc = writeRandom(client.getOutputStream(), total, 42, new AtomicLong());
            client.shutdownOutput();
            return crc;
        });
        final CRC32 received = new CRC32();
        final long count = readToEof(client.getInputStream(), received);

        assertEquals(total, count, "bytes echoed back");
        assertEquals(sent.get(30, TimeUnit.SECONDS), received.getValue(), "CRC32 of what came back");
        final String line = TrafficLogCapture.awaitTcplog(client.getLocalPort());
        assertTrue(line.contains(" " + total + " -- "), "bytes sent to the client and a normal end: " + line);
    }

    @Test
    @Timeout(60)
    void aBackendThatReadsNothingStopsTheClientWithoutGrowingBuffers() throws Exception {
        final long total = 64L << 20;
        final CountDownLatch startReading = new CountDownLatch(1);
        final BlockingServer gated = rig.backend("gated", socket -> {
            assertTrue(startReading.await(30, TimeUnit.SECONDS), "never told to read");
            final CRC32 crc = new CRC32();
            final long count = readToEof(socket.getInputStream(), crc);
            final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeLong(count);
            out.writeLong(crc.getValue());
            out.flush();
        });
        rig.start(TcpConfigs.listenFe(2, TcpConfigs.server("srv", gated.port())));
        final Socket client = rig.client("fe");
        final AtomicLong written = new AtomicLong();
        final Future<Long> sent = threads.submit(() -> {
            final long crc = writeRandom(client.getOutputStream(), total, 7, written);
            client.shutdownOutput();
            return crc;
        });

        // The writer fills every socket buffer on the way, then blocks: progress stops, short of the total.
        final AtomicInteger maxBuffers = new AtomicInteger();
        final long[] last = {-1};
        final int[] unchanged = {0};
        await("client writes blocked").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
            .until(() -> {
                maxBuffers.accumulateAndGet(rig.outstandingBuffers(), Math::max);
                final long now = written.get();
                unchanged[0] = now == last[0] ? unchanged[0] + 1 : 0;
                last[0] = now;
                return unchanged[0] >= 3;
            });
        assertTrue(written.get() < total, "the client wrote everything though the backend read nothing");
        assertEquals(1, rig.daemon().liveStreams());
        assertTrue(maxBuffers.get() <= 2, "buffers held by one stream: " + maxBuffers.get());

        startReading.countDown();
        final long sentCrc = sent.get(30, TimeUnit.SECONDS);
        final DataInputStream in = new DataInputStream(client.getInputStream());
        assertEquals(total, in.readLong(), "bytes the backend received");
        assertEquals(sentCrc, in.readLong(), "CRC32 of what the backend received");
        assertEquals(-1, in.read());
    }

    /** Writes {@code total} seeded pseudo-random bytes; counts them in {@code progress}; returns their CRC32. */
    private static long writeRandom(final OutputStream out, final long total, final long seed,
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
    private static long readToEof(final InputStream in, final CRC32 crc) throws IOException {
        final byte[] buffer = new byte[CHUNK];
        long count = 0;
        int n;
        while ((n = in.read(buffer)) >= 0) {
            crc.update(buffer, 0, n);
            count += n;
        }
        return count;
    }
}
