package dev.baton.io;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * What HAProxy's {@code ssl_c_*} and {@code ssl_f_*} fetches read of one X.509 certificate: subject and issuer DN
 * (OpenSSL's one-line form {@code /C=FR/O=Org/CN=name}, one entry, or RFC 2253), serial and SHA-1 (binary), the
 * validity dates as {@code YYMMDDhhmmssZ}, the version (3 for X.509v3), signature and key algorithms. Values are
 * computed on first use and kept: a client certificate belongs to one connection, hence to one reactor thread; a
 * frontend certificate's info is filled at start-up ({@link #warm}) and only read afterwards.
 */
public final class TlsCertInfo {
    private static final DateTimeFormatter ASN1_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT)
        .withZone(ZoneOffset.UTC);
    /** OpenSSL's short names of the attribute types the JDK prints as OIDs or under other names. */
    private static final String[][] SHORT_NAMES = {
        {"1.2.840.113549.1.9.1", "emailAddress"}, {"EMAILADDRESS", "emailAddress"}, {"2.5.4.5", "serialNumber"},
        {"SERIALNUMBER", "serialNumber"}, {"2.5.4.4", "SN"}, {"SURNAME", "SN"}, {"2.5.4.42", "GN"},
        {"GIVENNAME", "GN"}, {"2.5.4.12", "title"}, {"2.5.4.46", "dnQualifier"}, {"2.5.4.65", "pseudonym"},
        {"0.9.2342.19200300.100.1.25", "DC"}, {"0.9.2342.19200300.100.1.1", "UID"}, {"2.5.4.17", "postalCode"},
        {"2.5.4.9", "street"}, {"2.5.4.97", "organizationIdentifier"}, {"2.5.4.15", "businessCategory"}};

    private final X509Certificate cert;
    private String subjectDn;
    private String issuerDn;
    private List<String[]> subject;
    private List<String[]> issuer;
    private byte[] serial;
    private byte[] sha1;
    private byte[] der;

    public TlsCertInfo(final X509Certificate cert) {
        this.cert = cert;
    }

    /** Computes every lazy value now, so that readers on other threads only read (frontend certificates). */
    public TlsCertInfo warm() {
        subjectDn(null, 0, null);
        issuerDn(null, 0, null);
        serial();
        sha1();
        der();
        return this;
    }

    public X509Certificate certificate() {
        return cert;
    }

    /**
     * The subject DN: whole ({@code entry} null or empty) in OpenSSL's one-line form or, with {@code format}
     * {@code rfc2253}, in RFC 2253's; or the value of entry {@code entry} (such as CN) at occurrence {@code occ}
     * (1 the first from the start, -1 the first from the end; 0 counts as 1). Null when absent.
     */
    public String subjectDn(final String entry, final int occ, final String format) {
        if (subject == null) {
            subject = entries(cert.getSubjectX500Principal());
            subjectDn = oneLine(subject);
        }
        return dn(subject, subjectDn, cert.getSubjectX500Principal(), entry, occ, format);
    }

    /** The issuer DN, as {@link #subjectDn}. */
    public String issuerDn(final String entry, final int occ, final String format) {
        if (issuer == null) {
            issuer = entries(cert.getIssuerX500Principal());
            issuerDn = oneLine(issuer);
        }
        return dn(issuer, issuerDn, cert.getIssuerX500Principal(), entry, occ, format);
    }

    /** {@code principal} in OpenSSL's one-line form ({@code /C=FR/CN=name}). */
    public static String oneLine(final X500Principal principal) {
        return oneLine(entries(principal));
    }

    private static String dn(final List<String[]> entries, final String oneLine, final X500Principal principal,
                             final String entry, final int occ, final String format) {
        if (entry == null || entry.isEmpty()) {
            if ("rfc2253".equals(format)) {
                return principal.getName(X500Principal.RFC2253);
            }
            return oneLine.isEmpty() ? null : oneLine;
        }
        final int pos = occ == 0 ? 1 : occ;
        int seen = 0;
        for (int i = 0; i < entries.size(); i++) {
            final String[] e = entries.get(pos < 0 ? entries.size() - 1 - i : i);
            if (e[0].equalsIgnoreCase(entry) && ++seen == Math.abs(pos)) {
                return e[1];
            }
        }
        return null;
    }

    /** The entries in the certificate's order (most significant first), with OpenSSL's short names. */
    private static List<String[]> entries(final X500Principal principal) {
        final List<String[]> out = new ArrayList<>();
        try {
            final List<Rdn> rdns = new LdapName(principal.getName(X500Principal.RFC2253)).getRdns();
            for (final Rdn rdn : rdns) { // LdapName lists the last-written RDN first: RFC 2253 reversed
                out.add(new String[] {shortName(rdn.getType()), String.valueOf(rdn.getValue())});
            }
        } catch (final InvalidNameException e) {
            // the JDK printed this name: it parses back
        }
        return out;
    }

    private static String shortName(final String type) {
        for (final String[] s : SHORT_NAMES) {
            if (s[0].equalsIgnoreCase(type)) {
                return s[1];
            }
        }
        return type;
    }

    private static String oneLine(final List<String[]> entries) {
        final StringBuilder sb = new StringBuilder();
        for (final String[] e : entries) {
            sb.append('/').append(e[0]).append('=').append(e[1]);
        }
        return sb.toString();
    }

    /** The serial number's bytes, as OpenSSL gives them (big-endian, no sign byte). */
    public byte[] serial() {
        if (serial == null) {
            final BigInteger n = cert.getSerialNumber();
            final byte[] b = n.toByteArray();
            serial = b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
        }
        return serial;
    }

    /** The certificate in DER, as sent in the handshake (empty if the JDK cannot encode it). */
    public byte[] der() {
        if (der == null) {
            try {
                der = cert.getEncoded();
            } catch (final CertificateEncodingException e) {
                der = new byte[0];
            }
        }
        return der;
    }

    /** The SHA-1 of the DER certificate. */
    public byte[] sha1() {
        if (sha1 == null) {
            try {
                sha1 = MessageDigest.getInstance("SHA-1").digest(cert.getEncoded());
            } catch (final NoSuchAlgorithmException | CertificateEncodingException e) {
                sha1 = new byte[0];
            }
        }
        return sha1;
    }

    /** {@code YYMMDDhhmmssZ}, UTC. */
    public String notBefore() {
        return ASN1_TIME.format(cert.getNotBefore().toInstant());
    }

    public String notAfter() {
        return ASN1_TIME.format(cert.getNotAfter().toInstant());
    }

    /** 1, 2 or 3, as HAProxy's {@code ssl_c_version}. */
    public int version() {
        return cert.getVersion();
    }

    /** The signature algorithm, as OpenSSL names the common ones ({@code sha256WithRSAEncryption}...). */
    public String signatureAlgorithm() {
        switch (cert.getSigAlgOID()) {
            case "1.2.840.113549.1.1.11":
                return "sha256WithRSAEncryption";
            case "1.2.840.113549.1.1.12":
                return "sha384WithRSAEncryption";
            case "1.2.840.113549.1.1.13":
                return "sha512WithRSAEncryption";
            case "1.2.840.113549.1.1.5":
                return "sha1WithRSAEncryption";
            case "1.2.840.10045.4.3.2":
                return "ecdsa-with-SHA256";
            case "1.2.840.10045.4.3.3":
                return "ecdsa-with-SHA384";
            case "1.2.840.10045.4.3.4":
                return "ecdsa-with-SHA512";
            case "1.3.101.112":
                return "ED25519";
            default:
                return cert.getSigAlgName();
        }
    }

    /** The public key's algorithm as OpenSSL names it: rsaEncryption, id-ecPublicKey... */
    public String keyAlgorithm() {
        switch (cert.getPublicKey().getAlgorithm()) {
            case "RSA":
                return "rsaEncryption";
            case "EC":
                return "id-ecPublicKey";
            default:
                return cert.getPublicKey().getAlgorithm();
        }
    }
}
