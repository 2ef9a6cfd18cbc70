package dev.baton.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the global TLS keywords into {@link TlsDefaults}: {@code ssl-default-bind-*} and
 * {@code ssl-default-server-*} (ciphers, ciphersuites, curves, options), {@code crt-base}, {@code ca-base},
 * {@code tune.ssl.default-dh-param}, {@code ssl-dh-param-file}, {@code tune.ssl.cachesize} and
 * {@code tune.ssl.lifetime}, as HAProxy 2.6's cfgparse-ssl.c reads them. One instance per load; config-reading
 * thread.
 */
final class TlsGlobalKeywords {
    static final Set<String> KEYWORDS = Set.of(
        "ssl-default-bind-ciphers", "ssl-default-bind-ciphersuites", "ssl-default-bind-curves",
        "ssl-default-bind-options", "ssl-default-server-ciphers", "ssl-default-server-ciphersuites",
        "ssl-default-server-options", "crt-base", "ca-base", "tune.ssl.default-dh-param", "ssl-dh-param-file",
        "tune.ssl.cachesize", "tune.ssl.lifetime", "ssl-server-verify", "tune.ssl.hard-maxrecord",
        "tune.ssl.maxrecord");

    private String bindCiphers;
    private String bindCiphersuites;
    private String bindCurves;
    private int bindMin;
    private int bindMax;
    private int bindDisabled;
    private boolean bindNoTickets;
    private boolean bindPreferClient;
    private String serverCiphers;
    private String serverCiphersuites;
    private final List<String> serverOptions = new ArrayList<>();
    private String crtBase;
    private String caBase;
    private int dhParamBits;
    private String dhParamFile;
    private int cacheSize = TlsDefaults.DEFAULT_CACHE_SIZE;
    private long lifetimeSec = TlsDefaults.DEFAULT_LIFETIME_SEC;
    private boolean serverVerifyNone;
    private int hardMaxRecord;

    /** One line whose keyword is in {@link #KEYWORDS}. */
    void parse(final Directive d) {
        final String kw = d.keyword();
        switch (kw) {
            case "ssl-default-bind-ciphers":
                bindCiphers = single(d, "an OpenSSL cipher list");
                break;
            case "ssl-default-bind-ciphersuites":
                bindCiphersuites = single(d, "a TLS 1.3 cipher suite list");
                break;
            case "ssl-default-bind-curves":
                bindCurves = single(d, "a colon-separated list of curves such as X25519:P-256");
                break;
            case "ssl-default-server-ciphers":
                serverCiphers = single(d, "an OpenSSL cipher list");
                break;
            case "ssl-default-server-ciphersuites":
                serverCiphersuites = single(d, "a TLS 1.3 cipher suite list");
                break;
            case "ssl-default-bind-options":
                bindOptions(d);
                break;
            case "ssl-default-server-options":
                serverOptions(d);
                break;
            case "crt-base":
                crtBase = base(d, crtBase);
                d.paths().crtBaseRead();
                break;
            case "ca-base":
                caBase = base(d, caBase);
                d.paths().caBaseRead();
                break;
            case "tune.ssl.default-dh-param":
                // sizes finite-field DHE, which BoringSSL does not offer: checked, nothing else to size (README)
                dhParamBits = d.intArg(1, kw, 1024, Integer.MAX_VALUE);
                d.noMoreThan(2, kw);
                break;
            case "ssl-dh-param-file":
                dhParamFile = d.paths().resolve(single(d, "a file of DH parameters"));
                break;
            case "ssl-server-verify": {
                final String v = single(d, "none or required");
                if (!v.equals("none") && !v.equals("required")) {
                    throw new LineError(Messages.badValue(kw, "none or required", v));
                }
                serverVerifyNone = v.equals("none");
                break;
            }
            case "tune.ssl.hard-maxrecord":
                hardMaxRecord = d.intArg(1, kw, 0, Integer.MAX_VALUE);
                d.noMoreThan(2, kw);
                break;
            case "tune.ssl.maxrecord":
                d.intArg(1, kw, 0, Integer.MAX_VALUE);
                d.noMoreThan(2, kw);
                throw new LineError("'tune.ssl.maxrecord' is refused: HAProxy caps TLS records to it only until its "
                    + "streamer detection (tune.idletimer) lets them grow for a bulk transfer, which baton does not "
                    + "have; write 'tune.ssl.hard-maxrecord N' to cap every record, or remove the line");
            case "tune.ssl.cachesize":
                cacheSize = d.intArg(1, kw, 0, Integer.MAX_VALUE);
                d.noMoreThan(2, kw);
                break;
            default:
                lifetimeSec = lifetime(d);
                break;
        }
    }

