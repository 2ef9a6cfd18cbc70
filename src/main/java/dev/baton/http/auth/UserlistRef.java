package dev.baton.http.auth;

/**
 * A userlist named by a rule ({@code http_auth(L)}), resolved once every section was read: a userlist may be
 * declared after the proxies that use it, as in HAProxy. The loading thread resolves it before the configuration
 * is published to the reactors, which only read it.
 */
public final class UserlistRef {
    private final String name;
    private Userlist list;

    public UserlistRef(final String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** Loading thread only, before the configuration is published. */
    public void resolve(final Userlist userlist) {
        this.list = userlist;
    }

    /** The list, or null before {@link #resolve} (an unresolved reference is a configuration error). */
    public Userlist list() {
        return list;
    }
}
