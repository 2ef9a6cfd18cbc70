package dev.baton.listener;

import dev.baton.config.BindConfig;
import org.tinylog.Logger;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Start-up arithmetic of the listeners of a frontend, as HAProxy 2.6 does it: the listener ids (a {@code bind}
 * address without {@code id} takes the lowest id from 1 that no other uses, in order) and the reactors of a
 * {@code thread} set. Pure functions, but for the warning.
 */
public final class ListenerPlan {
    private ListenerPlan() {
    }

    /**
     * The listener id of each bind address of a frontend, in order, numbered as HAProxy 2.6 numbers them: a cursor
     * starting at 1 moves one step past every address (numbered or not), and an address without {@code id} takes the
     * first id from the cursor on that no address uses ({@code bind A; bind B id 7; bind C id 2; bind D} gives 1, 7,
     * 2, 4).
     */
    public static int[] listenerIds(final List<BindConfig> binds) {
        final Set<Integer> used = new HashSet<>();
        for (final BindConfig b : binds) {
            if (b.id() > 0) {
                used.add(b.id());
            }
        }
        final int[] out = new int[binds.size()];
        int next = 1;
        for (int i = 0; i < out.length; i++, next++) {
            final int own = binds.get(i).id();
            if (own > 0) {
                out[i] = own;
                continue;
            }
            while (used.contains(next)) {
                next++;
            }
            out[i] = next;
            used.add(next);
        }
        return out;
    }

    /** The listener id of {@code bind}, one of {@code binds} ({@link #listenerIds}); 1 for a bind not among them. */
    public static int listenerId(final List<BindConfig> binds, final BindConfig bind) {
        final int i = binds.indexOf(bind);
        return i < 0 ? 1 : listenerIds(binds)[i];
    }

    /**
     * The reactors (bit {@code r} for reactor {@code r}) that listen on {@code bind} among {@code nbthread}. As
     * HAProxy: bits beyond {@code nbthread} are dropped; a set with none left is folded onto the existing
     * threads, with HAProxy's warning.
     */
    public static long threads(final BindConfig bind, final int nbthread, final String frontend) {
        final long all = nbthread >= 64 ? -1L : (1L << nbthread) - 1;
        final long wanted = bind.options().threads();
        if (wanted == 0) {
            return all;
        }
        if ((wanted & all) != 0) {
            return wanted & all;
        }
        long folded = 0;
        for (long mask = wanted; mask != 0; mask >>>= nbthread) {
            folded |= mask & all;
        }
        Logger.warn("Proxy '{}': the thread range specified on the 'thread' directive of 'bind {}' at [{}] only "
            + "refers to thread numbers out of the range defined by the global 'nbthread' directive. The thread "
            + "numbers were remapped to existing threads instead (mask 0x{}).", frontend, bind.display(),
            bind.where(), Long.toHexString(folded));
        return folded;
    }
}
