package dev.baton.reactor;

import dev.baton.io.BufferPool;
import dev.baton.io.Channels;
import dev.baton.io.Selectable;
import dev.baton.io.SelectorOwner;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.tinylog.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
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
 * talk to it only through the daemon's typed {@code ReactorProxy}, whose named methods send commands through
 * {@link #execute(ReactorCommand)}, which queues a command in a bounded inbox and wakes the selector when it may
 * be blocked, coalescing wake-ups with one flag, or {@link #executeCoalesced(CoalescedCommand)} for the requests
 * that must never be refused.
 *
 * <p>One turn, in a fixed order with bounded drains and one clock reading: select (blocking at most until
 * the next timer tick, not at all when commands or heavy tasks are waiting) → ready keys → at most
 * {@link #COMMAND_DRAIN_LIMIT} commands, then as many coalesced ones → at most {@link #TIMER_POLL_LIMIT}
 * timers → at most one heavy task ({@link #queueHeavy}); after a turn of {@link #YIELD_AFTER_WORK} items or more
 * the thread yields its CPU ({@link #afterTurn}). {@link #runOnce} is public so tests can drive turns by hand with
 * their own clock.
 *
 * <p>A selection that keeps failing is not retried forever: after {@link #SELECT_FAILURES_BEFORE_REBUILD}
 * failures in a row the selector is rebuilt (as Jetty's ManagedSelector and Netty's NioIoHandler do): a new one
 * is opened, every valid key's channel registered on it with the same interest set and attachment, each
 * attachment told its new key ({@link Selectable#rekeyed}), and the old selector closed. {@link #selector()}
 * returns the new one from then on. While no new selector can be opened (descriptors exhausted), the loop waits
 * {@link #REBUILD_RETRY_NS} between attempts instead of spinning, and logs at most once a second.
 */
public final class Reactor implements Runnable, SelectorOwner {
    public static final int COMMAND_DRAIN_LIMIT = 256;
    public static final int TIMER_POLL_LIMIT = 1024;
    /** Selections failing in a row before the selector is rebuilt. */
    public static final int SELECT_FAILURES_BEFORE_REBUILD = 3;
    /** Pause between rebuild attempts while none succeeds: the only time a reactor waits outside select. */
    public static final long REBUILD_RETRY_NS = 10_000_000L;
    private static final int INBOX_CAPACITY = 16 * 1024;
    /**
     * Work (ready keys, commands, timers) in one turn from which the loop gives up its CPU before the next turn
     * ({@link Thread#yield}, sched_yield): see {@link #run}.
     */
    public static final int YIELD_AFTER_WORK = Integer.getInteger("baton.yieldAfter", 8);

    private final int id;
    /** Replaced only by this reactor's thread (a rebuild); read by any thread to wake it. */
    private volatile Selector selector;
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
    private final DeferredCloses deferredCloses = new DeferredCloses();
    /** Work asked for while this turn's ready keys are handled, run once they all are ({@link #afterEvents}). */
    private final ArrayList<Runnable> afterEvents = new ArrayList<>();
    /** Channels that join the selector only if they still want an event when it next selects ({@link #beforeSelection}). */
    private final ArrayList<SelectorOwner.DeferredRegistration> registrations = new ArrayList<>();
    /** Channels no selector knows, closed at the end of this turn ({@link #closeUnregistered}). */
    private final ArrayList<Channel> unregisteredCloses = new ArrayList<>();
    /** Heavy tasks waiting for their turn ({@link #queueHeavy}). */
    private final HeavyTasks heavy = new HeavyTasks();
    private final Consumer<SelectionKey> dispatchKey = this::dispatch;
    private final Consumer<ReactorCommand> runCommand = this::runCommand;
    private final SelectorRecovery recovery;

    private volatile Thread thread;
    private Runnable yielder = Thread::yield;
    private boolean yieldAfterBatches = true;
    private volatile boolean stopRequested;
    private long nowNs;
    private boolean clockReadThisTurn;
    private boolean selecting;

    public Reactor(final int id, final NanoClock clock, final BufferPool buffers) {
        this(id, clock, buffers, Selector::open);
    }

    /**
     * With the selectors {@code selectorOpener} opens: the first one now, others if a rebuild is needed. For tests
     * that give a reactor a broken selector; the daemon's reactors use {@link Selector#open()}.
     */
    public Reactor(final int id, final NanoClock clock, final BufferPool buffers, final SelectorOpener selectorOpener) {
        this.id = id;
        this.clock = clock;
        this.buffers = buffers;
        this.recovery = new SelectorRecovery(id, clock, selectorOpener, fresh -> selector = fresh);
        this.nowNs = clock.nanoTime();
        this.timers = new ReactorTimers(nowNs, this::inReactorThread);
        try {
            this.selector = selectorOpener.open();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot open selector", e);
        }
    }

    /** 0-based index of this reactor; HAProxy's thread number is {@code id + 1}. */
    public int id() {
        return id;
    }

    /** The selector every channel of this reactor is registered on; a new one after a rebuild. */
    @Override
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

    /**
     * True when called from this reactor's thread, or when no thread runs it (a test driving it by hand, or after
     * its thread ended: its state is then nobody's, and the daemon's stop may close what is left).
     */
    @Override
    public boolean inReactorThread() {
        final Thread t = thread;
        return t == null || t == Thread.currentThread();
    }

    /**
     * Any thread. Runs {@code command} on this reactor: at once when called from its own thread, else
     * queued and the selector woken. Returns false when the inbox is full (the command was not queued; counted in
     * {@link ReactorStats#commandsRejected}). The transport of {@code dev.baton.ReactorProxy}, which production code goes
     * through; tests submit commands of their own.
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
     * Any thread, the owner's included. Like {@link #executeCoalesced} but never inline: {@code command} is queued
     * (unless it is queued already) and runs in a coming coalesced drain, later in this turn when asked from the
     * owner's own drain, else in the next turn. For hand-overs that may be asked from deep inside another
     * handler's call stack on the owner's thread (a queue slot freed by a stream that is ending), where running the
     * command at once would re-enter that handler's session (docs/queues.md §2.3, 4).
     */
    public void executeCoalescedLater(final CoalescedCommand command) {
        if (command.claim()) {
            coalesced.offer(command);
            if (thread != Thread.currentThread()) {
                wakeup();
            }
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
                afterTurn(runOnce(true));
            }
        } catch (final RuntimeException | Error e) {
            Logger.error(e, "reactor {} stopped on an unexpected error", id + 1);
            throw e;
        } finally {
            closeSelector();
            deferredCloses.closeAll();
            closeAtTurnEnd();
            thread = null;
        }
    }

    /**
     * After a turn that handled a batch ({@link #YIELD_AFTER_WORK} or more), the loop lets the other threads runnable on
     * its CPU go first. Two busy reactors that the kernel has put on one CPU never block in select (each finds its
     * clients' requests piled up while the other ran), so the scheduler alone would alternate them in slices of 3-8
     * ms, and every client of the waiting one would wait that long: measured as the bursts that made baton's p99
     * 1.2-1.4x HAProxy's with two threads under a closed loop (bench S2). Yielding after each batch turns those slices
     * into turns. With nothing else runnable on the CPU the call returns at once (a few hundred ns, after at least 8
     * items of work); light load, a turn of one or two items, never yields. A reactor that cannot share a CPU with a
     * sibling ({@code nbthread 1}, or {@code cpu-map} with disjoint CPUs) does not yield at all ({@link ReactorGroup}).
     */
    void afterTurn(final int work) {
        if (work >= YIELD_AFTER_WORK && yieldAfterBatches) {
            yielder.run();
        }
    }

    /** Whether {@link #afterTurn} yields after a batch ({@link ReactorGroup#mayShareCpus}). Before {@link #run}. */
    void yieldAfterBatches(final boolean yield) {
        this.yieldAfterBatches = yield;
    }

    boolean yieldsAfterBatches() {
        return yieldAfterBatches;
    }

    /** Tests watch the yields; the daemon's reactors use {@link Thread#yield}. Before {@link #run} starts. */
    void yielder(final Runnable yielder) {
        this.yielder = yielder;
    }

    /**
     * One turn of the loop. With {@code mayBlock} false the selection does not wait (tests drive turns
     * by hand with a hand clock this way). Returns the amount of work done: keys, commands and timers.
     */
    public int runOnce(final boolean mayBlock) {
        int work = 0;
        IOException failure = null;
        heavy.newTurn();
        registerDeferred();
        // channels whose keys were cancelled last turn: this selection drops the keys, then they close
        final boolean closesWait = deferredCloses.beforeSelect();
        selecting = true;
        try {
            // work asked for after the events outside a selection (a timer's, a command's) runs after this one:
            // it must not wait for the next timer
            final boolean idle = inbox.isEmpty() && coalesced.isEmpty() && !closesWait && heavy.isEmpty()
                && afterEvents.isEmpty();
            final long blockMs = mayBlock && idle ? timers.blockMs(clock.nanoTime()) : 0;
            clockReadThisTurn = false;
            if (blockMs == 0) {
                work = selector.selectNow(dispatchKey);
            } else {
                work = selector.select(dispatchKey, Math.max(blockMs, 0));
            }
        } catch (final IOException e) {
            failure = e;
        } finally {
            selecting = false;
        }
        deferredCloses.afterSelect();
        work += runAfterEvents();
        if (failure == null) {
            recovery.onSelectSuccess();
        } else {
            recovery.onSelectFailure(failure, selector);
        }
        wakeupPending.set(false);
        nowNs = clock.nanoTime();
        work += inbox.drain(runCommand, COMMAND_DRAIN_LIMIT);
        work += runCoalesced();
        work += timers.poll(nowNs, TIMER_POLL_LIMIT);
        if (heavy.runOne(id)) {
            work++;
            stats.heavyTasks.increment();
        }
        closeAtTurnEnd();
        stats.loops.increment();
        return work;
    }

    /**
     * Closes {@code channel}, which no selector knows (a lazily registered client that never needed an event), once
     * this turn's work is done: no selection is needed, but the descriptors of the clients an accept burst could not
     * serve (their server connection found no descriptor) stay taken until the burst ends, so that the accept loop
     * meets EMFILE and pauses, leaving the other clients in the backlog, instead of accepting and closing them one
     * after the other. At once off the running loop's thread.
     */
    @Override
    public void closeUnregistered(final Channel channel) {
        if (thread == Thread.currentThread()) {
            unregisteredCloses.add(channel);
        } else {
            Channels.closeQuietly(channel);
        }
    }

    private void closeAtTurnEnd() {
        final int n = unregisteredCloses.size();
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            Channels.closeQuietly(unregisteredCloses.get(i));
        }
        unregisteredCloses.clear();
    }

    /**
     * Closes {@code channel}, whose key on this reactor's selector was just cancelled, once the next selection has
     * dropped that key ({@link DeferredCloses}: the close is then a plain close, without the JDK's SO_LINGER read and
     * shutdown). At once when called off the running loop's thread (a test driving turns by hand, a stop).
     */
    @Override
    public void closeDeregistered(final Channel channel) {
        if (thread == Thread.currentThread()) {
            deferredCloses.add(channel);
        } else {
            Channels.closeQuietly(channel);
        }
    }

    /**
     * Runs {@code task} once every key made ready by this turn's selection has been handled: a new client's first
     * read is asked for this way from the accept loop, so that a burst of accepts is not held up by their requests and
     * the requests have a little longer to arrive (HAProxy's accepted connections first run as tasklets after the
     * poller's events, alike). Asked outside a selection, it runs after the next one. Reactor thread.
     */
    public void afterEvents(final Runnable task) {
        afterEvents.add(task);
    }

    /**
     * Queues {@code registration} for just before the next selection: a new client whose first read found its whole
     * request then wants no event, and never joins the selector (no epoll_ctl to add it nor to remove it, and a plain
     * close). Reactor thread.
     */
    @Override
    public void beforeSelection(final SelectorOwner.DeferredRegistration registration) {
        registrations.add(registration);
    }

    private void registerDeferred() {
        final int n = registrations.size();
        if (n == 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            registrations.get(i).registerIfWanted();
        }
        registrations.clear();
    }

    /**
     * Queues heavy work (a TLS handshake step: hundreds of microseconds of the private key's computation): heavy tasks
     * run one per turn, after this turn's events, commands and timers, so that a burst of handshakes delays the
     * reactor's other connections by one handshake per turn, not by all of them (HAProxy 2.6 runs at most one
     * {@code TL_HEAVY} tasklet, where its TLS handshakes go, per pass of its scheduler, after the other classes).
     * While tasks wait, the selection does not block. Returns true when {@code task} will run in this turn; false when
     * it waits for a later one: the caller then stops asking for its events meanwhile (the socket's interest), else a
     * level-triggered selector would report the same readiness every turn ({@link HeavyStep} does both for a
     * connection). Reactor thread.
     */
    public boolean queueHeavy(final Runnable task) {
        return heavy.add(task);
    }

    /** Heavy tasks waiting (tests). */
    public int heavyQueued() {
        return heavy.size();
    }

    /** Runs the tasks asked for so far; those they ask for in turn wait for the next selection. No allocation. */
    private int runAfterEvents() {
        final int n = afterEvents.size();
        if (n == 0) {
            return 0;
        }
        // These tasks read bytes that may have arrived after this turn's clock reading (a new client's request):
        // a deadline they start (a tarpit, a request timeout) must not begin before the bytes came.
        nowNs = clock.nanoTime();
        clockReadThisTurn = true;
        for (int i = 0; i < n; i++) {
            try {
                afterEvents.get(i).run();
            } catch (final RuntimeException e) {
                Logger.error(e, "reactor {}: task failed", id + 1);
            }
        }
        if (afterEvents.size() == n) {
            afterEvents.clear();
        } else {
            afterEvents.subList(0, n).clear(); // rare: a task asked for another
        }
        return n;
    }

    /** Channels waiting for the next selection to close (tests). */
    int closesPending() {
        return deferredCloses.pending();
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
        SelectorRecovery.closeQuietly(selector, id);
    }

    @Override
    public String toString() {
        return "reactor-" + (id + 1);
    }

    /** Opens a reactor's selectors: {@link Selector#open()}, or a test's. */
    @FunctionalInterface
    public interface SelectorOpener {
        Selector open() throws IOException;
    }
}
