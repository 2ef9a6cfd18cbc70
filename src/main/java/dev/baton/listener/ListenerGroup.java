package dev.baton.listener;

import java.util.List;

/**
 * The listeners of one TCP {@code bind}, one per reactor of its thread set, when {@code tune.listener.multi-queue}
 * is on (HAProxy 2.6's default): each reactor accepts from its own SO_REUSEPORT socket, whose share of the clients
 * the kernel decides by a hash of their addresses, and a client accepted where the load is higher is handed to a
 * sibling reactor whose load is lower, so that long-lived connections end up evenly spread, as HAProxy's
 * multi-queue accept spreads them (its accepting thread pushes each connection to the least loaded of two
 * candidate threads). A reactor's load is the streams it serves plus the clients handed to it and not yet taken
 * ({@link Listener#load()}); a client moves only when the sibling's load is lower by at least {@link #MARGIN},
 * which keeps short connections (one request each) mostly where the kernel put them, since there both loads move
 * by one at every accept and close.
 *
 * <p>Immutable; a listener finds its group in its route ({@link ListenerRoute#group}), so that a reload changes
 * groups when it changes routes. Any reactor reads it.
 * Each listener walks its siblings with its own rotating index ({@link Listener#nextSibling}), so no state is shared.
 */
public final class ListenerGroup {
    /** How much lower a sibling's load must be for a client to move to it. */
    static final int MARGIN = 2;

    private final Listener[] members;

    private ListenerGroup(final List<Listener> members) {
        this.members = members.toArray(new Listener[0]);
    }

    /** The group of {@code listeners} (one bind's, one per reactor); null with multi-queue off or fewer than two. */
    public static ListenerGroup of(final List<Listener> listeners, final boolean multiQueue) {
        return multiQueue && listeners.size() > 1 ? new ListenerGroup(listeners) : null;
    }

    /**
     * The listener that serves a client {@code self} just accepted: the next sibling in {@code self}'s rotation if its
     * load is lower by {@link #MARGIN} or more, else {@code self}. {@code self}'s reactor.
     */
    Listener pick(final Listener self, final int rotation) {
        Listener candidate = members[Math.floorMod(rotation, members.length)];
        if (candidate == self) {
            candidate = members[Math.floorMod(rotation + 1, members.length)];
        }
        return candidate.load() + MARGIN <= self.load() ? candidate : self;
    }
}
