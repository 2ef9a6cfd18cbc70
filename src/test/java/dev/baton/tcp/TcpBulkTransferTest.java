package dev.baton.tcp;

import dev.baton.support.BlockingServer;
import dev.baton.support.Payloads;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.time.Duration;
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
            final long crc = Payloads.writeRandom(client.getOutputStream(), total, 42, new AtomicLong());
            client.shutdownOutput();
            return crc;
        });
        final CRC32 received = new CRC32();
        final long count = Payloads.readToEof(client.getInputStream(), received);

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
            final long count = Payloads.readToEof(socket.getInputStream(), crc);
            final DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeLong(count);
            out.writeLong(crc.getValue());
            out.flush();
        });
        rig.start(TcpConfigs.listenFe(2, TcpConfigs.server("srv", gated.port())));
        final Socket client = rig.client("fe");
        final AtomicLong written = new AtomicLong();
        final Future<Long> sent = threads.submit(() -> {
            final long crc = Payloads.writeRandom(client.getOutputStream(), total, 7, written);
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
}
