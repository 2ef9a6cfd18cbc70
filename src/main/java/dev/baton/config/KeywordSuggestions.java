package dev.baton.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Finds the known keyword closest to a misspelt one, for "did you mean" hints. A candidate is close when
 * its Levenshtein distance to the word is at most 2, or at most a third of the word's length for long
 * words; among equally close candidates the first one given wins, so callers list the likeliest first.
 */
final class KeywordSuggestions {
    private KeywordSuggestions() {
    }

    /**
     * The closest of {@code preferred} (in their order) and {@code others} (in name order, so that the hint
     * does not depend on a set's iteration order), or null when none is close enough.
     */
    static String closest(final String word, final Collection<String> preferred, final Collection<String> others) {
        final List<String> all = new ArrayList<>(preferred);
        final List<String> rest = new ArrayList<>(others);
        Collections.sort(rest);
        all.addAll(rest);
        return closest(word, all);
    }

    /** The closest candidate to {@code word}, or null when none is close enough. */
    static String closest(final String word, final Iterable<String> candidates) {
        final int limit = Math.max(2, word.length() / 3);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates) {
            if (Math.abs(word.length() - candidate.length()) > limit) {
                continue; // the distance is at least the difference in length: a garbage word costs nothing
            }
            final int d = distance(word, candidate);
            if (d <= limit && d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** The Levenshtein distance: single-character insertions, deletions and substitutions. */
    static int distance(final String a, final String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
