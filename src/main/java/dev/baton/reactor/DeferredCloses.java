package dev.baton.reactor;

import dev.baton.io.Channels;

import java.nio.channels.Channel;
import java.util.ArrayList;

/**
 * The channels a reactor closes only once its selector has dropped their cancelled keys, so that each close is a
 * plain close(2). Why: the JDK closes a non-blocking socket channel that is still registered with a selector (its
 * key cancelled, but removed only by the selector's next selection) in two steps: at once it reads SO_LINGER and
 * shuts the socket's output down (that shutdown fails with ENOTCONN when the peer has gone already), and the
 * descriptor itself is closed in that next selection: two system calls more per connection than a close of a
 * channel no selector knows. A channel whose key was cancelled in turn N is dropped by the selection of turn N+1
 * (before it waits) and closed right after that selection; that selection does not block while closes wait
 * ({@link #beforeSelect}), so no close (nor the RST of an aborted connection) is delayed past the next turn.
 * Reactor thread only; no allocation once the lists have grown to the closes of one turn.
 */
final class DeferredCloses {
    /** Keys cancelled this turn: their selector drops them in the next selection. */
    private ArrayList<Channel> cancelled = new ArrayList<>();
    /** Keys the selection under way drops: their channels close after it. */
    private ArrayList<Channel> deregistering = new ArrayList<>();

    /** {@code channel}'s key on this reactor's selector has just been cancelled: close it after the next selection. */
    void add(final Channel channel) {
        cancelled.add(channel);
    }

    /** Before a selection: true when channels wait for it to drop their keys (it must not block then). */
    boolean beforeSelect() {
        final ArrayList<Channel> t = deregistering;
        deregistering = cancelled;
        cancelled = t;
        return !deregistering.isEmpty();
    }

    /** After the selection: closes the channels whose keys it dropped. */
    void afterSelect() {
        final int n = deregistering.size();
        for (int i = 0; i < n; i++) {
            Channels.closeQuietly(deregistering.get(i));
        }
        deregistering.clear();
    }

    /** The reactor stopped and its selector is closed (every key dropped): closes whatever still waits. */
    void closeAll() {
        afterSelect();
        beforeSelect();
        afterSelect();
    }

    /** Channels waiting to be closed (tests). */
    int pending() {
        return cancelled.size() + deregistering.size();
    }
}
