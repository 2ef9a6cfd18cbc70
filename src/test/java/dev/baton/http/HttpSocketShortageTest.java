package dev.baton.http;

import dev.baton.support.DaemonProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request whose server socket cannot be opened because the descriptors are all taken (by its clients):
 * HAProxy calls it a resource failure, retries it as any failed connect, and logs {@code RC}. The daemon runs
 * as a child process under {@code ulimit-n}, so the shortage is real and the test JVM keeps its descriptors.
 */
class HttpSocketShortageTest {
    private static final int NOFILE = 96;
    private static final int CLIENTS = 120;
    private static final Pattern RESOURCE_FAILURE = Pattern.compile(" 503 \\d+ - - RC-- \\d+/\\d+/\\d+/\\d+/2 ");

    @TempDir
    Path dir;

    @Test
    void aSocketThatCannotBeOpenedIsARetriedResourceFailure() throws Exception {
        try (HttpBackend backend = HttpBackend.start()) {
            final int port = RunningDaemon.freePort();
            final Path cfg = Files.writeString(dir.resolve("baton.cfg"), String.join("\n",
                "global", "    nbthread 1", "    maxconn 1000", "    no strict-limits", "    ulimit-n " + NOFILE,
                "    log stdout format raw local0",
                "defaults", "    mode http", "    log global", "    option httplog", "    retries 2",
                "    timeout connect 2s", "    timeout client 10s", "    timeout server 10s",
                "listen fe", "    bind 127.0.0.1:" + port, "    server s1 127.0.0.1:" + backend.port(), ""));
            final DaemonProcess baton = DaemonProcess.start(dir, "-f", cfg.toString());
            final List<RawHttp> clients = new ArrayList<>();
            try {
                baton.awaitAccepting(port);
                for (int i = 0; i < CLIENTS; i++) {
                    clients.add(RawHttp.open(port));
                }
                await("descriptors exhausted: accept paused").atMost(Duration.ofSeconds(10))
                    .until(() -> baton.stderr().contains("pausing accept") || !baton.isAlive());
                for (final RawHttp c : clients) {
                    try {
                        c.send(RawHttp.get("/"));
                    } catch (final IOException e) {
                        throw new AssertionError("a client was reset before its request; baton said:\n" + baton.stderr(), e);
                    }
                }
                int served = 0;
                int unavailable = 0;
                for (final RawHttp c : clients) {
                    final int status = statusOf(c);
                    served += status == 200 ? 1 : 0;
                    unavailable += status == 503 ? 1 : 0;
                    c.close();
                }
                assertTrue(unavailable > 0, "no 503 while descriptors were short (" + served + " served)");
                assertEquals(CLIENTS, served + unavailable, "every client answered, 200 or 503");
                await("the 503 logged as a resource failure after 2 retries").atMost(Duration.ofSeconds(5))
                    .until(() -> RESOURCE_FAILURE.matcher(baton.stdout()).find());
                assertTrue(baton.isAlive());
                assertEquals(0, baton.stop(), baton.stderr());
            } finally {
                for (final RawHttp c : clients) {
                    c.close();
                }
                baton.close();
            }
        }
    }

    private static int statusOf(final RawHttp c) {
        try {
            return c.read().status;
        } catch (final IOException e) {
            return -1;
        }
    }
}
