package dev.baton.backend;

/**
 * A server's state as one immutable value, so that every change replaces it whole with one atomic step and
 * every reader sees a state some change produced, never half of one change and half of another.
 *
 * <p>Today it holds the administrative flags, as HAProxy's {@code srv->cur_admin}: {@link #MAINT} (forced
 * maintenance) and {@link #DRAIN} (forced drain), which are independent ({@code disable server} on a draining
 * server keeps the drain for when it is enabled again). The health checks will add the operational state (UP,
 * DOWN, NOLB...) as a field of its own, changed the same way. {@code sinceNs} is when the state last changed
 * ({@link System#nanoTime()}), changed in the same step.
 *
 * @param adminFlags {@link #MAINT} and {@link #DRAIN} bits
 * @param sinceNs    when the state last changed (or the start)
 */
public record ServerState(int adminFlags, long sinceNs) {
    /** Forced maintenance: the {@code disabled} keyword, {@code disable server}, {@code state maint}. */
    public static final int MAINT = 1;
    /** Forced drain: {@code set server ... state drain}. */
    public static final int DRAIN = 1 << 1;

    public boolean maint() {
        return (adminFlags & MAINT) != 0;
    }

    public boolean drain() {
        return (adminFlags & DRAIN) != 0;
    }

    /** The administrative state shown and set by the runtime API: maintenance wins over drain. */
    public Server.AdminState admin() {
        return maint() ? Server.AdminState.MAINT : drain() ? Server.AdminState.DRAIN : Server.AdminState.READY;
    }

    /** This state with {@code flags} as its administrative flags, stamped {@code nowNs}; itself if unchanged. */
    ServerState withAdminFlags(final int flags, final long nowNs) {
        return flags == adminFlags ? this : new ServerState(flags, nowNs);
    }
}
