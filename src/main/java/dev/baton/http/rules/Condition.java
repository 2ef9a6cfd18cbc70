package dev.baton.http.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled {@code if|unless} condition, HAProxy's disjunctive form: suites of ACLs joined by
 * {@code or}/{@code ||}, each suite true when all its ACLs are (AND binds tighter), each ACL possibly
 * negated with {@code !}, each ACL true when any of its terms matches. {@code unless} inverts the whole.
 * Stored flat (arrays, no tree) so that {@link #test(MessageView)} allocates nothing; immutable and shared by
 * reactors.
 */
public final class Condition {
    /** The condition of a rule written without {@code if} or {@code unless}: always passes. */
    public static final Condition NONE = new Condition(false, new AclTerm[0][], new boolean[0], new int[0], "");

    private final boolean unless;
    /** The ACLs in order; each is the OR of its terms. */
    private final AclTerm[][] acls;
    private final boolean[] negated;
    /** Suite i holds acls[suiteEnds[i-1] .. suiteEnds[i]) (from 0 for the first). */
    private final int[] suiteEnds;
    private final String text;

    private Condition(final boolean unless, final AclTerm[][] acls, final boolean[] negated, final int[] suiteEnds,
                      final String text) {
        this.unless = unless;
        this.acls = acls;
        this.negated = negated;
        this.suiteEnds = suiteEnds;
        this.text = text;
    }

    /** Whether the rule applies to this message (or, for a mode tcp switching rule, this connection). */
    public boolean test(final dev.baton.sample.SampleContext view) {
        if (this == NONE) {
            return true;
        }
        return anySuite(view) != unless;
    }

    private boolean anySuite(final dev.baton.sample.SampleContext view) {
        int from = 0;
        for (final int end : suiteEnds) {
            if (allOf(view, from, end)) {
                return true;
            }
            from = end;
        }
        return false;
    }

    private boolean allOf(final dev.baton.sample.SampleContext view, final int from, final int end) {
        for (int i = from; i < end; i++) {
            if (anyTerm(acls[i], view) == negated[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyTerm(final AclTerm[] terms, final dev.baton.sample.SampleContext view) {
        for (final AclTerm t : terms) {
            if (t.matches(view)) {
                return true;
            }
        }
        return false;
    }

    /** {@link #decide} results, HAProxy's {@code ACL_TEST_*} values (so that OR and AND combine them). */
    public static final int FAIL = 0;
    public static final int MISS = 1;
    public static final int PASS = 3;

    /**
     * The three-valued test of content inspection (HAProxy's {@code acl_exec_cond}): {@link #MISS} when the answer
     * depends on bytes that may still arrive (a rule then waits), else {@link #PASS} or {@link #FAIL} with
     * {@code unless} applied. Suites and ACLs combine as HAProxy's: AND within a suite stops at the first ACL that
     * does not pass, OR across suites stops at the first that passes; a negated MISS stays MISS.
     */
    public int decide(final dev.baton.sample.SampleContext view) {
        if (this == NONE) {
            return PASS;
        }
        int result = FAIL;
        int from = 0;
        for (final int end : suiteEnds) {
            int suite = PASS;
            for (int i = from; i < end && suite == PASS; i++) {
                int acl = FAIL;
                for (final AclTerm t : acls[i]) {
                    acl |= t.decide(view);
                    if (acl == PASS) {
                        break;
                    }
                }
                if (negated[i] && acl != MISS) {
                    acl = acl == PASS ? FAIL : PASS;
                }
                suite &= acl;
            }
            result |= suite;
            if (result == PASS) {
                break;
            }
            from = end;
        }
        if (result == MISS) {
            return MISS;
        }
        return (result == PASS) != unless ? PASS : FAIL;
    }

    /** The condition as written, {@code if} or {@code unless} included; empty for {@link #NONE}. */
    @Override
    public String toString() {
        return text;
    }

    /** Builds a condition ACL by ACL, in the order written. Single-threaded, used at configuration load. */
    public static final class Builder {
        private final List<AclTerm[]> acls = new ArrayList<>();
        private final List<Boolean> negated = new ArrayList<>();
        private final List<Integer> suiteEnds = new ArrayList<>();

        /**
         * Adds an ACL, the OR of {@code terms} (an empty list never matches), to the current suite, negated
         * or not.
         */
        public Builder acl(final List<AclTerm> terms, final boolean negate) {
            acls.add(terms.toArray(new AclTerm[0]));
            negated.add(negate);
            return this;
        }

        /** Closes the current suite ({@code or}); an empty suite is dropped. */
        public Builder or() {
            final int end = acls.size();
            if (end > (suiteEnds.isEmpty() ? 0 : suiteEnds.get(suiteEnds.size() - 1))) {
                suiteEnds.add(end);
            }
            return this;
        }

        /** The condition, {@code unless} inverting it; {@code text} is how it was written. */
        public Condition build(final boolean unless, final String text) {
            or();
            final boolean[] neg = new boolean[negated.size()];
            for (int i = 0; i < neg.length; i++) {
                neg[i] = negated.get(i);
            }
            final int[] ends = suiteEnds.stream().mapToInt(Integer::intValue).toArray();
            return new Condition(unless, acls.toArray(new AclTerm[0][]), neg, ends, text);
        }
    }
}
