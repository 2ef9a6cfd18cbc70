package dev.baton.config;

import dev.baton.http.rules.AclTerm;

/**
 * The moments of a stream at which an SPOE engine sends the messages bound to them ({@code event NAME} of a
 * {@code spoe-message} section), HAProxy 2.6's list. Each names the rules it runs just before and what its
 * messages' arguments may read there ({@link #side}).
 */
public enum SpoeEvent {
    /** A client connection was accepted; before the stream's first rules. Frontend side only. */
    ON_CLIENT_SESSION("on-client-session", true),
    /** A connection to a server was established. */
    ON_SERVER_SESSION("on-server-session", false),
    /** Before the frontend's {@code tcp-request content} rules. */
    ON_FRONTEND_TCP_REQUEST("on-frontend-tcp-request", true),
    /** Before the backend's {@code tcp-request content} rules. */
    ON_BACKEND_TCP_REQUEST("on-backend-tcp-request", false),
    /** Before the {@code tcp-response content} rules. */
    ON_TCP_RESPONSE("on-tcp-response", false),
    /** Before the frontend's {@code http-request} rules. */
    ON_FRONTEND_HTTP_REQUEST("on-frontend-http-request", true),
    /** Before the backend's {@code http-request} rules. */
    ON_BACKEND_HTTP_REQUEST("on-backend-http-request", false),
    /** Before the {@code http-response} rules. */
    ON_HTTP_RESPONSE("on-http-response", false);

    private final String keyword;
    private final boolean frontendOnly;

    SpoeEvent(final String keyword, final boolean frontendOnly) {
        this.keyword = keyword;
        this.frontendOnly = frontendOnly;
    }

    /** The name written after {@code event}. */
    public String keyword() {
        return keyword;
    }

    /** Whether only a filter in a frontend or listen section sees it. */
    public boolean frontendOnly() {
        return frontendOnly;
    }

    /** The event named {@code keyword}, or null. */
    public static SpoeEvent of(final String keyword) {
        for (final SpoeEvent e : values()) {
            if (e.keyword.equals(keyword)) {
                return e;
            }
        }
        return null;
    }

    /** What the rules that follow the event offer to fetches, in a proxy of {@code mode}. */
    public AclTerm.Side side(final Mode mode) {
        switch (this) {
            case ON_CLIENT_SESSION:
            case ON_SERVER_SESSION:
                return AclTerm.Side.ANY;
            case ON_FRONTEND_TCP_REQUEST:
            case ON_BACKEND_TCP_REQUEST:
                return mode == Mode.HTTP ? AclTerm.Side.HTTP_CONTENT : AclTerm.Side.CONTENT;
            case ON_TCP_RESPONSE:
                return AclTerm.Side.RESPONSE_CONTENT;
            case ON_FRONTEND_HTTP_REQUEST:
            case ON_BACKEND_HTTP_REQUEST:
                return AclTerm.Side.REQUEST;
            default:
                return AclTerm.Side.RESPONSE;
        }
    }
}
