package dev.baton.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The numbers of a backend's servers (HAProxy's {@code puid}, 1 and up), as HAProxy gives them: a server line's
 * {@code id N} keeps N; the others, in order, take the first number no server holds from a counter that starts at 1
 * and moves one step per server line, forced or not. So {@code a id 3}, {@code b}, {@code c} are 3, 2 and 4.
 * The number orders {@code balance first}, places a server's points on a consistent-hash ring and is the {@code sid}
 * of the statistics.
 */
public final class ServerIds {
    private ServerIds() {
    }

    /** The number of each of {@code servers}, by position (ids forced twice were refused at parse time). */
    public static int[] assign(final List<ServerConfig> servers) {
        final Set<Integer> used = new HashSet<>();
        for (final ServerConfig s : servers) {
            if (s.id() > 0) {
                used.add(s.id());
            }
        }
        final int[] ids = new int[servers.size()];
        int next = 1;
        for (int i = 0; i < ids.length; i++) {
            final int forced = servers.get(i).id();
            if (forced > 0) {
                ids[i] = forced;
            } else {
                while (used.contains(next)) {
                    next++;
                }
                ids[i] = next;
                used.add(next);
            }
            next++;
        }
        return ids;
    }

    /** HAProxy's refusal of a server whose forced {@code id} the server {@code holder} has already. */
    public static String inUse(final int id, final ServerConfig holder) {
        return "'id' : custom id " + id + " already used at " + holder.where() + " ('server " + holder.name() + "')";
    }
}
