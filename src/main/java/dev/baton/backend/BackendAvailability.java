package dev.baton.backend;

/**
 * Whether a backend has a usable server, as HAProxy's proxy {@code last_change}, {@code down_trans} and
 * {@code down_time}: one immutable value, replaced whole.
 *
 * @param down            no server is usable
 * @param sinceNs         when {@code down} last changed (or the start)
 * @param downtimeNs      time spent down before {@code sinceNs}
 * @param downTransitions how many times the backend lost its last usable server
 */
public record BackendAvailability(boolean down, long sinceNs, long downtimeNs, long downTransitions) {
    /** Time spent down up to {@code nowNs}. */
    public long downtimeNs(final long nowNs) {
        return down ? downtimeNs + Math.max(0, nowNs - sinceNs) : downtimeNs;
    }

    /** This value with {@code nowDown}, stamped {@code nowNs}; itself if unchanged. */
    BackendAvailability with(final boolean nowDown, final long nowNs) {
        if (nowDown == down) {
            return this;
        }
        return new BackendAvailability(nowDown, nowNs, downtimeNs(nowNs), downTransitions + (nowDown ? 1 : 0));
    }
}
