package dev.baton.stats.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code set server ... state maint|drain|ready} under a steady flow of short connections: once the command
 * is answered, no new connection reaches the server; connections it already had carry on; back to ready, it
 * takes traffic again.
 */
class MaintenanceTrafficTest {
    /** Upper bound on the connections one test makes. */
    private static final int MAX_VISITS = 20_000;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** A client thread visiting baton in a loop, recording which server answered each visit, in order. */
    private static final class Flow implements AutoCloseable {
        final List<String> servers = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean stop = new AtomicBoolean();
        private final ExecutorService thread = Executors.newSingleThreadExecutor();
        private final Future<?> done;

        Flow(final int port) {
            done = thread.submit(() -> {
                for (int i = 0; i < MAX_VISITS && !stop.get(); i++) {
                    servers.add(EchoPair.visit(port));
                }
                return null;
            });
        }

        int size() {
            return servers.size();
        }

        /** The servers of the visits from index {@code from} on. */
        List<String> since(final int from) {
            synchronized (servers) {
                return new ArrayList<>(servers.subList(from, servers.size()));
            }
        }

        long countSince(final int from, final String server) {
            return since(from).stream().filter(server::equals).count();
        }

        /** Stops the loop; fails if a visit failed. */
        @Override
        public void close() {
            stop.set(true);
            thread.shutdown();
            try {
                assertTrue(thread.awaitTermination(10, TimeUnit.SECONDS));
                done.get();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            } catch (final ExecutionException e) {
                throw new AssertionError("a visit failed", e.getCause());
            }
        }
    }

    @Test
    void maintenanceAndDrainKeepNewConnectionsAwayUntilReady() throws Exception {
        try (EchoPair echo = new EchoPair();
             CliDaemon d = CliDaemon.start(dir, echo.s1.port(), echo.s2.port(), "roundrobin");
             Flow flow = new Flow(d.frontendPort())) {
            await().atMost(WAIT).until(() -> flow.countSince(0, "s1") >= 5 && flow.countSince(0, "s2") >= 5);
            for (final String state : List.of("maint", "drain")) {
                try (Socket established = EchoPair.open(d.frontendPort())) {
                    final String server = EchoPair.greeting(established);
                    final String other = server.equals("s1") ? "s2" : "s1";
                    assertEquals("\n", CliClient.exchange(d.admin, "set server be/" + server + " state " + state));
                    // Visits still under way when the command ran may have picked the server just before.
                    final int cut = flow.size() + 1;
                    await().atMost(WAIT).until(() -> flow.size() >= cut + 200);
                    assertEquals(0, flow.countSince(cut, server), state + ": " + flow.since(cut));
                    assertEquals("still here", EchoPair.echo(established, "still here"),
                        "an established connection outlives " + state);
                    assertEquals("\n", CliClient.exchange(d.admin, "set server be/" + server + " state ready"));
                    final int back = flow.size();
                    await().atMost(WAIT).until(() -> flow.countSince(back, server) >= 5);
                    assertTrue(flow.countSince(back, other) >= 1);
                }
            }
        }
    }

    @Test
    void aBackendWithEveryServerInMaintenanceRefusesClients() throws Exception {
        try (EchoPair echo = new EchoPair();
             CliDaemon d = CliDaemon.start(dir, echo.s1.port(), echo.s2.port(), "roundrobin")) {
            assertEquals("\n\n", CliClient.exchange(d.admin, "disable server be/s1;disable server be/s2"));
            // slim is the backend's fullconn, a tenth of the global maxconn the file limit gives
            assertTrue(Pattern.compile("\nbe,BACKEND,0,0,0,0,\\d+,0,0,0,0,0,,0,0,0,0,DOWN,0,0,0,")
                .matcher(CliClient.exchange(d.admin, "show stat")).find());
            try (Socket s = EchoPair.open(d.frontendPort())) {
                assertEquals(-1, s.getInputStream().read(), "no server: the client is closed");
            } catch (final IOException reset) {
                // a reset is a refusal too
            }
            assertEquals("\n", CliClient.exchange(d.admin, "enable server be/s2"));
            assertEquals("s2", EchoPair.visit(d.frontendPort()));
        }
    }
}
