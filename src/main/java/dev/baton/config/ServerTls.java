package dev.baton.config;

import java.util.List;

/**
 * The TLS settings of one {@code server} (or {@code default-server}) line: {@code ssl} and what goes with it
 * ({@code verify}, {@code verifyhost}, {@code ca-file}, {@code crt}, {@code crl-file}, {@code sni}, {@code alpn},
 * {@code ciphers}, {@code ciphersuites}, {@code ssl-min-ver}, {@code ssl-max-ver}, the {@code no-}/{@code force-}
 * version flags, {@code no-ssl-reuse}, {@code no-tls-tickets}) and the checks' {@code check-ssl}/{@code no-check-ssl}.
 * These are kept even without {@code ssl} (as HAProxy keeps them: a later {@code ssl} uses them). Null or 0 where
 * not set; {@code dev.baton.tls.ServerTlsContext} merges them with the global {@code ssl-default-server-*}.
 *
 * @param sni the {@code sni} expression as written ({@code req.hdr(host)}, {@code str(NAME)}, {@code ssl_fc_sni})
 * @param checkSsl {@link #CHECK_SSL_DEFAULT}, {@link #CHECK_SSL_ON} ({@code check-ssl}) or {@link #CHECK_SSL_OFF}
 *     ({@code no-check-ssl})
 * @param checkSni the server name the health checks send ({@code check-sni}), or null
 */
public record ServerTls(boolean ssl, int verify, String verifyHost, String caFile, String crt, String crlFile,
                        String sni, List<String> alpn, String ciphers, String ciphersuites, int minVersion,
                        int maxVersion, int disabledVersions, boolean noReuse, boolean noTlsTickets, int checkSsl,
                        String checkSni) {
    /** {@code verify} not written: the global {@code ssl-server-verify} decides (HAProxy's default: required). */
    public static final int VERIFY_DEFAULT = 0;
    public static final int VERIFY_NONE = 1;
    public static final int VERIFY_REQUIRED = 2;
    public static final int CHECK_SSL_DEFAULT = 0;
    public static final int CHECK_SSL_ON = 1;
    public static final int CHECK_SSL_OFF = 2;

    public static final ServerTls NONE = new ServerTls(false, VERIFY_DEFAULT, null, null, null, null, null, null,
        null, null, TlsVersions.NONE, TlsVersions.NONE, 0, false, false, CHECK_SSL_DEFAULT, null);

    public ServerTls {
        alpn = alpn == null ? null : List.copyOf(alpn);
    }

    /**
     * Whether the health checks speak TLS, as HAProxy 2.6 decides: {@code check-ssl}; or {@code ssl} when the check
     * goes where the traffic goes (no check {@code port} nor {@code addr}) and {@code no-check-ssl} is absent.
     */
    public boolean checksOverTls(final CheckOptions check) {
        if (checkSsl == CHECK_SSL_ON) {
            return true;
        }
        return ssl && checkSsl != CHECK_SSL_OFF && check.port() == 0 && check.addr() == null;
    }

    /** A mutable copy, for the line parser. */
    Builder toBuilder() {
        final Builder b = new Builder();
        b.ssl = ssl;
        b.verify = verify;
        b.verifyHost = verifyHost;
        b.caFile = caFile;
        b.crt = crt;
        b.crlFile = crlFile;
        b.sni = sni;
        b.alpn = alpn;
        b.ciphers = ciphers;
        b.ciphersuites = ciphersuites;
        b.minVersion = minVersion;
        b.maxVersion = maxVersion;
        b.disabledVersions = disabledVersions;
        b.noReuse = noReuse;
        b.noTlsTickets = noTlsTickets;
        b.checkSsl = checkSsl;
        b.checkSni = checkSni;
        return b;
    }

    /** The fields of a {@link ServerTls} being parsed; config-reading thread. */
    static final class Builder {
        boolean ssl;
        int verify;
        String verifyHost;
        String caFile;
        String crt;
        String crlFile;
        String sni;
        List<String> alpn;
        String ciphers;
        String ciphersuites;
        int minVersion;
        int maxVersion;
        int disabledVersions;
        boolean noReuse;
        boolean noTlsTickets;
        int checkSsl;
        String checkSni;

        ServerTls build() {
            return new ServerTls(ssl, verify, verifyHost, caFile, crt, crlFile, sni, alpn, ciphers, ciphersuites,
                minVersion, maxVersion, disabledVersions, noReuse, noTlsTickets, checkSsl, checkSni);
        }
    }
}
