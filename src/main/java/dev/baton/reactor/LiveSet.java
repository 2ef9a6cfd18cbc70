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
    /** Each live stream with the number of reloads it has outlived on its configuration (small: cached boxes). */
    private final Map<Killable, Integer> live = new IdentityHashMap<>();
    private volatile int size;
    /** Told once when the set becomes empty after {@link #softStopAll}; null otherwise. */
    private Runnable whenEmpty;

    public void add(final Killable k) {
        live.put(k, 0);
        size = live.size();
    }

    /** {@code k} moved to the newest configuration (an HTTP keep-alive client): it has outlived no reload of it. */
    public void rejoined(final Killable k) {
        if (live.containsKey(k)) {
            live.put(k, 0);
        }
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

    /**
     * A reload published a new configuration: every live stream hears it ({@link Killable#superseded}), and with
     * {@code maxReloads} 0 or more ({@code mworker-max-reloads}) one that has now outlived more reloads than that is
     * killed, as HAProxy's master kills a worker that outlived them. -1: no limit.
     */
    public void supersedeAll(final int maxReloads) {
        for (final Killable k : new ArrayList<>(live.keySet())) {
            final int outlived = live.get(k) + 1;
            if (maxReloads >= 0 && outlived > maxReloads) {
                k.kill();
            } else {
                live.put(k, outlived);
                k.superseded();
            }
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
