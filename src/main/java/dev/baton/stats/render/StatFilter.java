package dev.baton.stats.render;

/**
 * The rows {@code show stat IID TYPE SID} asks for, as HAProxy 2.6 selects them: the proxy whose id is {@code iid}
 * (-1: every proxy); the row types whose bits are set in {@code types} (1 frontend, 2 backend, 4 server, 8 listener;
 * -1: all); among servers and listeners, the one whose id is {@code sid} (-1: all). Frontend and backend rows are
 * not filtered by {@code sid}.
 */
public record StatFilter(int iid, int types, int sid) {
    /** Every row. */
    public static final StatFilter ALL = new StatFilter(-1, -1, -1);

    /** Whether {@code row} is shown. */
    boolean shows(final StatRow row) {
        if (iid != -1 && row.proxy().iid() != iid) {
            return false;
        }
        if ((types & (1 << row.type().code)) == 0) {
            return false;
        }
        final boolean member = row.type() == StatRow.Type.SERVER || row.type() == StatRow.Type.LISTENER;
        return !member || sid == -1 || row.sid() == sid;
    }
}
