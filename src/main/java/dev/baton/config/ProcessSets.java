package dev.baton.config;

/**
 * The process sets of HAProxy's multi-process keywords ({@code stats bind-process}, {@code bind-process}), which
 * HAProxy 2.6 still reads although it runs one process: {@code all}, {@code odd}, {@code even} and numbers or ranges
 * within 1..1 are taken (and change nothing, there being one process), anything else is refused with HAProxy's
 * message. Stateless.
 */
final class ProcessSets {
    private ProcessSets() {
    }

    /** Checks words {@code from} to the end of {@code d}; {@code what} starts the refusal ({@code 'stats bind-process'}). */
    static void check(final Directive d, final int from, final String what) {
        for (int i = from; d.has(i); i++) {
            final String set = d.word(i);
            if (!valid(set)) {
                throw new LineError(what + " : '" + set + "' is not a valid number/range. It supports numbers from 1 "
                    + "to 1.");
            }
        }
    }

    private static boolean valid(final String set) {
        switch (set) {
            case "all", "odd", "even", "1", "1-1", "1-", "-1":
                return true;
            default:
                return false;
        }
    }
}
