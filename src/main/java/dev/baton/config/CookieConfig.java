package dev.baton.config;

/**
 * A backend's {@code cookie NAME [rewrite|insert|prefix] [indirect] [nocache] [postonly] [preserve] [httponly]
 * [secure] [domain D]... [maxidle T] [maxlife T] [attr V]...}: HAProxy's cookie-based persistence. {@code mode} is
 * {@link Mode#PASSIVE} when no mode word was written (the cookie is only read: the server sets it). {@code domains}
 * is what follows {@code domain=} in the Set-Cookie (several domains joined by {@code "; domain="}, as HAProxy writes
 * them), null when none; {@code attrs} the {@code attr} values joined by {@code "; "}, null when none; times in
 * seconds, 0 when unset. {@code dynamic}: a server without {@code cookie VALUE} gets one derived from
 * {@code dynamicKey} (the proxy's {@code dynamic-cookie-key}, null when none), its address and port
 * ({@code dev.baton.backend.DynamicCookies}). Immutable.
 */
public record CookieConfig(String name, Mode mode, boolean indirect, boolean nocache, boolean postonly,
                           boolean preserve, boolean httponly, boolean secure, String domains, long maxidleS,
                           long maxlifeS, String attrs, boolean dynamic, String dynamicKey) {
    /** Without dynamic cookies. */
    public CookieConfig(final String name, final Mode mode, final boolean indirect, final boolean nocache,
                        final boolean postonly, final boolean preserve, final boolean httponly, final boolean secure,
                        final String domains, final long maxidleS, final long maxlifeS, final String attrs) {
        this(name, mode, indirect, nocache, postonly, preserve, httponly, secure, domains, maxidleS, maxlifeS, attrs,
            false, null);
    }

    /** The same with the proxy's {@code dynamic-cookie-key}. */
    public CookieConfig withDynamicKey(final String key) {
        return new CookieConfig(name, mode, indirect, nocache, postonly, preserve, httponly, secure, domains, maxidleS,
            maxlifeS, attrs, dynamic, key);
    }

    /** How the cookie reaches the client. */
    public enum Mode {
        /** Only read: the server sets it. */
        PASSIVE,
        /** baton adds a Set-Cookie naming the server. */
        INSERT,
        /** baton replaces the value of the server's own Set-Cookie with the server's cookie. */
        REWRITE,
        /** baton prefixes the value of the server's own cookie with {@code SERVER~}. */
        PREFIX
    }

    public boolean insert() {
        return mode == Mode.INSERT;
    }
}
