package dev.baton.stream;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import dev.baton.counters.Counter;
import dev.baton.config.HttpReuse;
import dev.baton.log.StreamLogFields;
import dev.baton.queue.BackendQueues;
import dev.baton.queue.QueueEntry;
import dev.baton.queue.QueueWaiter;
import dev.baton.reactor.LazyTimer;
import dev.baton.reactor.Reactor;

/**
 * The wait of a {@link ServerLeg} in its backend's queues (docs/queues.md) and the figures of it the log shows:
 * Tw (from the leg's {@code begin} to holding a slot or leaving the queue), and the positions in the server's and
 * the backend's queue ({@code %sq}, {@code %bq}). When every usable server is full the leg waits
 * ({@link ServerLeg#QUEUED}) until this reactor's {@link dev.baton.queue.QueueInbox} drain tells
 * {@link #onQueueGranted} (a slot is handed over: the leg connects exactly as on the direct path) or
 * {@link #onQueueRequeued} (it must pick again), until {@link #timedOut} at {@link #deadlineNs()}, or until the
 * stream leaves ({@link #leave}). The leg's state it changes (server, counters, fail cause) is the leg's to log.
 *
 * <p>One per leg, made with it. Owner reactor's thread only; no allocation but the queue entry on first wait (and
 * a fresh one in the rare case the last one's grant is still on its way through the inbox).
 */
final class LegQueueWait implements QueueWaiter {
    private final ServerLeg leg;
    private final Reactor reactor;

    /** Made on the first wait; replaced only when a grant of an ended wait is still on its way (QueueEntry). */
    private QueueEntry entry;
    /** Waiting in a queue (or its hand-over is on its way here). */
    private boolean queued;
    /** The server whose queue it waits in; null for the backend's. */
    private Server queuedOn;
    private long beganNs;
    private long deadlineNs = LazyTimer.NONE;
    /** Tw: from the leg's {@code begin} to holding a slot (or leaving the queue); -1 until then. */
    private long waitMs = -1;
    private long srvQueuePos;
    private long backendQueuePos;
    /** Where the request stands in a queue: class (lower first), offset in ms added to its arrival. */
    private int priorityClass;
    private long priorityOffsetMs;
    /** What {@link ServerLeg#connect} is to be called with once a queued wait gets its slot. */
    private boolean pendingFirst;
    private HttpReuse pendingReuse;

    LegQueueWait(final ServerLeg leg) {
        this.leg = leg;
        this.reactor = leg.reactor;
    }

    /** A request (or tcp stream) begins at {@code nowNs}: Tw counts from then, with no priority nor position yet. */
    void begin(final long nowNs) {
        beganNs = nowNs;
        priorityClass = 0;
        priorityOffsetMs = 0;
        waitMs = -1;
        srvQueuePos = 0;
        backendQueuePos = 0;
    }

    /** {@code set-priority-class} and {@code set-priority-offset} of the request. */
    void priority(final int cls, final long offsetMs) {
        this.priorityClass = cls;
        this.priorityOffsetMs = offsetMs;
    }

    /** What the leg connects with once a wait gets its slot. */
    void pending(final boolean firstRequest, final HttpReuse reuse) {
        pendingFirst = firstRequest;
        pendingReuse = reuse;
    }

    /**
     * Waits in {@code target}'s queue, or the backend's (target null): {@link ServerLeg#QUEUED}, or {@link
     * ServerLeg#FAILED} ({@code SQ}, counted as a connect error) when {@code maxqueue} is reached.
     */
    int enqueue(final Server target) {
        QueueEntry e = entry;
        if (e == null || e.state() != QueueEntry.IDLE) {
            e = new QueueEntry(leg.balancers.queueInbox(), this);
            entry = e;
        }
        final Backend backend = leg.backend;
        final long nowNs = reactor.nowNs();
        if (backend.queues().enqueue(e, target, nowNs / 1_000_000L, priorityClass, priorityOffsetMs)
            == BackendQueues.QUEUE_FULL) {
            leg.count(Counter.CONNECT_ERRORS);
            target.counters().increment(reactor.id(), Counter.CONNECT_ERRORS);
            leg.failCause = 'S';
            leg.failState = 'Q';
            return ServerLeg.FAILED;
        }
        queued = true;
        queuedOn = target;
        final long ms = backend.config().timeouts().queueMs();
        deadlineNs = ms > 0 ? nowNs + ms * 1_000_000L : LazyTimer.NONE;
        return ServerLeg.QUEUED;
    }

