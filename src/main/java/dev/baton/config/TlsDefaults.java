package dev.baton.config;

import java.util.List;

/**
 * The global TLS settings: {@code ssl-default-bind-ciphers}, {@code -ciphersuites}, {@code -curves} and
 * {@code -options} (its versions and flags), the same for servers ({@code server ... ssl}) with
 * {@code ssl-server-verify} ({@code serverVerifyNone}: its {@code none}), {@code crt-base}, {@code ca-base},
 * {@code tune.ssl.default-dh-param}, {@code ssl-dh-param-file}, {@code tune.ssl.cachesize} and
 * {@code tune.ssl.lifetime}, {@code tune.ssl.hard-maxrecord} ({@code hardMaxRecord}: the most plaintext bytes one
 * record carries, on every TLS connection, client or server side; 0: a full record). Null or 0 where not set.
 */
public record TlsDefaults(String bindCiphers, String bindCiphersuites, String bindCurves, int bindMinVersion,
                          int bindMaxVersion, int bindDisabledVersions, boolean bindNoTlsTickets,
                          boolean bindPreferClientCiphers, String serverCiphers, String serverCiphersuites,
                          List<String> serverOptions, String crtBase, String caBase, int dhParamBits,
                          String dhParamFile, int cacheSize, long lifetimeSec, boolean serverVerifyNone,
                          int hardMaxRecord) {
    /** HAProxy's {@code tune.ssl.cachesize} default: 20000 sessions. */
    public static final int DEFAULT_CACHE_SIZE = 20000;
    /** HAProxy's {@code tune.ssl.lifetime} default: 300 s. */
    public static final long DEFAULT_LIFETIME_SEC = 300;

    public static final TlsDefaults NONE = new TlsDefaults(null, null, null, 0, 0, 0, false, false, null, null,
        List.of(), null, null, 0, null, DEFAULT_CACHE_SIZE, DEFAULT_LIFETIME_SEC, false, 0);

    public TlsDefaults {
        serverOptions = List.copyOf(serverOptions);
    }
}
