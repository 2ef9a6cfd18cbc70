package dev.baton.http.rules;

/**
 * {@code http-request deny [deny_status STATUS]}: the request is refused with the proxy's error response
 * for {@code status} (its {@code errorfile}, else baton's built-in one); 403 by default.
 */
public record DenyRule(int status, Condition condition) implements HttpRule {
    public static final int DEFAULT_STATUS = 403;

    @Override
    public Kind kind() {
        return Kind.DENY;
    }
}
