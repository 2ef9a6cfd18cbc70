package dev.baton.http.rules;

/**
 * {@code http-request set-priority-class int(N)} and {@code set-priority-offset int(N)}: where the request stands
 * if it has to wait in a queue (docs/queues.md Q6). The class (lower first) is clamped to HAProxy's
 * -2047..2047, the offset (ms added to the arrival time, lower first) to -524287..524287 by the parser. A later
 * matching rule of the same kind replaces the value, as in HAProxy.
 */
public record PriorityRule(Kind kind, int value, Condition condition) implements HttpRule {
    /** HAProxy's bounds of a priority class. */
    public static final int MAX_CLASS = 2047;
    /** HAProxy's bounds of a priority offset, in ms. */
    public static final int MAX_OFFSET_MS = 524287;

    public PriorityRule {
        if (kind != Kind.SET_PRIORITY_CLASS && kind != Kind.SET_PRIORITY_OFFSET) {
            throw new IllegalArgumentException("not a priority kind: " + kind);
        }
    }
}
