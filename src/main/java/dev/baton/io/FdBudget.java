package dev.baton.io;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Process-wide count of the sockets baton holds open (accepted, dialled and listening), against
 * {@code maxsock}. Incremented when a socket is opened and decremented when it is really closed, from any
 * reactor. The low and high bands (DESIGN.md §4) are derived here for the pool issues.
 */
public final class FdBudget {
    private final AtomicInteger open = new AtomicInteger();
    private final int maxsock;

    public FdBudget(final int maxsock) {
        this.maxsock = maxsock;
    }

    public void opened() {
        open.incrementAndGet();
    }

    public void closed() {
        open.decrementAndGet();
    }

    public int open() {
        return open.get();
    }

    public int maxsock() {
        return maxsock;
    }

    /** {@code maxsock * ratioPercent / 100}, rounded up, as HAProxy derives its FD bands. */
    public int band(final int ratioPercent) {
        return (int) (((long) maxsock * ratioPercent + 99) / 100);
    }
}
