package dev.baton.reactor;

import java.util.concurrent.atomic.AtomicLong;

/** A counter any thread may increment (rare events only: wake-ups, rejections). */
public final class SharedCounter {
    private final AtomicLong value = new AtomicLong();

    public void increment() {
        value.incrementAndGet();
    }

    public long get() {
        return value.get();
    }
}
