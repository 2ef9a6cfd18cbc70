package dev.baton.reactor;

import dev.baton.io.BufferPool;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.tinylog.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One selector thread and everything it owns: its {@link Selector} and every channel registered on it,
 * a command inbox, a timer wheel and a buffer pool (DESIGN.md §1).
 *
 * <p>Thread model: every method not marked "any thread" runs on the reactor's own thread. Other threads
 * talk to it only through {@link #execute(ReactorCommand)}, which queues a command in a bounded inbox and
 * wakes the selector when it may be blocked, coalescing wake-ups with one flag, and through
 * {@link #executeCoalesced(CoalescedCommand)} for the requests that must never be refused.
 *
 * <p>One turn, in a fixed order with bounded drains and one clock reading: select (blocking at most until
 * the next timer tick, not at all when commands are waiting) → ready keys → at most
 * {@link #COMMAND_DRAIN_LIMIT} commands, then as many coalesced ones → at most {@link #TIMER_POLL_LIMIT}
 * timers. {@link #runOnce} is public so tests can drive turns by hand with their own clock.
 */
public final class Reactor implements Runnable {
    public static final int COMMAND_DRAIN_LIMIT = 256;
    public static final int TIMER_POLL_LIMIT = 1024;
    private static final int INBOX_CAPACITY = 16 * 1024;

    private final int id;
    private final Selector selector;
    private final NanoClock clock;
    private final ManyToOneConcurrentArrayQueue<ReactorCommand> inbox =
        new ManyToOneConcurrentArrayQueue<>(INBOX_CAPACITY);
    /** Unbounded, but each {@link CoalescedCommand} is in it at most once: as long as the number of them. */
    private final Queue<CoalescedCommand> coalesced = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ReactorTimers timers;
    private final BufferPool buffers;
    private final ReactorStats stats = new ReactorStats();
    private final LiveSet live = new LiveSet();
    private final Consumer<SelectionKey> dispatchKey = this::dispatch;
    private final Consumer<ReactorCommand> runCommand = this::runCommand;

    private volatile Thread thread;
    private volatile boolean stopRequested;
    private long nowNs;
    private boolean clockReadThisTurn;
    private boolean selecting;

    public Reactor(final int id, final NanoClock clock, final BufferPool buffers) {
        this.id = id;
        this.clock = clock;
        this.buffers = buffers;
        this.nowNs = clock.nanoTime();
        this.timers = new ReactorTimers(nowNs);
        try {
            this.selector = Selector.open();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open selector", e);
        }
    }

    /** 0-based index of this reactor; HAProxy's thread number is {@code id + 1}. */
    public int id() {
        return id;
    }

    public Selector selector() {
        return selector;
    }

    public ReactorTimers timers() {
        return timers;
    }

    public BufferPool buffers() {
        return buffers;
    }

    /** Counters written by this reactor only; any thread may read them. */
    public ReactorStats stats() {
        return stats;
    }

    /** The streams this reactor serves now. */
    public LiveSet live() {
        return live;
    }

    /** The time read at the start of this turn's work. */
    public long nowNs() {
        return nowNs;
    }

    /**
     * True while this reactor is inside its selection operation, which is when ready keys are dispatched to
     * their handlers: a handler cannot start another selection on this selector (NIO refuses a selection
     * inside a selection). This reactor's thread only.
     */
    public boolean isSelecting() {
        return selecting;
    }

    /** True when called from this reactor's thread (or from a test driving it by hand). */
    public boolean inReactorThread() {
        final Thread t = thread;
        return t == null || t == Thread.currentThread();
    }

    /**
     * Any thread. Runs {@code command} on this reactor: at once when called from its own thread, else
     * queued and the selector woken. Returns false when the inbox is full (the command was not queued).
     */
    public boolean execute(final ReactorCommand command) {
        if (thread == Thread.currentThread()) {
            command.run(this);
            return true;
        }
        if (!inbox.offer(command)) {
            stats.commandsRejected.increment();
            return false;
        }
        wakeup();
        return true;
    }

    /**
     * Any thread. Runs {@code command} on this reactor: at once when called from its own thread, else queued
     * unless it is queued already, and the selector woken. Never refused and never lost (see
     * {@link CoalescedCommand}); it runs in the next turn after the last request.
     */
    public void executeCoalesced(final CoalescedCommand command) {
        if (thread == Thread.currentThread()) {
            command.runInline(this);
        } else if (command.claim()) {
            coalesced.offer(command);
            wakeup();
        }
    }

    /**
     * Any thread but this reactor's: {@link #execute}, retried while the inbox is full, for up to
     * {@code timeoutMs}; for control commands that must not be lost (stop, kill). Returns false if it never
     * got in (logged).
     */
    public boolean executeSurely(final ReactorCommand command, final long timeoutMs) {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!execute(command)) {
            if (System.nanoTime() - deadline >= 0) {
                Logger.error("reactor {}: command inbox full for {} ms, a control command was dropped", id + 1,
                    timeoutMs);
                return false;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return true;
    }

    /** Any thread. Wakes the selector if no wake-up is pending already. */
    public void wakeup() {
        if (wakeupPending.compareAndSet(false, true)) {
            stats.wakeups.increment();
            selector.wakeup();
        }
    }

    /** Any thread. Asks the loop to end after its current turn. */
    public void requestStop() {
        stopRequested = true;
        wakeup();
    }

    public boolean isStopRequested() {
        return stopRequested;
    }

    /** The thread body: turns until {@link #requestStop()}, then closes the selector. */
    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            while (!stopRequested) {
                runOnce(true);
            }
        } catch (final RuntimeException | Error e) {
            Logger.error(e, "reactor {} stopped on an unexpected error", id + 1);
            throw e;
        } finally {
            closeSelector();
        }
    }

    /**
     * One turn of the loop. With {@code mayBlock} false the selection does not wait (tests drive turns
     * by hand with a hand clock this way). Returns the amount of work done: keys, commands and timers.
     */
    public int runOnce(final boolean mayBlock) {
        int work;
        selecting = true;
        try {
            final boolean idle = inbox.isEmpty() && coalesced.isEmpty();
            final long blockMs = mayBlock && idle ? timers.blockMs(clock.nanoTime()) : 0;
            clockReadThisTurn = false;
            if (blockMs == 0) {
                work = selector.selectNow(dispatchKey);
            } else {
                work = selector.select(dispatchKey, Math.max(blockMs, 0));
            }
        } catch (final IOException e) {
            Logger.error(e, "reactor {}: select failed", id + 1);
            work = 0;
        } finally {
            selecting = false;
        }
        wakeupPending.set(false);
        nowNs = clock.nanoTime();
        work += inbox.drain(runCommand, COMMAND_DRAIN_LIMIT);
        work += runCoalesced();
        work += timers.poll(nowNs, TIMER_POLL_LIMIT);
        stats.loops.increment();
        return work;
    }

    private void dispatch(final SelectionKey key) {
        if (!clockReadThisTurn) {
            // Read the clock once per turn, after select returned, so handlers see a fresh nowNs.
            clockReadThisTurn = true;
            nowNs = clock.nanoTime();
        }
        final Object attachment = key.attachment();
        if (!key.isValid() || !(attachment instanceof Selectable)) {
            return;
        }
        stats.events.increment();
        try {
            ((Selectable) attachment).onSelected(key, key.readyOps());
        } catch (final RuntimeException e) {
            Logger.error(e, "reactor {}: handler failed for {}", id + 1, attachment);
        }
    }

    private void runCommand(final ReactorCommand command) {
        try {
            command.run(this);
        } catch (final RuntimeException e) {
            Logger.error(e, "reactor {}: command failed", id + 1);
        }
    }

    /** Runs at most {@link #COMMAND_DRAIN_LIMIT} coalesced commands, in the order they were asked for. */
    private int runCoalesced() {
        int n = 0;
        CoalescedCommand c;
        while (n < COMMAND_DRAIN_LIMIT && (c = coalesced.poll()) != null) {
            n++;
            try {
                c.run(this);
            } catch (final RuntimeException e) {
                Logger.error(e, "reactor {}: command failed", id + 1);
            }
        }
        return n;
    }

    private void closeSelector() {
        try {
            selector.close();
        } catch (final IOException e) {
            Logger.warn(e, "reactor {}: closing selector", id + 1);
        }
    }

    @Override
    public String toString() {
        return "reactor-" + (id + 1);
    }
}
