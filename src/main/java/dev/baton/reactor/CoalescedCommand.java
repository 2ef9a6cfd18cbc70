package dev.baton.reactor;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A control command that must never be lost and may be asked for many times before it runs: "look again"
 * requests such as resuming a listener once a connection slot frees, or draining a pool's {@code toRemove}
 * inbox. Asking while it is already queued does nothing; it runs once, on its reactor, after the last ask
 * that queued it.
 *
 * <p>Why not the command inbox: the inbox is bounded, and a request refused there while nobody else will ask
 * again (the last slot freed; the listener no longer parked) would leave its target stuck for good. Since one
 * such command is in its reactor's queue at most once at a time, the queue of coalesced commands holds at most
 * as many entries as there are such commands (a few per listener and pool), so it needs no bound and never
 * refuses (see {@link Reactor#executeCoalesced}).
 *
 * <p>Each object belongs to one target on one reactor and is created once, with its target.
 */
public final class CoalescedCommand {
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ReactorCommand command;

    public CoalescedCommand(final ReactorCommand command) {
        this.command = command;
    }

    /** Any thread: claims the right to queue it; false when it is queued already (and will run). */
    boolean claim() {
        return queued.compareAndSet(false, true);
    }

    /** Owner reactor: runs it; an ask from now on queues it again, so none made during the run is lost. */
    void run(final Reactor reactor) {
        queued.set(false);
        command.run(reactor);
    }

    /** Owner reactor: runs it now, from the owner's own thread, whether or not it is also queued. */
    void runInline(final Reactor reactor) {
        command.run(reactor);
    }
}
