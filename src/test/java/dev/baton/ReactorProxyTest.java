package dev.baton;

import dev.baton.io.BufferPool;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The typed way into a running reactor, and the owner-only parts that refuse any other thread. */
class ReactorProxyTest {
    private final Reactor reactor = new Reactor(0, new SystemNanoClock(), new BufferPool(1024, 4));
    private Thread thread;

    @AfterEach
    void stop() throws InterruptedException {
        if (thread != null) {
            new ReactorProxy(reactor).stop();
            thread.join(5_000);
            assertFalse(thread.isAlive());
        }
    }

    /** Starts the reactor's thread and waits for its first turn (from then on it is the reactor's thread). */
    private void start() {
        thread = new Thread(reactor, "test-reactor");
        thread.start();
        reactor.wakeup();
        await("the reactor turned").atMost(Duration.ofSeconds(5)).until(() -> reactor.stats().loops.get() > 0);
    }

    @Test
    void controlCommandsRunOnTheReactorThread() throws Exception {
        start();
        final CompletableFuture<String> killedOn = new CompletableFuture<>();
        final CompletableFuture<String> drainedOn = new CompletableFuture<>();
        assertTrue(new ReactorProxy(reactor).killAll(() -> killedOn.complete(Thread.currentThread().getName())));
        assertTrue(new ReactorProxy(reactor).softStop(() -> drainedOn.complete(Thread.currentThread().getName())));
        assertEquals("test-reactor", killedOn.get(5, TimeUnit.SECONDS));
        assertEquals("test-reactor", drainedOn.get(5, TimeUnit.SECONDS), "no stream: drained at once");
    }

    @Test
    void aRetriedControlCommandGivesUpOnAnInboxThatStaysFull() {
        int queued = 0;
        while (reactor.execute(r -> { })) {
            queued++;
        }
        final long rejectedBefore = reactor.stats().commandsRejected.get();
        final AtomicInteger killed = new AtomicInteger();
        final long start = System.nanoTime();

        assertFalse(new ReactorProxy(reactor).killAll(killed::incrementAndGet), "never taken: the reactor does not run");

        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(ReactorProxy.CONTROL_TIMEOUT_MS),
            "retried for the whole control timeout");
        assertTrue(reactor.stats().commandsRejected.get() > rejectedBefore, "refusals counted");
        assertTrue(queued > 0);
        assertEquals(0, killed.get());
    }

    @Test
    void theTimersOfARunningReactorRefuseAnyOtherThread() {
        start();
        assertThrows(AssertionError.class, () -> reactor.timers().schedule(0, (now, id) -> { }));
        assertThrows(AssertionError.class, () -> reactor.timers().cancel(1));
        assertThrows(AssertionError.class, () -> reactor.timers().poll(0, 1));
    }
}
