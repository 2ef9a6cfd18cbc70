package dev.baton.config;

import dev.baton.config.ServerReactions.Observe;
import dev.baton.config.ServerReactions.OnError;

import java.util.List;

/**
 * The {@code server} and {@code default-server} keywords of {@link ServerReactions}, each with one argument:
 * {@code observe none|layer4|layer7} (layer7 only in a {@code mode http} proxy, as HAProxy checks it where the
 * line is read), {@code error-limit N} (1..), {@code on-error fastinter|fail-check|sudden-death|mark-down},
 * {@code on-marked-down shutdown-sessions}, {@code on-marked-up shutdown-backup-sessions}, {@code slowstart T}
 * (kept in seconds, rounded up) and {@code track [BACKEND/]SERVER} (resolved once every proxy is read, see
 * {@link TrackValidator}). Config thread only.
 */
final class ServerReactionParser {
    static final List<String> KEYWORDS = List.of("observe", "error-limit", "on-error", "on-marked-down",
        "on-marked-up", "slowstart", "track");
    static final String EXPECTED_OBSERVE = "one of 'none', 'layer4', 'layer7'";
    static final String EXPECTED_ON_ERROR = "one of 'fastinter', 'fail-check', 'sudden-death' or 'mark-down'";
    static final String EXPECTED_TRACK = "[BACKEND/]SERVER such as be/s1";
    static final String LAYER7_IN_TCP =
        "'observe layer7' can only be used in http proxies (mode http); use 'observe layer4' in a tcp proxy";

    private ServerReactionParser() {
    }

    /** Whether {@code kw} is one of these keywords (each takes one argument). */
    static boolean handles(final String kw) {
        return KEYWORDS.contains(kw);
    }

    /** Applies keyword {@code i} of {@code d} and its argument to {@code r}, in a proxy of {@code mode}. */
    static ServerReactions apply(final Directive d, final int i, final ServerReactions r, final Mode mode) {
        final String kw = d.word(i);
        switch (kw) {
            case "observe":
                return observe(d, i, r, mode);
            case "error-limit":
                return r.withErrorLimit(d.intArg(i + 1, kw, 1, Integer.MAX_VALUE));
            case "on-error":
                return r.withOnError(onError(d.require(i + 1, kw, EXPECTED_ON_ERROR)));
            case "on-marked-down":
                only(d, i, "shutdown-sessions");
                return r.withShutdownOnDown(true);
            case "on-marked-up":
                only(d, i, "shutdown-backup-sessions");
                return r.withShutdownBackupsOnUp(true);
            case "slowstart": {
                final long ms = d.timeArg(i + 1, kw);
                if (ms > Integer.MAX_VALUE) {
                    throw new LineError(Messages.badValue(kw, "a delay up to 2147483647ms", d.word(i + 1)));
                }
                return r.withSlowstartSec((int) ((ms + 999) / 1000));
            }
            case "track": {
                final String target = d.require(i + 1, kw, EXPECTED_TRACK);
                final int slash = target.lastIndexOf('/');
                if (target.isEmpty() || slash == target.length() - 1 || slash == 0) {
                    throw new LineError(Messages.badValue(kw, EXPECTED_TRACK, target));
                }
                return r.withTrack(target);
            }
            default:
                throw new IllegalArgumentException(kw);
        }
    }

    private static ServerReactions observe(final Directive d, final int i, final ServerReactions r, final Mode mode) {
        final String arg = d.require(i + 1, "observe", EXPECTED_OBSERVE);
        for (final Observe o : Observe.values()) {
            if (o.keyword().equals(arg)) {
                if (o == Observe.LAYER7 && mode != Mode.HTTP) {
                    d.error(LAYER7_IN_TCP); // as HAProxy: the line is refused, the reading goes on
                    return r;
                }
                return r.withObserve(o);
            }
        }
        throw new LineError(Messages.badValue("observe", EXPECTED_OBSERVE, arg));
    }

    private static OnError onError(final String arg) {
        for (final OnError o : OnError.values()) {
            if (o.keyword().equals(arg)) {
                return o;
            }
        }
        throw new LineError(Messages.badValue("on-error", EXPECTED_ON_ERROR, arg));
    }

    private static void only(final Directive d, final int i, final String word) {
        final String arg = d.require(i + 1, d.word(i), "'" + word + "'");
        if (!arg.equals(word)) {
            throw new LineError(Messages.badValue(d.word(i), "'" + word + "'", arg));
        }
    }
}
