package dev.baton.tls;

import dev.baton.io.TlsCertInfo;
import io.netty.handler.ssl.SslContext;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The certificates of one {@code bind} line by the names they serve, picked for a ClientHello as HAProxy 2.6 picks
 * ({@code ssl_sock_switchctx_cbk}): every DNS name of the subject alternative names and every common name of the
 * subject is a key, lower-cased; names starting with {@code *.} are wildcards for one label. For a server name,
 * the exact names and then the wildcards are looked at, the first ECDSA, RSA and other certificate found is kept,
 * and ECDSA wins when the client can use it, then RSA. Without a match the default certificate (the first loaded)
 * answers, unless {@code strict-sni}. Immutable once built; read by every reactor.
 */
final class CertIndex {
    /**
     * One loaded certificate and the context that serves it: the names it serves (its own, or the positive SNI
     * filters of its crt-list line), the names its wildcards must not serve ({@code !NAME} filters), its fetchable
     * details ({@code ssl_f_*}), the settings its context was made with and the crt-list filters (null: none) so
     * that the runtime API can remake it with another certificate; the certificate and key ({@code pem}), and the
     * crt-list line it comes from ({@code crtList} as the bind names it and the line's number; null and 0 for a
     * {@code crt}), for the runtime API's crt-list commands.
     */
    record Cert(String file, SslContext context, int keyType, List<String> names, List<String> excluded,
                TlsCertInfo info, CertSettings settings, List<String> filters, PemBundle pem, String crtList,
                int line) {
        /** {@code file}'s certificate served with {@code pem}, under the crt-list {@code filters} (null: none). */
        static Cert of(final String file, final SslContext context, final PemBundle pem, final CertSettings settings,
                       final List<String> filters) {
            return of(file, context, pem, settings, filters, null, 0);
        }

        /** The same, from line {@code line} of crt-list {@code crtList} (null: a {@code crt}). */
        static Cert of(final String file, final SslContext context, final PemBundle pem, final CertSettings settings,
                       final List<String> filters, final String crtList, final int line) {
            final List<String> names = new ArrayList<>();
            final List<String> excluded = new ArrayList<>();
            if (filters == null || filters.isEmpty()) {
                names.addAll(CertIndex.names(pem.chain().get(0)));
            } else {
                for (final String f : filters) {
                    if (f.startsWith("!")) {
                        excluded.add(f.substring(1).toLowerCase(Locale.ROOT));
                    } else {
                        names.add(f.toLowerCase(Locale.ROOT));
                    }
                }
            }
            return new Cert(file, context, CertIndex.keyType(pem), List.copyOf(names), List.copyOf(excluded),
                new TlsCertInfo(pem.chain().get(0)).warm(), settings, filters, pem, crtList, line);
        }
    }

    static final int ECDSA = 0;
    static final int RSA = 1;
    static final int OTHER = 2;

    private final Map<String, List<Cert>> exact = new HashMap<>();
    private final Map<String, List<Cert>> wildcards = new HashMap<>();
    private final List<Cert> all = new ArrayList<>();

    void add(final Cert cert) {
        all.add(cert);
        for (final String name : cert.names()) {
            if (name.startsWith("*.")) {
                wildcards.computeIfAbsent(name.substring(1), k -> new ArrayList<>()).add(cert);
            } else {
                exact.computeIfAbsent(name, k -> new ArrayList<>()).add(cert);
            }
        }
    }

    /** The default certificate: the first loaded. */
    Cert defaultCert() {
        return all.get(0);
    }

    List<Cert> all() {
        return all;
    }

    /**
     * The certificate for server name {@code sni} (lower-case; null when the client sent none), or null when
     * nothing matches and {@code strict} forbids the default.
     */
    Cert select(final String sni, final boolean ecdsaOk, final boolean rsaOk, final boolean strict) {
        if (sni == null) {
            return strict ? null : defaultCert();
        }
        final Cert[] byType = new Cert[3];
        collect(exact.get(sni), byType, null);
        final int dot = sni.indexOf('.');
        if (dot >= 0) {
            collect(wildcards.get(sni.substring(dot)), byType, sni);
        }
        final Cert chosen;
        if (ecdsaOk && byType[ECDSA] != null) {
            chosen = byType[ECDSA];
        } else if (rsaOk && byType[RSA] != null) {
            chosen = byType[RSA];
        } else if (byType[OTHER] != null) {
            chosen = byType[OTHER];
        } else {
            chosen = byType[ECDSA] != null ? byType[ECDSA] : byType[RSA];
        }
        if (chosen != null) {
            return chosen;
        }
        return strict ? null : defaultCert();
    }

    /** Keeps the first certificate of each key type; {@code sni}: a wildcard's name, unless its line excludes it. */
    private static void collect(final List<Cert> certs, final Cert[] byType, final String sni) {
        if (certs != null) {
            for (final Cert c : certs) {
                if (byType[c.keyType()] == null && (sni == null || !c.excluded().contains(sni))) {
                    byType[c.keyType()] = c;
                }
            }
        }
    }

    static int keyType(final PemBundle pem) {
        if (pem.key() instanceof ECPrivateKey) {
            return ECDSA;
        }
        return pem.key() instanceof RSAPrivateKey ? RSA : OTHER;
    }

    /** The names a certificate serves, as HAProxy indexes them: SAN DNS names, then subject CNs, lower-cased. */
    static List<String> names(final X509Certificate cert) {
        final List<String> out = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (final List<?> san : cert.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        out.add(((String) san.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (final CertificateParsingException e) {
            // no usable SAN: the common names still count
        }
        try {
            final LdapName dn = new LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253));
            for (final Rdn rdn : dn.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    out.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
                }
            }
        } catch (final InvalidNameException e) {
            // a subject the JDK printed cannot fail to parse back; no CN then
        }
        return out;
    }
}
