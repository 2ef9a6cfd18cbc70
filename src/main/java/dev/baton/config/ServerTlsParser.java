package dev.baton.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The TLS keywords of {@code server} and {@code default-server} lines (HAProxy 2.6's ssl_sock server keywords):
 * {@code ssl}/{@code no-ssl}, {@code verify none|required}, {@code verifyhost NAME}/{@code no-verifyhost},
 * {@code ca-file}, {@code crt}, {@code crl-file}, {@code sni EXPR}, {@code alpn}, {@code ciphers},
 * {@code ciphersuites}, {@code ssl-min-ver}, {@code ssl-max-ver}, {@code no-sslv3}/{@code no-tlsv1x},
 * {@code force-*}, {@code no-ssl-reuse}/{@code ssl-reuse}, {@code no-tls-tickets}/{@code tls-tickets} and
 * {@code check-ssl}/{@code no-check-ssl} and {@code check-sni} (health checks over TLS). Stateless; config-reading
 * thread.
 */
final class ServerTlsParser {
    static final String EXPECTED_SNI = "req.hdr(host), str(NAME) or ssl_fc_sni";
    static final String EXPECTED_ALPN = "a comma-separated list of protocol names such as http/1.1";

    private static final Map<String, Integer> ARITY = Map.ofEntries(
        Map.entry("ssl", 0), Map.entry("no-ssl", 0), Map.entry("verify", 1), Map.entry("verifyhost", 1),
        Map.entry("no-verifyhost", 0), Map.entry("ca-file", 1), Map.entry("crt", 1), Map.entry("crl-file", 1),
        Map.entry("sni", 1), Map.entry("alpn", 1), Map.entry("ciphers", 1), Map.entry("ciphersuites", 1),
        Map.entry("ssl-min-ver", 1), Map.entry("ssl-max-ver", 1), Map.entry("ssl-reuse", 0),
        Map.entry("no-ssl-reuse", 0), Map.entry("tls-tickets", 0), Map.entry("no-tls-tickets", 0),
        Map.entry("check-ssl", 0), Map.entry("no-check-ssl", 0), Map.entry("check-sni", 1));

    private ServerTlsParser() {
    }

    /** Its keywords and those baton lacks, for the "did you mean" of an unknown server keyword. */
    static java.util.Set<String> suggestions() {
        final java.util.Set<String> all = new java.util.TreeSet<>(ARITY.keySet());
        all.addAll(UnsupportedKeywords.SERVER_ARITY.keySet());
        return all;
    }

    static boolean handles(final String kw) {
        return ARITY.containsKey(kw) || versionFlag(kw) != TlsVersions.NONE;
    }

    /** How many arguments {@code kw} takes. */
    static int arity(final String kw) {
        return ARITY.getOrDefault(kw, 0);
    }

    /** Applies the keyword at word {@code i} of {@code d} to {@code start}. */
    static ServerTls apply(final Directive d, final int i, final ServerTls start) {
        final String kw = d.word(i);
        final ServerTls.Builder b = start.toBuilder();
        switch (kw) {
            case "ssl":
            case "no-ssl":
                b.ssl = kw.equals("ssl");
                break;
            case "verify": {
                final String v = d.require(i + 1, kw, "none or required");
                if (!v.equals("none") && !v.equals("required")) {
                    throw new LineError(Messages.badValue(kw, "none or required", v));
                }
                b.verify = v.equals("none") ? ServerTls.VERIFY_NONE : ServerTls.VERIFY_REQUIRED;
                break;
            }
            case "verifyhost":
                b.verifyHost = d.require(i + 1, kw, "a host name such as www.example.com");
                break;
            case "no-verifyhost":
                b.verifyHost = null;
                break;
            case "ca-file":
                b.caFile = d.caFile(i + 1, kw, "a file of PEM CA certificates");
                break;
            case "crt":
                b.crt = d.certificateFile(i + 1, kw, "a PEM file holding a client certificate and its key");
                break;
            case "crl-file":
                b.crlFile = d.caFile(i + 1, kw, "a file of PEM CRLs");
                break;
            case "sni":
                b.sni = sni(d.require(i + 1, kw, EXPECTED_SNI));
                break;
            case "alpn":
                b.alpn = alpn(d.require(i + 1, kw, EXPECTED_ALPN));
                break;
            case "ciphers":
                b.ciphers = d.require(i + 1, kw, "an OpenSSL cipher list");
                break;
            case "ciphersuites":
                b.ciphersuites = d.require(i + 1, kw, "a TLS 1.3 cipher suite list");
                break;
            case "ssl-min-ver":
                b.minVersion = BindTlsParser.version(d, i + 1, kw);
                break;
            case "ssl-max-ver":
                b.maxVersion = BindTlsParser.version(d, i + 1, kw);
                break;
            case "ssl-reuse":
            case "no-ssl-reuse":
                b.noReuse = kw.equals("no-ssl-reuse");
                break;
            case "tls-tickets":
            case "no-tls-tickets":
                b.noTlsTickets = kw.equals("no-tls-tickets");
                break;
            case "check-ssl":
            case "no-check-ssl":
                b.checkSsl = kw.equals("check-ssl") ? ServerTls.CHECK_SSL_ON : ServerTls.CHECK_SSL_OFF;
                break;
            case "check-sni":
                b.checkSni = d.require(i + 1, kw, "a host name such as www.example.com");
                break;
            default: {
                final int v = versionFlag(kw);
                if (kw.startsWith("no-")) {
                    b.disabledVersions |= TlsVersions.bit(v);
                } else {
                    b.minVersion = v;
                    b.maxVersion = v;
                }
            }
        }
        return b.build();
    }

    /** The version of {@code no-sslv3}, {@code no-tlsv1x} or {@code force-*}, else {@link TlsVersions#NONE}. */
    private static int versionFlag(final String kw) {
        if (kw.startsWith("no-")) {
            return TlsVersions.bySuffix(kw.substring(3));
        }
        return kw.startsWith("force-") ? TlsVersions.bySuffix(kw.substring(6)) : TlsVersions.NONE;
    }

    /**
     * {@code sni EXPR}: the three expressions baton evaluates ({@code req.hdr(NAME)}, {@code str(TEXT)},
     * {@code ssl_fc_sni}); any other fetch or a converter is refused naming them, never sent wrong.
     */
    static String sni(final String expr) {
        if (expr.equals("ssl_fc_sni")) {
            return expr;
        }
        final int open = expr.indexOf('(');
        if (open > 0 && expr.endsWith(")") && expr.indexOf(')') == expr.length() - 1) {
            final String fetch = expr.substring(0, open);
            final String arg = expr.substring(open + 1, expr.length() - 1);
            if ((fetch.equals("req.hdr") || fetch.equals("hdr")) && !arg.isEmpty() && arg.indexOf(',') < 0) {
                return "req.hdr(" + arg + ")";
            }
            if (fetch.equals("str") && !arg.isEmpty()) {
                return expr;
            }
        }
        throw new LineError("server option 'sni' cannot evaluate '" + Messages.echo(expr) + "': baton evaluates "
            + EXPECTED_SNI + " there, without converters");
    }

    /** {@code alpn LIST}: http/1.1 (and 1.0); h2 and others are refused, since baton speaks HTTP/1 only. */
    private static List<String> alpn(final String text) {
        final List<String> out = new ArrayList<>();
        for (final String p : text.split(",", -1)) {
            if (p.isEmpty() || p.length() > 255) {
                throw new LineError(Messages.badValue("server alpn", EXPECTED_ALPN, text));
            }
            if (!p.equals("http/1.1") && !p.equals("http/1.0")) {
                throw new LineError("server alpn '" + Messages.echo(p) + "' is refused: baton speaks HTTP/1.1 only to "
                    + "servers (no HTTP/2 yet); use 'alpn http/1.1'");
            }
            out.add(p);
        }
        return out;
    }
}
