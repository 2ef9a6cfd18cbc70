package dev.baton.queue;

import dev.baton.backend.Server;
import dev.baton.reactor.CoalescedCommand;
import dev.baton.reactor.Reactor;

import org.tinylog.Logger;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One reactor's inbox of queue hand-overs: the entries of its streams that another thread (or itself, from
 * another stream's call) took out of a queue, granted a slot or sent back to the balancer. Many producers push
 * with one CAS on an intrusive list (the entry is the node: nothing is allocated); the owner drains it in a
 * {@link CoalescedCommand} queued with {@link Reactor#executeCoalescedLater}, so a grant never runs inside the
 * releasing stream's call stack and the wake-up is never refused nor lost (docs/queues.md §2.3). Each drained
 * entry is made IDLE before its waiter hears of it, so the waiter may enqueue it again at once.
 */
public final class QueueInbox {
    private final Reactor reactor;
    private final AtomicReference<QueueEntry> head = new AtomicReference<>();
    private final CoalescedCommand drain = new CoalescedCommand(r -> drain());

    public QueueInbox(final Reactor reactor) {
        this.reactor = reactor;
    }

    /** Any thread, no lock needed: publishes {@code entry} (GRANTED or REQUEUED) and asks the owner to drain. */
    void handOver(final QueueEntry entry) {
        QueueEntry h;
        do {
            h = head.get();
            entry.nextInInbox = h;
        } while (!head.compareAndSet(h, entry));
        reactor.executeCoalescedLater(drain);
    }

    /**
     * Owner's thread: tells each handed-over entry's waiter how its wait ended, oldest hand-over first. Entries
     * marked STALE (their owner consumed the outcome already) only become IDLE.
     */
    void drain() {
        QueueEntry list = head.getAndSet(null);
        QueueEntry reversed = null;
        while (list != null) {
            final QueueEntry next = list.nextInInbox;
            list.nextInInbox = reversed;
            reversed = list;
            list = next;
        }
        while (reversed != null) {
            final QueueEntry e = reversed;
            reversed = e.nextInInbox;
            e.nextInInbox = null;
            final int state = e.state;
            final Server server = e.granted;
            e.granted = null;
            e.state = QueueEntry.IDLE;
            try {
                if (state == QueueEntry.GRANTED) {
                    e.waiter.onQueueGranted(server);
                } else if (state == QueueEntry.REQUEUED) {
                    e.waiter.onQueueRequeued();
                }
            } catch (final RuntimeException failure) {
                // One waiter's bug must not strand the entries behind it (their slots would leak).
                Logger.error(failure, "reactor {}: a queued stream failed to resume", reactor.id() + 1);
            }
        }
    }

    /** Whether nothing is waiting to be drained (tests and quiescence checks). Any thread. */
    public boolean isEmpty() {
        return head.get() == null;
    }

    /** The reactor that owns this inbox. */
    public Reactor reactor() {
        return reactor;
    }
}
