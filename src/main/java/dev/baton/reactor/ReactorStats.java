package dev.baton.reactor;

/**
 * A reactor's activity counters, shown by the runtime API's {@code show activity} and the Prometheus
 * exporter. Each is written by its own reactor only (or by any thread for {@link #wakeups} and
 * {@link #commandsRejected}, which are atomic) and read by any thread without a lock (DESIGN.md:
 * single-writer counters summed by the reader).
 */
public final class ReactorStats {
    /** Turns of the loop. */
    public final SingleWriterCounter loops = new SingleWriterCounter();
    /** Ready keys dispatched to a handler (HAProxy's poll_io). */
    public final SingleWriterCounter events = new SingleWriterCounter();
    /** Clients accepted. */
    public final SingleWriterCounter accepts = new SingleWriterCounter();
    /** Idle server connections this reactor took over from a sibling (DESIGN.md §3; HAProxy's fd_takeover). */
    public final SingleWriterCounter fdTakeovers = new SingleWriterCounter();
    /**
     * Takeover candidates this reactor passed by: their owner was inside an event for them, or they could not
     * join this reactor's selector yet; or lost on the way (DESIGN.md §3).
     */
    public final SingleWriterCounter takeoverFailures = new SingleWriterCounter();
    /** Idle connections this reactor handed to a sibling's {@code toRemove} inbox to close (DESIGN.md §4). */
    public final SingleWriterCounter killsRequested = new SingleWriterCounter();
    /** Connections this reactor closed from its own {@code toRemove} inbox, at a sibling's request. */
    public final SingleWriterCounter killsDone = new SingleWriterCounter();
    /** Heavy tasks run, one at most per turn (TLS handshake steps: {@link Reactor#queueHeavy}). */
    public final SingleWriterCounter heavyTasks = new SingleWriterCounter();
    public final SharedCounter wakeups = new SharedCounter();
    public final SharedCounter commandsRejected = new SharedCounter();
}
