package dev.baton.config;

/**
 * A server's health-check settings, HAProxy's server keywords (Layer 4 checks: a TCP connect):
 * <ul>
 *   <li>{@code enabled}: {@code check} (undone by {@code no-check});</li>
 *   <li>{@code interMs}: the interval between two checks while the server is UP and stable (default 2 s), also
 *       the check's timeout (see {@link Timeouts#checkMs()});</li>
 *   <li>{@code fastinterMs}: the interval while the server is changing state (UP but failing, DOWN but passing);
 *       0 when not set, which means {@code interMs};</li>
 *   <li>{@code downinterMs}: the interval while the server is DOWN; 0 when not set, which means {@code interMs};</li>
 *   <li>{@code rise}, {@code fall}: consecutive successes to go UP (default 2), failures to go DOWN (default 3);</li>
 *   <li>{@code port}: the port checked, 0 for the server's own;</li>
 *   <li>{@code addr}: the address checked (a literal or a name resolved once at start-up), null for the
 *       server's own.</li>
 * </ul>
 */
public record CheckOptions(boolean enabled, long interMs, long fastinterMs, long downinterMs, int rise, int fall,
                           int port, String addr) {
    public static final CheckOptions DEFAULT = new CheckOptions(false, 2000, 0, 0, 2, 3, 0, null);

    /** The interval while changing state: {@code fastinter}, else {@code inter}. */
    public long effectiveFastinterMs() {
        return fastinterMs > 0 ? fastinterMs : interMs;
    }

    /** The interval while DOWN: {@code downinter}, else {@code inter}. */
    public long effectiveDowninterMs() {
        return downinterMs > 0 ? downinterMs : interMs;
    }

    public CheckOptions withEnabled(final boolean v) {
        return new CheckOptions(v, interMs, fastinterMs, downinterMs, rise, fall, port, addr);
    }

    public CheckOptions withInterMs(final long v) {
        return new CheckOptions(enabled, v, fastinterMs, downinterMs, rise, fall, port, addr);
    }

    public CheckOptions withFastinterMs(final long v) {
        return new CheckOptions(enabled, interMs, v, downinterMs, rise, fall, port, addr);
    }

    public CheckOptions withDowninterMs(final long v) {
        return new CheckOptions(enabled, interMs, fastinterMs, v, rise, fall, port, addr);
    }

    public CheckOptions withRise(final int v) {
        return new CheckOptions(enabled, interMs, fastinterMs, downinterMs, v, fall, port, addr);
    }

    public CheckOptions withFall(final int v) {
        return new CheckOptions(enabled, interMs, fastinterMs, downinterMs, rise, v, port, addr);
    }

    public CheckOptions withPort(final int v) {
        return new CheckOptions(enabled, interMs, fastinterMs, downinterMs, rise, fall, v, addr);
    }

    public CheckOptions withAddr(final String v) {
        return new CheckOptions(enabled, interMs, fastinterMs, downinterMs, rise, fall, port, v);
    }
}
