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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runtime API's certificate files, by file name as HAProxy names them (its {@code ckch} stores): those the binds
 * loaded and those {@code new ssl cert} created (empty until a {@code set} and {@code commit} fill them). It lists
 * them, describes one ({@code show ssl cert}), reads a new PEM for one ({@code set ssl cert}), serves it on every
 * bind that uses that file ({@code commit ssl cert}), and deletes one no bind uses ({@code del ssl cert}); its
 * {@link CrtLists} add and remove crt-list lines naming them. A commit builds the new contexts on the calling thread
 * (the CLI's, reactor 0: a few milliseconds of key and certificate work, as HAProxy's CLI does it on its thread) and
 * swaps each bind's index; handshakes that already chose a certificate keep it. Reactor 0 only.
 */
public final class CertStore {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'",
        Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Collection<BindTlsContext> binds;
    /** Every file by name, in name order as HAProxy lists them; null: created empty, not filled yet. */
    private final Map<String, PemBundle> files = new TreeMap<>();
    private final CrtLists crtLists;
    private final TrustFiles caFiles;
    private final TrustFiles crlFiles;

    CertStore(final Collection<BindTlsContext> binds) {
        this.binds = binds;
        for (final BindTlsContext b : binds) {
            for (final CertIndex.Cert c : b.certs()) {
                files.putIfAbsent(c.file(), c.pem());
            }
        }
        this.crtLists = new CrtLists(binds, this);
        this.caFiles = new TrustFiles(binds, false);
        this.crlFiles = new TrustFiles(binds, true);
    }

    /** The CA files of client-certificate verification, for the {@code ssl ca-file} commands. */
    public TrustFiles caFiles() {
        return caFiles;
    }

    /** The CRL files, for the {@code ssl crl-file} commands. */
    public TrustFiles crlFiles() {
        return crlFiles;
    }

    /** The crt-lists of the binds, for {@code show}, {@code add} and {@code del ssl crt-list}. */
    public CrtLists crtLists() {
        return crtLists;
    }

    /** A certificate read from a payload, not served yet. */
    public static final class Pending {
        private final PemBundle pem;

        private Pending(final PemBundle pem) {
            this.pem = pem;
        }
    }

    /** Every certificate file, in name order. */
    public List<String> names() {
        return new ArrayList<>(files.keySet());
    }

    public boolean knows(final String name) {
        return files.containsKey(name);
    }

    /** The content of file {@code name}: null when it is unknown or still empty. */
    PemBundle pem(final String name) {
        return files.get(name);
    }

    /** Whether a bind serves file {@code name} ({@code crt} or crt-list line). */
    public boolean used(final String name) {
        for (final BindTlsContext b : binds) {
            for (final CertIndex.Cert c : b.certs()) {
                if (c.file().equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code new ssl cert NAME}: an empty file; false when one has that name already. */
    public boolean create(final String name) {
        if (files.containsKey(name)) {
            return false;
        }
        files.put(name, null);
        return true;
    }

    /** {@code del ssl cert NAME}, once the caller made sure that no bind uses it. */
    public void delete(final String name) {
        files.remove(name);
    }

    /**
     * {@code show ssl cert NAME}: the file's status (Empty, Unused: no bind serves it, Used) and its certificate's
     * details; null when there is no such file.
     */
    public String show(final String name) {
        if (!files.containsKey(name)) {
            return null;
        }
        final PemBundle pem = files.get(name);
        if (pem == null) {
            return "Filename: " + name + "\nStatus: Empty\n";
        }
        final X509Certificate cert = pem.chain().get(0);
        return "Filename: " + name + "\nStatus: " + (used(name) ? "Used" : "Unused") + "\n"
            + describe(cert, new TlsCertInfo(cert));
    }

    /** The details of a certificate read by {@code set ssl cert}, not committed yet. */
    public String show(final String name, final Pending p) {
        final X509Certificate cert = p.pem.chain().get(0);
        return "Filename: *" + name + "\nStatus: Unused\n" + describe(cert, new TlsCertInfo(cert));
    }

    /** A certificate's details as HAProxy's {@code show ssl cert} and {@code show ssl ca-file} print them. */
    static String describe(final X509Certificate cert, final TlsCertInfo info) {
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
        sb.append("Subject Alternative Name: ").append(String.join(", ", sans)).append('\n');
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

    /**
     * Serves {@code p} for {@code name} on every bind that uses it and keeps it as that file's content: how many
     * binds changed. IOException: a bind could not make a context with it (the file keeps its content then; binds
     * changed before that one keep the new certificate).
     */
    public int commit(final String name, final Pending p) throws IOException {
        int changed = 0;
        for (final BindTlsContext b : binds) {
            if (b.replace(name, p.pem)) {
                changed++;
            }
        }
        files.put(name, p.pem);
        return changed;
    }
}
