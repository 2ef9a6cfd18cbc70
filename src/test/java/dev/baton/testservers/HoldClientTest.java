package dev.baton.testservers;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code hold} client against an in-process {@link HttpBackend}: one request per connection, then idle. */
class HoldClientTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    private HttpBackend backend;

    @AfterEach
    void tearDown() {
        if (backend != null) {
            backend.close();
        }
    }

    private String output() {
        return output.toString(StandardCharsets.UTF_8);
    }

    @Test
    void holdsEveryConnectionIdleAfterOneRequestUntilStopped() throws Exception {
        backend = HttpBackend.start(new HttpBackend.Options().name("b"));
        final int connections = 300;
        // a small pending bound, so that the client has to open its connections in several waves
        final HoldClient client = new HoldClient(new HoldClient.Options().target("127.0.0.1", backend.port())
                .connections(connections).seconds(3600).maxPending(32), out);
        final CompletableFuture<Integer> status = CompletableFuture.supplyAsync(client::run);

        await().atMost(WAIT).until(() -> output().contains("holding " + connections + "\n"));
        assertEquals(connections, client.held());
        assertEquals(connections, backend.requestsServed(), "one request per connection");
        assertEquals(connections, backend.openConnections(), "all still open while held");

        client.stop();
        assertEquals(0, status.get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertTrue(client.awaitFinished(1, TimeUnit.SECONDS));
        assertTrue(output().endsWith("closed " + connections + ", failed 0\n"), output());
        await().atMost(WAIT).until(() -> backend.openConnections() == 0);
        assertEquals(connections, backend.connectionsAccepted());
    }

    @Test
    void closesByItselfOnceTheSecondsHavePassed() throws Exception {
        backend = HttpBackend.start(new HttpBackend.Options().name("b"));
        final HoldClient client = new HoldClient(new HoldClient.Options().target("127.0.0.1", backend.port())
                .connections(5).seconds(0).path("/size/100"), out);

        assertEquals(0, client.run());
        assertEquals("holding 5\nclosed 5, failed 0\n", output());
        await().atMost(WAIT).until(() -> backend.openConnections() == 0);
    }

    @Test
    void countsEachFailureByReasonAndExitsWithOne() throws Exception {
        backend = HttpBackend.start(new HttpBackend.Options().name("b"));
        final HoldClient client = new HoldClient(new HoldClient.Options().target("127.0.0.1", backend.port())
                .connections(4).seconds(0).path("/status/503"), out);

        assertEquals(1, client.run());
        assertEquals("holding 0\nfailed 4 status 503\nclosed 4, failed 4\nfailed 4 status 503\n", output());
    }

    @Test
    void aServerThatNeverAnswersFailsTheConnectionAfterTheTimeout() throws Exception {
        backend = HttpBackend.start(new HttpBackend.Options().name("b"));
        final HoldClient client = new HoldClient(new HoldClient.Options().target("127.0.0.1", backend.port())
                .connections(2).seconds(0).path("/misbehave/hang").timeoutMs(200), out);

        assertEquals(1, client.run());
        assertTrue(output().startsWith("holding 0\nfailed 2 no complete response within 200 ms (reading)\n"),
                output());
    }

    @Test
    void commandLineNeedsTargetConnectionsAndSeconds() throws Exception {
        final HoldClient.Options ok = HoldClient.parse(new String[] {"hold", "--target", "127.0.0.1:8080",
            "--connections=10", "--seconds", "5", "--path", "/x"});
        assertTrue(ok != null);
        assertThrows(TestServers.UsageException.class,
                () -> HoldClient.parse(new String[] {"hold", "--target", "127.0.0.1:8080", "--seconds", "5"}));
        assertThrows(TestServers.UsageException.class, () -> HoldClient.parse(new String[] {"hold",
            "--target", "8080", "--connections", "1", "--seconds", "5"}));
        assertThrows(TestServers.UsageException.class, () -> HoldClient.parse(new String[] {"hold",
            "--target", "127.0.0.1:8080", "--connections", "0", "--seconds", "5"}));
    }
}
