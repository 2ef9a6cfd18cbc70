package dev.baton.config;

/**
 * How a server reacts to what is seen of it besides its active checks, HAProxy's server keywords (also under
 * {@code default-server}):
 * <ul>
 *   <li>{@code observe}: {@code observe layer4|layer7} (none by default): the traffic's connection failures
 *       (layer4) or also its HTTP errors (layer7, HTTP proxies only) count as errors;</li>
 *   <li>{@code errorLimit}: {@code error-limit N} (default 10): consecutive errors before {@code onError};</li>
 *   <li>{@code onError}: {@code on-error} (default {@code fail-check});</li>
 *   <li>{@code shutdownOnDown}: {@code on-marked-down shutdown-sessions}: the streams of the server are killed
 *       when it goes DOWN;</li>
 *   <li>{@code shutdownBackupsOnUp}: {@code on-marked-up shutdown-backup-sessions}: the streams of the backend's
 *       backup servers are killed when this (non-backup) server goes UP;</li>
 *   <li>{@code slowstartSec}: {@code slowstart T}, kept in whole seconds rounded up as HAProxy keeps it; 0: none;</li>
 *   <li>{@code track}: {@code track [BACKEND/]SERVER} as written, null when the server does not track one.</li>
 * </ul>
 */
public record ServerReactions(Observe observe, int errorLimit, OnError onError, boolean shutdownOnDown,
                              boolean shutdownBackupsOnUp, int slowstartSec, String track) {
    /** HAProxy's default {@code error-limit}. */
    public static final int DEFAULT_ERROR_LIMIT = 10;
    public static final ServerReactions DEFAULT =
        new ServerReactions(Observe.NONE, DEFAULT_ERROR_LIMIT, OnError.FAIL_CHECK, false, false, 0, null);

    /** {@code observe}'s modes. */
    public enum Observe {
        NONE("none"), LAYER4("layer4"), LAYER7("layer7");

        private final String keyword;

        Observe(final String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** {@code on-error}'s actions, HAProxy's HANA_ONERR_*. */
    public enum OnError {
        /** Only hastens the next check to {@code fastinter}. */
        FASTINTER("fastinter"),
        /** Counts as one failed check. */
        FAIL_CHECK("fail-check"),
        /** Leaves the server one failed check away from DOWN, then counts as one failed check. */
        SUDDEN_DEATH("sudden-death"),
        /** Takes the server DOWN at once. */
        MARK_DOWN("mark-down");

        private final String keyword;

        OnError(final String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    public ServerReactions withObserve(final Observe v) {
        return new ServerReactions(v, errorLimit, onError, shutdownOnDown, shutdownBackupsOnUp, slowstartSec, track);
    }

    public ServerReactions withErrorLimit(final int v) {
        return new ServerReactions(observe, v, onError, shutdownOnDown, shutdownBackupsOnUp, slowstartSec, track);
    }

    public ServerReactions withOnError(final OnError v) {
        return new ServerReactions(observe, errorLimit, v, shutdownOnDown, shutdownBackupsOnUp, slowstartSec, track);
    }

    public ServerReactions withShutdownOnDown(final boolean v) {
        return new ServerReactions(observe, errorLimit, onError, v, shutdownBackupsOnUp, slowstartSec, track);
    }

    public ServerReactions withShutdownBackupsOnUp(final boolean v) {
        return new ServerReactions(observe, errorLimit, onError, shutdownOnDown, v, slowstartSec, track);
    }

    public ServerReactions withSlowstartSec(final int v) {
        return new ServerReactions(observe, errorLimit, onError, shutdownOnDown, shutdownBackupsOnUp, v, track);
    }

    public ServerReactions withTrack(final String v) {
        return new ServerReactions(observe, errorLimit, onError, shutdownOnDown, shutdownBackupsOnUp, slowstartSec, v);
    }
}
