package dev.baton.config;

/**
 * {@code option redispatch [interval]}: when enabled, a retry may go to another server. A positive
 * interval P redispatches on every Pth retry; a negative N on the Nth retry before the last (the default
 * -1: the last retry); HAProxy's meanings.
 */
public record Redispatch(boolean enabled, int interval) {
    public static final Redispatch OFF = new Redispatch(false, -1);

    /**
     * Whether retry number {@code retry} (1-based) out of {@code retries} should pick another server.
     */
    public boolean appliesTo(final int retry, final int retries) {
        if (!enabled) {
            return false;
        }
        if (interval > 0) {
            return retry % interval == 0;
        }
        return retry == retries + 1 + interval;
    }
}
