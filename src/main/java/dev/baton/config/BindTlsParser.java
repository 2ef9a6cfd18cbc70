package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The TLS options of one {@code bind} line ({@code ssl}, {@code crt}, {@code alpn}, versions, ciphers, curves,
 * {@code strict-sni}...), read as HAProxy 2.6 reads them (doc/configuration.txt 5.1); client certificates,
 * {@code crt-list} and ticket keys are read by {@link BindClientTlsParser}. What baton will not do ({@code npn},
 * 0-RTT, generated certificates, HTTP/2 by ALPN) is refused naming why. One instance per bind line; config-reading thread.
 */
final class BindTlsParser {
    static final String EXPECTED_ALPN = "a comma-separated list of protocol names such as http/1.1";

    private boolean ssl;
    private final List<String> certs = new ArrayList<>();
    private List<String> alpn;
    /** The {@code default-path} directory at this line, for the names inside its crt-lists ({@link BindTls}). */
    private String fileBase;
    private String ciphers;
    private String ciphersuites;
    private String curves;
    private String ecdhe;
    private int minVersion;
    private int maxVersion;
    private int disabled;
    private boolean strictSni;
    private boolean noTickets;
    private boolean preferClientCiphers;
    /** Client certificates, crt-list and ticket keys. */
    private final BindClientTlsParser client = new BindClientTlsParser();
    /** The first TLS option seen, named in the warning of a line without {@code ssl}. */
    private String firstOption;

    /**
     * Reads the option at word {@code i}: the index of its last word, or -1 when it is not a TLS option.
     */
    int option(final Directive d, final int i) {
        final String kw = d.word(i);
        int last = i;
        fileBase = d.paths().base() == null ? null : d.paths().base().toString();
        switch (kw) {
            case "ssl":
                ssl = true;
                return i;
            case "crt":
                certs.add(d.certificateFile(++last, "bind crt", "a certificate file or directory"));
                break;
            case "alpn":
                alpn = alpn(d.require(++last, "bind alpn", EXPECTED_ALPN));
                break;
            case "ciphers":
                ciphers = d.require(++last, "bind ciphers", "an OpenSSL cipher list");
                break;
            case "ciphersuites":
                ciphersuites = d.require(++last, "bind ciphersuites", "a TLS 1.3 cipher suite list");
                break;
            case "curves":
                curves = d.require(++last, "bind curves", "a colon-separated list of curves such as X25519:P-256");
                break;
            case "ecdhe":
                ecdhe = d.require(++last, "bind ecdhe", "a named curve such as prime256v1");
                break;
            case "ssl-min-ver":
                minVersion = version(d, ++last, "bind ssl-min-ver");
                break;
            case "ssl-max-ver":
                maxVersion = version(d, ++last, "bind ssl-max-ver");
                break;
            case "strict-sni":
                strictSni = true;
                break;
            case "no-tls-tickets":
                noTickets = true;
                break;
            case "prefer-client-ciphers":
                preferClientCiphers = true;
                break;
            case "crt-ignore-err":
            case "ca-ignore-err":
            case "crt-list":
            case "ca-file":
            case "ca-verify-file":
            case "crl-file":
            case "verify":
            case "tls-ticket-keys":
            case "no-ca-names":
                last = client.option(d, i);
                break;
            case "npn":
                throw new LineError("bind option 'npn' is refused: NPN is obsolete and baton's TLS engine offers "
                    + "ALPN only; use 'alpn http/1.1'");
            case "allow-0rtt":
                throw new LineError("bind option 'allow-0rtt' is refused: baton does not accept TLS 1.3 early data "
                    + "(replayable requests); remove it");
            case "generate-certificates":
            case "ca-sign-file":
            case "ca-sign-pass":
                throw new LineError("bind option '" + kw + "' is refused: baton does not forge certificates on the "
                    + "fly; give every certificate with 'crt'");
            default:
                if (!versionOption(kw)) {
                    return -1;
                }
                break;
        }
        if (firstOption == null) {
            firstOption = kw;
        }
        return last;
    }

    /** {@code no-sslv3}, {@code no-tlsv1x}, {@code force-tlsv1x}: true when {@code kw} was one. */
    private boolean versionOption(final String kw) {
        final boolean no = kw.startsWith("no-");
        if (!no && !kw.startsWith("force-")) {
            return false;
        }
        final int v = TlsVersions.bySuffix(kw.substring(no ? 3 : 6));
        if (v == TlsVersions.NONE) {
            return false;
        }
        if (no) {
            disabled |= TlsVersions.bit(v);
        } else {
            minVersion = v;
            maxVersion = v;
        }
        return true;
    }

    /**
     * The settings, or null for a line without {@code ssl}. TLS options on such a line have been read and checked
     * (a {@code crt} must exist) but do nothing, as in HAProxy 2.6, which takes them silently: baton says so in a
     * warning, since an operator writing them most likely meant {@code ssl}. An {@code ssl} line needs a certificate.
     */
    BindTls finish(final Directive d) {
        if (!ssl) {
            if (firstOption != null) {
                d.warning("bind option '" + firstOption + "' is ignored: TLS options apply only to a bind line with "
                    + "'ssl', and this line has none (add 'ssl' to serve TLS)");
            }
            return null;
        }
        if (certs.isEmpty() && client.crtLists.isEmpty()) {
            throw new LineError("bind option 'ssl' needs a certificate: add 'crt FILE|DIR' or 'crt-list FILE'");
        }
        return new BindTls(certs, alpn, ciphers, ciphersuites, curves, ecdhe, minVersion, maxVersion, disabled,
            strictSni, noTickets, preferClientCiphers, client.verify, client.caFile, client.caVerifyFile,
            client.crlFile, client.crtIgnoreErr, client.caIgnoreErr, client.noCaNames, client.crtLists,
            client.ticketKeys, fileBase);
    }

    /** A version name of {@code ssl-min-ver}/{@code ssl-max-ver}. */
    static int version(final Directive d, final int index, final String kw) {
        final String name = d.require(index, kw, TlsVersions.EXPECTED);
        final int v = TlsVersions.byName(name);
        if (v == TlsVersions.NONE) {
            throw new LineError(Messages.badValue(kw, TlsVersions.EXPECTED, name));
        }
        return v;
    }

    /**
     * {@code alpn LIST}: the names advertised, any names as in HAProxy. A {@code mode http} frontend serves HTTP/2 when
     * the client picks h2 and HTTP/1 for any other pick (HAProxy's default for the mode, as when a name matches none
     * of its protocols); a {@code mode tcp} frontend passes the bytes whatever was picked.
     */
    static List<String> alpn(final String text) {
        final List<String> out = new ArrayList<>();
        for (final String p : text.split(",", -1)) {
            if (p.isEmpty() || p.length() > 255) {
                throw new LineError(Messages.badValue("bind alpn", EXPECTED_ALPN, text));
            }
            out.add(p);
        }
        return out;
    }
}
