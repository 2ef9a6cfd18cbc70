package dev.baton.reactor;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A counter written by one thread and read by any: the writer uses an ordered store (no CAS, no
 * fence on the hot path), readers a volatile read. Incrementing it from two threads loses counts.
 */
public final class SingleWriterCounter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(SingleWriterCounter.class, "value", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    /** Writer thread only. */
    public void increment() {
        VALUE.setRelease(this, (long) VALUE.getOpaque(this) + 1);
    }

    /** Writer thread only. */
    public void add(final long delta) {
        VALUE.setRelease(this, (long) VALUE.getOpaque(this) + delta);
    }

    /** Any thread. */
    public long get() {
        return (long) VALUE.getAcquire(this);
    }
}
