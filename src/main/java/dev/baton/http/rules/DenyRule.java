package dev.baton.http.rules;

/**
 * {@code http-request deny [deny_status STATUS]}: the request is refused (with {@code http-response deny}, the
 * server's response: 502 by default) with the proxy's error response for
 * {@code status} (its {@code errorfile}, else baton's built-in one); 403 by default. With {@code tarpit}
 * ({@code http-request tarpit}), the same answer (500 by default) only once the proxy's {@code timeout tarpit} has
 * passed, the request held meanwhile. With reply arguments ({@code status}, {@code content-type}, {@code string},
 * {@code hdr}..., as {@code return}), {@code reply} is the answer; it is the proxy's error reply for {@code status}
 * otherwise. {@code status} is always {@code reply.status()}.
 */
public record DenyRule(int status, Condition condition, boolean tarpit, HttpReply reply) implements HttpRule {
    public static final int DEFAULT_STATUS = 403;
    /** The status of a {@code tarpit} without {@code deny_status}, as HAProxy: a fake server error. */
    public static final int DEFAULT_TARPIT_STATUS = 500;
    /** The status of an {@code http-response deny} without one, as HAProxy: the server's answer is refused. */
    public static final int DEFAULT_RESPONSE_STATUS = 502;

    public DenyRule {
        if (reply == null) {
            reply = HttpReply.proxyErrors(status);
        } else if (reply.status() != status) {
            throw new IllegalArgumentException("status " + status + " but a reply of " + reply.status());
        }
    }

    /** A plain {@code deny}. */
    public DenyRule(final int status, final Condition condition) {
        this(status, condition, false);
    }

    /** A {@code deny} or {@code tarpit} answered with the proxy's error reply for {@code status}. */
    public DenyRule(final int status, final Condition condition, final boolean tarpit) {
        this(status, condition, tarpit, null);
    }

    /** A {@code deny} or {@code tarpit} answered with {@code reply}. */
    public DenyRule(final HttpReply reply, final Condition condition, final boolean tarpit) {
        this(reply.status(), condition, tarpit, reply);
    }

    @Override
    public Kind kind() {
        return tarpit ? Kind.TARPIT : Kind.DENY;
    }
}
