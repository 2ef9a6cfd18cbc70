package dev.baton.config;

/**
 * The protocol versions of HAProxy's {@code ssl-min-ver}, {@code ssl-max-ver}, {@code no-*} and {@code force-*}
 * keywords, as small integers in order (0: not set), with HAProxy 2.6's way of turning them into one range. Stateless.
 */
public final class TlsVersions {
    public static final int NONE = 0;
    public static final int SSLV3 = 1;
    public static final int TLSV10 = 2;
    public static final int TLSV11 = 3;
    public static final int TLSV12 = 4;
    public static final int TLSV13 = 5;
    /** The names {@code ssl-min-ver} takes, by version. */
    private static final String[] NAMES = {null, "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
    /** The suffixes of {@code no-X} and {@code force-X}, by version. */
    private static final String[] OPTION_SUFFIXES = {null, "sslv3", "tlsv10", "tlsv11", "tlsv12", "tlsv13"};
    /** The names the TLS engine knows, by version; SSLv3 is not in BoringSSL (nor in Debian's OpenSSL). */
    private static final String[] ENGINE_NAMES = {null, null, "TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"};
    static final String EXPECTED = "one of SSLv3, TLSv1.0, TLSv1.1, TLSv1.2, TLSv1.3";

    private TlsVersions() {
    }

    /** The version {@code ssl-min-ver NAME} names, or NONE when unknown. */
    public static int byName(final String name) {
        for (int v = SSLV3; v <= TLSV13; v++) {
            if (NAMES[v].equals(name)) {
                return v;
            }
        }
        return NONE;
    }

    /** The version of {@code no-X}/{@code force-X} with suffix X, or NONE. */
    public static int bySuffix(final String suffix) {
        for (int v = SSLV3; v <= TLSV13; v++) {
            if (OPTION_SUFFIXES[v].equals(suffix)) {
                return v;
            }
        }
        return NONE;
    }

    public static String name(final int version) {
        return NAMES[version];
    }

    /** The version as the engine names it ({@code TLSv1.2}), null for SSLv3 which it lacks. */
    public static String engineName(final int version) {
        return ENGINE_NAMES[version];
    }

    /** The bit of {@code version} in a set of disabled versions. */
    public static int bit(final int version) {
        return 1 << version;
    }

    /**
     * HAProxy 2.6's range for a bind ({@code ssl_sock_initial_ctx}): {@code no-*} flags count only when neither
     * bound is set; the minimum defaults to TLSv1.2 (or to the maximum when that is lower); versions the engine
     * lacks (SSLv3) are skipped; the result is the first and last version left, packed as {@code min << 8 | max},
     * or -1 when none is left. A hole inside the range is enabled too, as OpenSSL's min/max do.
     */
    public static int range(final int min, final int max, final int disabled) {
        int flags = min != NONE || max != NONE ? 0 : disabled;
        int lo = min;
        if (lo == NONE) {
            lo = max == NONE || max >= TLSV12 ? TLSV12 : max;
        }
        int first = NONE;
        int last = NONE;
        for (int v = SSLV3; v <= TLSV13; v++) {
            final boolean off = (flags & bit(v)) != 0 || v < lo || (max != NONE && v > max) || ENGINE_NAMES[v] == null;
            if (!off) {
                if (first == NONE) {
                    first = v;
                }
                last = v;
            }
        }
        return first == NONE ? -1 : first << 8 | last;
    }
}
