package dev.baton.config;

import java.util.Set;

/**
 * The global keywords of {@link IdlePoolTuning}: {@code tune.pool-low-fd-ratio N},
 * {@code tune.pool-high-fd-ratio N} (0..100) and {@code tune.idle-pool.shared on|full|off}. Kept beside
 * {@link GlobalSectionParser}, which hands nothing to it: {@link ConfigParser} sends these lines here first.
 * Later lines win, as for every global setting. One instance per load; single-threaded.
 */
final class IdlePoolTuningParser {
    static final Set<String> KEYWORDS =
        Set.of("tune.pool-low-fd-ratio", "tune.pool-high-fd-ratio", "tune.idle-pool.shared");
    static final String EXPECTED_SHARED = "one of on, full, off";

    private IdlePoolTuning tuning = IdlePoolTuning.DEFAULT;

    static boolean isKeyword(final String word) {
        return KEYWORDS.contains(word);
    }

    /** Parses one global line whose keyword {@link #isKeyword}; a refused line throws {@link LineError}. */
    void parse(final Directive d) {
        final String kw = d.keyword();
        if (kw.equals("tune.idle-pool.shared")) {
            final String text = d.require(1, kw, EXPECTED_SHARED);
            if (!text.equals("on") && !text.equals("full") && !text.equals("off")) {
                throw new LineError(Messages.badValue(kw, EXPECTED_SHARED, text));
            }
            d.noMoreThan(2, kw);
            tuning = new IdlePoolTuning(tuning.lowFdRatio(), tuning.highFdRatio(), !text.equals("off"));
            return;
        }
        final int ratio = d.intArg(1, kw, 0, 100);
        d.noMoreThan(2, kw);
        tuning = kw.equals("tune.pool-low-fd-ratio")
            ? new IdlePoolTuning(ratio, tuning.highFdRatio(), tuning.shared())
            : new IdlePoolTuning(tuning.lowFdRatio(), ratio, tuning.shared());
    }

    IdlePoolTuning finish() {
        return tuning;
    }
}
