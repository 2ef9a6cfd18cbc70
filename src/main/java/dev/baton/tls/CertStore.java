package dev.baton.tls;

import dev.baton.io.TlsCertInfo;
import dev.baton.io.TlsFetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The runtime API's view of the certificates the binds serve, by file name as HAProxy names them: list them, describe
 * one ({@code show ssl cert}), read a new PEM for one ({@code set ssl cert}) and serve it on every bind that loaded
 * that file ({@code commit ssl cert}). A commit builds the new contexts on the calling thread (the CLI's, reactor 0:
 * a few milliseconds of key and certificate work, as HAProxy's CLI does it on its thread) and swaps each bind's
 * index; handshakes that already chose a certificate keep it. Reactor 0 only.
 */
public final class CertStore {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'",
        Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Collection<BindTlsContext> binds;

    CertStore(final Collection<BindTlsContext> binds) {
        this.binds = binds;
    }

    /** A certificate read from a payload, not served yet. */
    public static final class Pending {
        private final PemBundle pem;

        private Pending(final PemBundle pem) {
            this.pem = pem;
        }
    }

    /** Every certificate file served, in load order. */
    public List<String> names() {
        final Set<String> out = new LinkedHashSet<>();
        for (final BindTlsContext b : binds) {
            for (final CertIndex.Cert c : b.certs()) {
                out.add(c.file());
            }
        }
        return new ArrayList<>(out);
    }

    public boolean knows(final String name) {
        return names().contains(name);
    }

    /** {@code show ssl cert NAME}: the served certificate's details, or null when no bind serves that file. */
    public String show(final String name) {
        for (final BindTlsContext b : binds) {
            for (final CertIndex.Cert c : b.certs()) {
                if (c.file().equals(name)) {
                    return "Filename: " + name + "\nStatus: Used\n" + describe(c.info().certificate(), c.info());
                }
            }
        }
        return null;
    }

    /** The details of a certificate read by {@code set ssl cert}, not committed yet. */
    public String show(final String name, final Pending p) {
        final X509Certificate cert = p.pem.chain().get(0);
        return "Filename: *" + name + "\nStatus: Unused\n" + describe(cert, new TlsCertInfo(cert));
    }

    private static String describe(final X509Certificate cert, final TlsCertInfo info) {
        final StringBuilder sb = new StringBuilder();
        sb.append("Serial: ").append(TlsFetch.hex(info.serial())).append('\n');
        sb.append("notBefore: ").append(DATE.format(cert.getNotBefore().toInstant())).append('\n');
        sb.append("notAfter: ").append(DATE.format(cert.getNotAfter().toInstant())).append('\n');
        final List<String> sans = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (final List<?> san : cert.getSubjectAlternativeNames()) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        sans.add("DNS:" + san.get(1));
                    }
                }
            }
        } catch (final CertificateParsingException e) {
            // none shown
        }
        if (!sans.isEmpty()) {
            sb.append("Subject Alternative Name: ").append(String.join(", ", sans)).append('\n');
        }
        sb.append("Algorithm: ").append(algorithm(cert)).append('\n');
        sb.append("SHA1 FingerPrint: ").append(TlsFetch.hex(info.sha1())).append('\n');
        sb.append("Subject: ").append(info.subjectDn(null, 0, null)).append('\n');
        sb.append("Issuer: ").append(info.issuerDn(null, 0, null)).append('\n');
        return sb.toString();
    }

    private static String algorithm(final X509Certificate cert) {
        if (cert.getPublicKey() instanceof RSAPublicKey) {
            return "RSA" + ((RSAPublicKey) cert.getPublicKey()).getModulus().bitLength();
        }
        if (cert.getPublicKey() instanceof ECPublicKey) {
            return "EC" + ((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize();
        }
        return cert.getPublicKey().getAlgorithm();
    }

    /**
     * Reads {@code text} (certificate, chain and key in PEM) as the new content of {@code name}: IOException says what
     * is wrong with it, as loading a file would.
     */
    public Pending read(final String name, final String text) throws IOException {
        final Path tmp = Files.createTempFile("baton-cert", ".pem",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text);
            return new Pending(PemBundle.load(tmp));
        } catch (final IOException e) {
            throw new IOException(e.getMessage().replace(tmp.toString(), name), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Serves {@code p} for {@code name} on every bind that loaded it: how many binds changed. */
    public int commit(final String name, final Pending p) throws IOException {
        int changed = 0;
        for (final BindTlsContext b : binds) {
            if (b.replace(name, p.pem)) {
                changed++;
            }
        }
        return changed;
    }
}
