package dev.baton.reactor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The streams a reactor currently serves, so that a stop can end them gracefully, learn when the last one
 * is gone, and kill those left at the hard stop. Reactor thread only; the size is readable from any thread.
 */
public final class LiveSet {
    private final Map<Killable, Boolean> live = new IdentityHashMap<>();
    private volatile int size;
    /** Told once when the set becomes empty after {@link #softStopAll}; null otherwise. */
    private Runnable whenEmpty;

    public void add(final Killable k) {
        live.put(k, Boolean.TRUE);
        size = live.size();
    }

    public void remove(final Killable k) {
        live.remove(k);
        size = live.size();
        if (size == 0) {
            emptied();
        }
    }

    /** Any thread. */
    public int size() {
        return size;
    }

    /**
     * Asks every live stream to stop gracefully ({@link Killable#softStop}) and runs {@code onEmpty} once no
     * stream is left (at once if none is).
     */
    public void softStopAll(final Runnable onEmpty) {
        whenEmpty = onEmpty;
        for (final Killable k : new ArrayList<>(live.keySet())) {
            k.softStop();
        }
        if (live.isEmpty()) {
            emptied();
        }
    }

    /** A reload published a new configuration: every live stream hears it ({@link Killable#superseded}). */
    public void supersedeAll() {
        for (final Killable k : new ArrayList<>(live.keySet())) {
            k.superseded();
        }
    }

    /** Kills every live stream (each removes itself). */
    public void killAll() {
        final List<Killable> snapshot = new ArrayList<>(live.keySet());
        for (final Killable k : snapshot) {
            k.kill();
        }
    }

    /**
     * Kills, each with termination cause {@code cause} ({@link Killable#killForServer}), the streams attached to
     * a server that {@code which} accepts. Allocates a snapshot: a control action, never per request.
     */
    public void killAttached(final Predicate<Object> which, final char cause) {
        final List<Killable> snapshot = new ArrayList<>(live.keySet());
        for (final Killable k : snapshot) {
            final Object server = k.attachedServer();
            if (server != null && which.test(server)) {
                k.killForServer(cause);
            }
        }
    }

    private void emptied() {
        final Runnable r = whenEmpty;
        if (r != null) {
            whenEmpty = null;
            r.run();
        }
    }
}
