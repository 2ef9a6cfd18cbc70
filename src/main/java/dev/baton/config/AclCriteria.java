package dev.baton.config;

import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.match.MatchMethod;

/**
 * How an ACL criterion name maps onto the sample engine: a fetch of the registry used as is (its match method
 * chosen by {@code -m} or by its type), or a derived criterion, a string fetch with a match suffix that fixes the
 * method ({@code hdr_beg} is {@code hdr} with {@code -m beg}, {@code path_dir} is {@code path} with {@code -m dir}).
 * Stateless.
 */
final class AclCriteria {
    /** Suffixes of derived criteria and the method each fixes. */
    private static final String[] SUFFIXES = {"_beg", "_end", "_sub", "_dir", "_dom", "_reg", "_len"};
    private static final MatchMethod[] METHODS = {MatchMethod.BEG, MatchMethod.END, MatchMethod.SUB,
        MatchMethod.DIR, MatchMethod.DOM, MatchMethod.REG, MatchMethod.LEN};

    /** A resolved criterion: the fetch's name and the method it fixes (null: free, {@code -m} may choose). */
    record Criterion(String fetch, MatchMethod fixed) {
    }

    private AclCriteria() {
    }

    /** The criterion {@code name} (the word up to its parenthesis or comma), or null when there is none. */
    static Criterion resolve(final String name) {
        final SampleRegistry registry = SampleRegistry.standard();
        if (registry.fetch(name) != null) {
            return new Criterion(name, fixedMethod(name));
        }
        for (int i = 0; i < SUFFIXES.length; i++) {
            if (name.endsWith(SUFFIXES[i])) {
                final String base = name.substring(0, name.length() - SUFFIXES[i].length());
                final SampleRegistry.FetchDef def = registry.fetch(base);
                if (def != null && (def.out() == SampleType.STR || def.out() == SampleType.BIN)) {
                    return new Criterion(base, METHODS[i]);
                }
            }
        }
        return null;
    }

    /** Every criterion name: the fetches and the derived names of the string fetches (for suggestions). */
    static java.util.Set<String> names() {
        final java.util.Set<String> out = new java.util.TreeSet<>();
        for (final SampleRegistry.FetchDef def : SampleRegistry.standard().fetches().values()) {
            out.add(def.name());
            if (def.out() == SampleType.STR || def.out() == SampleType.BIN) {
                for (final String suffix : SUFFIXES) {
                    out.add(def.name() + suffix);
                }
            }
        }
        return out;
    }

    /** Fetches whose ACL keyword has a fixed method in HAProxy (counts and integer values): -m cannot change it. */
    private static MatchMethod fixedMethod(final String name) {
        return name.endsWith("_cnt") || name.endsWith("_val") ? MatchMethod.INT : null;
    }
}
