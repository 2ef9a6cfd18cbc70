package dev.baton.listener;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code bind ... maxconn N} limit: the clients of one bind address at once, over the listeners of every
 * reactor for that address. An accepted client's endpoint runs {@link #run()} when it closes, which frees the
 * slot and asks the parked listeners to look again. Any thread.
 */
public final class BindSlots implements Runnable {
    private final int max;
    private final AtomicInteger current = new AtomicInteger();
    private final ConnectionLimits limits;

    public BindSlots(final int max, final ConnectionLimits limits) {
        this.max = max;
        this.limits = limits;
    }

    /** Claims a slot; false when the bind is full (nothing claimed). */
    boolean tryClaim() {
        while (true) {
            final int now = current.get();
            if (now >= max) {
                return false;
            }
            if (current.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    boolean hasRoom() {
        return current.get() < max;
    }

    int current() {
        return current.get();
    }

    /** Gives a slot back (the endpoint it was claimed for closed, or the accept failed). */
    @Override
    public void run() {
        current.decrementAndGet();
        limits.limitsChanged();
    }
}
