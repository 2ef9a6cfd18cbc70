package dev.baton.http;

import dev.baton.support.BlockingServer;
import dev.baton.support.Payloads;
import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large bodies through the daemon, each way, checked end to end by CRC32, while the daemon's buffers stay
 * bounded: one session holds at most its four (client in/out, server in/out), whatever the body size.
 */
class HttpBulkTransferTest {
    /** Buffers one session may hold: client input and output, server input and output. */
    private static final int SESSION_BUFFERS = 4;

    private final HttpRig rig = new HttpRig();
    private final ScheduledExecutorService sampler = Executors.newScheduledThreadPool(2);
    private final AtomicInteger maxBuffers = new AtomicInteger();

    @AfterEach
    void tearDown() throws Exception {
        sampler.shutdownNow();
        assertTrue(sampler.awaitTermination(10, TimeUnit.SECONDS));
        rig.close();
    }

    /** Samples the buffers every reactor has handed out, every 20 ms, keeping the maximum. */
    private void sampleBuffers() {
        sampler.scheduleWithFixedDelay(() -> {
            try {
                maxBuffers.accumulateAndGet(rig.running().outstandingBuffers(), Math::max);
            } catch (final Exception e) {
                // the daemon is stopping: nothing more to sample
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** A few seconds: in the default run, as it caught a stall that smaller bodies hit too seldom. */
    @Test
    void oneGibibyteUpload() throws Exception {
        upload(1L << 30);
    }

    @Test
    void oneGibibyteDownload() throws Exception {
        download(1L << 30);
    }

    @Test
    void sixtyFourMebibytesEachWayThroughA101Tunnel() throws Exception {
        final long size = 64L << 20;
        final BlockingServer b = rig.rawBackend("upgrade-echo", socket -> {
            final InputStream in = socket.getInputStream();
            if (RawBackends.readHead(in) == null) {
                return;
            }
            RawBackends.write(socket.getOutputStream(), "HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\n"
                + "Connection: Upgrade\r\n\r\n");
            in.transferTo(socket.getOutputStream());
            socket.shutdownOutput();
        });
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();
        assertEquals(101, c.send("GET / HTTP/1.1\r\nHost: t\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n")
            .readHead().status);
        sampleBuffers();
        final long start = System.nanoTime();

        final CompletableFuture<Long> sent = CompletableFuture.supplyAsync(() -> {
            try {
                final long crc = Payloads.writeRandom(c.socket().getOutputStream(), size, 5, new AtomicLong());
                c.socket().shutdownOutput();
                return crc;
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }, sampler);
        final CRC32 echoed = new CRC32();
        Payloads.readExactly(c.input(), size, echoed, new AtomicLong());

        assertEquals(sent.get(30, TimeUnit.SECONDS), echoed.getValue(), "CRC32 of what came back");
        assertEquals(-1, c.readByte(), "the server's FIN after the client's ends the tunnel");
        report("tunnel, each way,", size, start);
    }

    private void upload(final long size) throws Exception {
        final BlockingServer b = rig.rawBackend("crc", socket -> {
            final InputStream in = socket.getInputStream();
            for (String head = RawBackends.readHead(in); head != null; head = RawBackends.readHead(in)) {
                final String contentLength = RawBackends.header(head, "Content-Length");
                final long length = contentLength == null ? 0 : Long.parseLong(contentLength);
                final CRC32 crc = new CRC32();
                Payloads.readExactly(in, length, crc, new AtomicLong());
                final String body = length + " " + crc.getValue();
                RawBackends.write(socket.getOutputStream(), RawBackends.ok(1, body));
            }
        });
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();
        sampleBuffers();
        final long start = System.nanoTime();

        c.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: " + size + "\r\n\r\n");
        final long sent = Payloads.writeRandom(c.socket().getOutputStream(), size, 11, new AtomicLong());
        final RawHttp.Response r = c.read();

        assertEquals(200, r.status);
        assertEquals(size + " " + sent, r.text(), "length and CRC32 the server received");
        report("upload", size, start);
        assertEquals(200, c.send(RawHttp.get("/")).read().status, "the connections are in step afterwards");
    }

    private void download(final long size) throws Exception {
        final HttpBackend b = rig.backend(new HttpBackend.Options().name("s1"));
        rig.start(HttpConfigs.listen(1, HttpConfigs.server("s1", b.port())));
        final RawHttp c = rig.client();
        sampleBuffers();
        final long start = System.nanoTime();

        final RawHttp.Response head = c.send(RawHttp.get("/size/" + size)).readHead();
        assertEquals(200, head.status);
        final byte[] line = "s1 conn=1 req=1\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(String.valueOf(line.length + size), head.header("Content-Length"));
        final CRC32 received = new CRC32();
        Payloads.readExactly(c.input(), line.length + size, received, new AtomicLong());

        assertEquals(expectedDownloadCrc(line, size), received.getValue(), "CRC32 of the body");
        report("download", size, start);
        assertEquals(200, c.send(RawHttp.get("/")).read().status, "the connections are in step afterwards");
    }

    /** CRC32 of HttpBackend's body for {@code /size/n}: its first line, then its 64-byte filler line repeated. */
    private static long expectedDownloadCrc(final byte[] firstLine, final long size) {
        final byte[] filler = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.\n"
            .getBytes(StandardCharsets.US_ASCII);
        final byte[] block = new byte[64 * 1024];
        for (int i = 0; i < block.length; i++) {
            block[i] = filler[i % filler.length];
        }
        final CRC32 crc = new CRC32();
        crc.update(firstLine);
        for (long left = size; left > 0; left -= block.length) {
            crc.update(block, 0, (int) Math.min(block.length, left));
        }
        return crc.getValue();
    }

    private void report(final String what, final long size, final long startNs) {
        final long ms = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        System.out.printf(Locale.ROOT, "%s of %d MiB in %d ms (%d MiB/s), at most %d buffers handed out%n", what,
            size >> 20, ms, (size >> 20) * 1000 / ms, maxBuffers.get());
        assertTrue(maxBuffers.get() <= SESSION_BUFFERS, "buffers handed out at once: " + maxBuffers.get());
    }
}
