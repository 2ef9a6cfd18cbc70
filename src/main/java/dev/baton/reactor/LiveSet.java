package dev.baton.reactor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The streams a reactor currently serves, so a stop can wait for them and a hard stop can end them.
 * Reactor thread only; the size is readable from any thread.
 */
public final class LiveSet {
    private final Map<Killable, Boolean> live = new IdentityHashMap<>();
    private volatile int size;

    public void add(final Killable k) {
        live.put(k, Boolean.TRUE);
        size = live.size();
    }

    public void remove(final Killable k) {
        live.remove(k);
        size = live.size();
    }

    /** Any thread. */
    public int size() {
        return size;
    }

    /** Kills every live stream (each removes itself). */
    public void killAll() {
        final List<Killable> snapshot = new ArrayList<>(live.keySet());
        for (final Killable k : snapshot) {
            k.kill();
        }
    }
}
