package dev.baton.reactor;

import dev.baton.io.BufferPool;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

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
            reactor.proxy().stop();
            thread.join(5_000);
            assertFalse(thread.isAlive());
        }
    }

    private void start() {
        thread = new Thread(reactor, "test-reactor");
        thread.start();
    }

    @Test
    void controlCommandsRunOnTheReactorThread() throws Exception {
        start();
        final CompletableFuture<String> killedOn = new CompletableFuture<>();
        final CompletableFuture<String> drainedOn = new CompletableFuture<>();
        assertTrue(reactor.proxy().killAll(() -> killedOn.complete(Thread.currentThread().getName())));
        assertTrue(reactor.proxy().softStop(() -> drainedOn.complete(Thread.currentThread().getName())));
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

        assertFalse(reactor.proxy().killAll(killed::incrementAndGet), "never taken: the reactor does not run");

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