    /** {@code ssl-default-bind-options}: every option HAProxy's list takes, in one or more words. */
    private void bindOptions(final Directive d) {
        d.require(1, d.keyword(), "an option such as no-tls-tickets or ssl-min-ver TLSv1.2");
        for (int i = 1; i < d.size(); i++) {
            final String o = d.word(i);
            switch (o) {
                case "no-tls-tickets":
                    bindNoTickets = true;
                    break;
                case "prefer-client-ciphers":
                    bindPreferClient = true;
                    break;
                case "ssl-min-ver":
                    bindMin = BindTlsParser.version(d, ++i, d.keyword() + " ssl-min-ver");
                    break;
                case "ssl-max-ver":
                    bindMax = BindTlsParser.version(d, ++i, d.keyword() + " ssl-max-ver");
                    break;
                default:
                    final int v = versionOption(d, o);
                    if (o.startsWith("no-")) {
                        bindDisabled |= TlsVersions.bit(v);
                    } else {
                        bindMin = v;
                        bindMax = v;
                    }
            }
        }
    }

    /** {@code ssl-default-server-options}: checked as HAProxy checks it, kept for server-side TLS. */
    private void serverOptions(final Directive d) {
        d.require(1, d.keyword(), "an option such as no-tls-tickets or ssl-min-ver TLSv1.2");
        for (int i = 1; i < d.size(); i++) {
            final String o = d.word(i);
            serverOptions.add(o);
            if (o.equals("ssl-min-ver") || o.equals("ssl-max-ver")) {
                BindTlsParser.version(d, ++i, d.keyword() + " " + o);
                serverOptions.add(d.word(i));
            } else if (!o.equals("no-tls-tickets")) {
                versionOption(d, o);
            }
        }
    }

    /** The version of a {@code no-X}/{@code force-X} option, or the line is refused as HAProxy refuses it. */
    private static int versionOption(final Directive d, final String o) {
        final int dash = o.indexOf('-');
        final String prefix = dash < 0 ? "" : o.substring(0, dash + 1);
        final int v = dash < 0 ? TlsVersions.NONE : TlsVersions.bySuffix(o.substring(dash + 1));
        if (v == TlsVersions.NONE || !(prefix.equals("no-") || prefix.equals("force-"))) {
            throw new LineError("unknown option '" + Messages.echo(o) + "' on global statement '" + d.keyword() + "'");
        }
        return v;
    }

    /** {@code tune.ssl.lifetime TIME}: seconds unless a unit is given, as HAProxy reads it. */
    private static long lifetime(final Directive d) {
        final String text = d.require(1, d.keyword(), "a time such as 300 (seconds) or 5m");
        d.noMoreThan(2, d.keyword());
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            return d.intArg(1, d.keyword(), 0, Integer.MAX_VALUE);
        }
        return d.timeArg(1, d.keyword()) / 1000;
    }

    private static String base(final Directive d, final String previous) {
        if (previous != null) {
            throw new LineError("'" + d.keyword() + "' already specified");
        }
        final String dir = single(d, "a directory");
        return d.paths().resolve(dir);
    }

    private static String single(final Directive d, final String expected) {
        final String v = d.require(1, d.keyword(), expected);
        d.noMoreThan(2, d.keyword());
        return v;
    }

    TlsDefaults finish() {
        return new TlsDefaults(bindCiphers, bindCiphersuites, bindCurves, bindMin, bindMax, bindDisabled, bindNoTickets,
            bindPreferClient, serverCiphers, serverCiphersuites, serverOptions, crtBase, caBase, dhParamBits,
            dhParamFile, cacheSize, lifetimeSec, serverVerifyNone, hardMaxRecord);
    }
}
