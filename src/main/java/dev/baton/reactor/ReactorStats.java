package dev.baton.reactor;

/**
 * A reactor's activity counters. Each is written by its own reactor only (or by any thread for
 * {@link #wakeups} and {@link #commandsRejected}, which are atomic) and read by any thread without a lock,
 * as the runtime API will (DESIGN.md: single-writer counters summed by the reader).
 */
public final class ReactorStats {
    public final SingleWriterCounter loops = new SingleWriterCounter();
    public final SingleWriterCounter events = new SingleWriterCounter();
    public final SingleWriterCounter accepts = new SingleWriterCounter();
    public final SharedCounter wakeups = new SharedCounter();
    public final SharedCounter commandsRejected = new SharedCounter();
}
