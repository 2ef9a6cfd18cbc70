package dev.baton.http.rules;

/**
 * {@code http-request|http-response|http-after-response strict-mode on|off}: whether a rewrite that fails later in
 * the same rule list (a value or added headers that do not fit, a value with a forbidden byte) stops the list with
 * an internal error ({@code on}, the default each list starts with) or is skipped, the message going on without it
 * ({@code off}), as HAProxy 2.6's {@code HTTP_MSGF_SOFT_RW}.
 */
public record StrictModeRule(boolean on, Condition condition) implements HttpRule {
    @Override
    public Kind kind() {
        return Kind.STRICT_MODE;
    }
}
