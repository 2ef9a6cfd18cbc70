package dev.baton.http.rules;

/**
 * {@code http-response set-status CODE [reason TEXT]} and the same in {@code http-after-response}: the response's
 * status becomes {@code status} (100..999) with {@code reason}, or when none is given the standard reason of the
 * code ({@link StatusReasons}), the HTTP version kept; the log shows the new status, as in HAProxy.
 */
public record StatusRule(int status, String reason, Condition condition) implements HttpRule {
    public StatusRule {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status " + status);
        }
        reason = reason != null ? reason : StatusReasons.of(status);
    }

    @Override
    public Kind kind() {
        return Kind.SET_STATUS;
    }
}
