package dev.baton.listener;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The global {@code maxconn} and each frontend's, enforced by pausing accept. Any thread.
 *
 * <p>A listener that finds no room parks itself here and stops accepting; when a client goes away and
 * frees a slot, every parked listener is asked (through its own reactor) to resume. A listener re-checks
 * the room after parking, so a slot freed between its failed check and its parking is not missed.
 */
public final class ConnectionLimits {
    private final int globalMax;
    private final AtomicInteger globalCurr = new AtomicInteger();
    private final ConcurrentLinkedQueue<Listener> parked = new ConcurrentLinkedQueue<>();

    public ConnectionLimits(final int globalMax) {
        this.globalMax = globalMax;
    }

    public int globalMax() {
        return globalMax;
    }

    /** Clients currently connected through every frontend (HAProxy's actconn). */
    public int globalCurrent() {
        return globalCurr.get();
    }

    /** Claims a slot globally and in {@code frontend}; false (nothing claimed) when either is full. */
    public boolean tryAcquire(final Frontend frontend) {
        if (!claim(globalCurr, globalMax)) {
            return false;
        }
        if (!claim(frontend.currConns(), frontend.maxconn())) {
            globalCurr.decrementAndGet();
            return false;
        }
        return true;
    }

    /**
     * Moves a connection's slot from {@code from} to {@code to} (a reload moved a keep-alive client to the new
     * configuration's frontend of the same name); false, and nothing changed, when {@code to} is full. The global
     * slot stays. The connection's reactor.
     */
    public boolean move(final Frontend from, final Frontend to) {
        if (!claim(to.currConns(), to.maxconn())) {
            return false;
        }
        from.currConns().decrementAndGet();
        return true;
    }

    /** Gives back a slot claimed by {@link #tryAcquire}, and wakes parked listeners if any. */
    public void release(final Frontend frontend) {
        frontend.currConns().decrementAndGet();
        globalCurr.decrementAndGet();
        wakeParked();
    }

    /**
     * Asks every parked listener to look for room again, after a limit was raised at run time
     * ({@code set maxconn frontend}). Any thread.
     */
    public void limitsChanged() {
        wakeParked();
    }

    /**
     * Asks the listeners parked now to resume. Bounded by the count taken first: a listener on the calling
     * reactor resumes inline and, finding no room after all, parks again; it must not be polled again here.
     */
    private void wakeParked() {
        if (parked.isEmpty()) {
            return;
        }
        for (int n = parked.size(); n > 0; n--) {
            final Listener listener = parked.poll();
            if (listener == null) {
                return;
            }
            listener.requestResume();
        }
    }

    /** True if {@link #tryAcquire} could succeed now for {@code frontend}. */
    public boolean hasRoom(final Frontend frontend) {
        final int feMax = frontend.maxconn();
        return globalCurr.get() < globalMax && (feMax == 0 || frontend.currConns().get() < feMax);
    }

    void park(final Listener listener) {
        parked.offer(listener);
    }

    private static boolean claim(final AtomicInteger counter, final int max) {
        while (true) {
            final int current = counter.get();
            if (max > 0 && current >= max) {
                return false;
            }
            if (counter.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }
}