    /** Owner's thread, from the queue inbox: a slot of {@code granted} is held for this stream; connect to it. */
    @Override
    public void onQueueGranted(final Server granted) {
        if (!queued) {
            granted.release(); // the wait already ended here: the slot is not ours to keep
            return;
        }
        queued = false;
        takeGrant(granted);
        leg.stream.onServerLegOutcome(connectAfterWait());
    }

    /** Owner's thread, from the queue inbox: the wait ended without a slot; pick again (docs/queues.md Q10, Q16). */
    @Override
    public void onQueueRequeued() {
        if (!queued) {
            return;
        }
        queued = false;
        noteQueuePositions();
        leg.stream.onServerLegOutcome(leg.pickAgain());
    }

    /** See {@link ServerLeg#queueTimedOut}. */
    int timedOut() {
        final int state = cancelWait();
        if (state == QueueEntry.GRANTED) {
            takeGrant(entry.markStale());
            return connectAfterWait();
        }
        noteQueuePositions();
        if (state == QueueEntry.REQUEUED) {
            entry.markStale();
            return leg.pickAgain();
        }
        stampWait();
        leg.count(Counter.CONNECT_ERRORS); // as HAProxy does
        if (queuedOn != null) {
            queuedOn.counters().increment(reactor.id(), Counter.CONNECT_ERRORS);
        }
        leg.failCause = 's';
        leg.failState = 'Q';
        return ServerLeg.FAILED;
    }

    /** See {@link ServerLeg#waitStartedAt}. */
    void startedAt(final long startNs) {
        beganNs = startNs;
    }

    long waitMs() {
        return waitMs;
    }

    boolean isQueued() {
        return queued;
    }

    long deadlineNs() {
        return deadlineNs;
    }

    /** See {@link ServerLeg#leaveQueue}. */
    void leave() {
        if (!queued) {
            return;
        }
        final int state = cancelWait();
        if (state == QueueEntry.GRANTED || state == QueueEntry.REQUEUED) {
            final Server granted = entry.markStale();
            if (granted != null) {
                granted.release(); // passes it on to the next waiter
            }
        }
        noteQueuePositions();
        stampWait();
    }

    /** Ends the wait on this stream's side: the entry's state found under the queue lock (see BackendQueues#cancel). */
    private int cancelWait() {
        queued = false;
        return leg.backend.queues().cancel(entry);
    }

    /** Tw: from the leg's {@code begin} until now, when the stream holds its slot or leaves the queue. */
    void stampWait() {
        waitMs = (reactor.nowNs() - beganNs) / 1_000_000L;
    }

    /** A slot of {@code granted}, counted in its {@code currConns}, is the leg's now. */
    private void takeGrant(final Server granted) {
        leg.server = granted;
        granted.counters().increment(reactor.id(), Counter.SESSIONS);
        granted.sessionRate().add(reactor.id(), reactor.nowNs());
        granted.counters().increment(reactor.id(), Counter.SELECTED);
        leg.backend.counters().increment(reactor.id(), Counter.SELECTED);
        noteQueuePositions();
        stampWait();
    }

    /** Adds how many the queue just left served meanwhile to the log's position of that queue. */
    private void noteQueuePositions() {
        if (entry.waitedInServerQueue()) {
            srvQueuePos += entry.servedWhileWaiting();
        } else {
            backendQueuePos += entry.servedWhileWaiting();
        }
    }

    /** A slot is held after a wait: the leg connects as {@link ServerLeg#start} was asked to. */
    int connectAfterWait() {
        return leg.connect(pendingFirst, pendingReuse);
    }

    /** Fills the queue's log fields: Tw, {@code %sq} and {@code %bq}. */
    void fillLog(final StreamLogFields l) {
        l.waitMs = waitMs;
        l.srvQueue = srvQueuePos;
        l.backendQueue = backendQueuePos;
    }
}
