package dev.baton.http.rules;

/**
 * {@code http-request deny [deny_status STATUS]}: the request is refused with the proxy's error response
 * for {@code status} (its {@code errorfile}, else baton's built-in one); 403 by default. With {@code tarpit}
 * ({@code http-request tarpit}), the same answer (500 by default) only once the proxy's {@code timeout tarpit} has
 * passed, the request held meanwhile.
 */
public record DenyRule(int status, Condition condition, boolean tarpit) implements HttpRule {
    public static final int DEFAULT_STATUS = 403;
    /** The status of a {@code tarpit} without {@code deny_status}, as HAProxy: a fake server error. */
    public static final int DEFAULT_TARPIT_STATUS = 500;

    /** A plain {@code deny}. */
    public DenyRule(final int status, final Condition condition) {
        this(status, condition, false);
    }

    @Override
    public Kind kind() {
        return tarpit ? Kind.TARPIT : Kind.DENY;
    }
}
