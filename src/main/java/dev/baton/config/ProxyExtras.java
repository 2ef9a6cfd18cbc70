package dev.baton.config;

/**
 * What a proxy section says of itself beyond its traffic settings: {@code id} (HAProxy's uuid, shown as the
 * stats' {@code iid}: the one written with {@code id N}, else the next free one as HAProxy numbers them, 0 in a
 * configuration built by hand), {@code forcedId} (written with {@code id}), {@code disabled} ({@code disabled}: the
 * proxy does not start: a frontend binds nothing, a backend serves nothing, so requests routed to it get 503,
 * and neither shows in the stats), {@code description} (null when unset) and the {@link ProxyOptions}.
 */
public record ProxyExtras(int id, boolean forcedId, boolean disabled, String description, ProxyOptions options) {
    /** A proxy without id, enabled, without description or options. */
    public static final ProxyExtras NONE = new ProxyExtras(0, false, false, null, ProxyOptions.NONE);

    /** These extras with the id in force set to {@code resolved}. */
    public ProxyExtras withId(final int resolved) {
        return new ProxyExtras(resolved, forcedId, disabled, description, options);
    }
}
