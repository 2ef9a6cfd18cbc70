package dev.baton.tls;

import dev.baton.io.TlsCertInfo;
import dev.baton.io.TlsFetch;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runtime API's CA files ({@code ca-file}, {@code ca-verify-file}) or CRL files ({@code crl-file}) of the binds'
 * client-certificate verification, by path as HAProxy names them (after {@code ca-base}): those the binds read and
 * those {@code new ssl ca-file}/{@code crl-file} created. {@code set} reads a new content into the one transaction
 * of its kind, {@code commit} gives it to every bind (each certificate context naming the file is made again, so a
 * new handshake is verified against it; handshakes under way keep their context) and keeps it for crt-list lines
 * added later, {@code abort} drops it, {@code del} removes a file no bind uses. The answers are worded as HAProxy 2.6
 * words them. Reactor 0 only (the CLI's thread); the files on disk are never written.
 */
public final class TrustFiles {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss yyyy 'GMT'",
        Locale.ROOT).withZone(ZoneOffset.UTC);

    private final boolean crl;
    private final Collection<BindTlsContext> binds;
    /** Every file by path, in path order as HAProxy lists them; an empty list: created, not filled yet. */
    private final Map<String, List<?>> files = new TreeMap<>();
    private String transactionName;
    private List<?> transaction;

    /** The CA files ({@code crl} false) or the CRL files of {@code binds}. */
    TrustFiles(final Collection<BindTlsContext> binds, final boolean crl) {
        this.crl = crl;
        this.binds = binds;
        for (final BindTlsContext b : binds) {
            for (final Map.Entry<Path, ? extends List<?>> e : b.trustFiles(crl).entrySet()) {
                files.putIfAbsent(e.getKey().toString(), e.getValue());
            }
        }
    }

    /** "CA" or "CRL", as HAProxy's messages name the kind. */
    private String kind() {
        return crl ? "CRL" : "CA";
    }

    /** The command word: ca-file or crl-file. */
    public String word() {
        return crl ? "crl-file" : "ca-file";
    }

    /** {@code show ssl ca-file [NAME[:INDEX]]}, {@code *NAME} for the transaction's content. */
    public void show(final List<String> args, final StringBuilder out) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            if (transaction != null) {
                out.append("# transaction\n*").append(transactionName).append(count(transaction)).append('\n');
            }
            out.append("# filename\n");
            files.forEach((name, content) -> out.append(name).append(count(content)).append('\n'));
            return;
        }
        String name = args.get(0);
        int index = 0;
        final int colon = name.indexOf(':');
        if (colon >= 0) {
            try {
                index = Integer.parseInt(name.substring(colon + 1));
            } catch (final NumberFormatException e) {
                index = -1;
            }
            if (index <= 0) {
                out.append("wrong ").append(kind()).append(" index after colons in '").append(name).append("'!\n");
                return;
            }
            name = name.substring(0, colon);
        }
        final boolean pending = name.startsWith("*");
        final List<?> content = pending ? (name.substring(1).equals(transactionName) ? transaction : null)
            : files.get(name);
        if (content == null) {
            out.append("Can't display the ").append(kind()).append(" file : Not found!\n");
            return;
        }
        final StringBuilder shown = new StringBuilder();
        shown.append("Filename: ").append(name).append("\nStatus: ").append(content.isEmpty() ? "Empty"
            : !pending && used(name) ? "Used" : "Unused").append('\n');
        boolean any = false;
        for (int i = index == 0 ? 0 : index - 1; i < content.size(); i++) {
            shown.append(" \n").append(crl ? "Certificate Revocation List #" : "Certificate #").append(i + 1)
                .append(":\n");
            shown.append(crl ? describe((X509CRL) content.get(i)) : describe((X509Certificate) content.get(i)));
            any = true;
            if (index != 0) {
                break;
            }
        }
        if (any || crl) {
            // HAProxy 2.6 prints a CA file's name and status only along with one of its certificates
            out.append(shown);
        }
    }

    /** What {@code show} adds after a name: the CA count ({@code - N certificate(s)}); nothing for CRL files. */
    private String count(final List<?> content) {
        return crl ? "" : " - " + content.size() + " certificate(s)";
    }

    private static String describe(final X509Certificate cert) {
        return CertStore.describe(cert, new TlsCertInfo(cert));
    }

    /** A CRL as HAProxy prints it (the fields of {@code openssl crl -text}). */
    private static String describe(final X509CRL list) {
        final StringBuilder sb = new StringBuilder();
        sb.append("Version ").append(list.getVersion()).append('\n');
        sb.append("Signature Algorithm: ").append(algorithm(list.getSigAlgName())).append('\n');
        sb.append("Issuer: ").append(TlsCertInfo.oneLine(list.getIssuerX500Principal())).append('\n');
        sb.append("Last Update: ").append(DATE.format(list.getThisUpdate().toInstant())).append('\n');
        if (list.getNextUpdate() != null) {
            sb.append("Next Update: ").append(DATE.format(list.getNextUpdate().toInstant())).append('\n');
        }
        final List<X509CRLEntry> revoked = list.getRevokedCertificates() == null ? List.of()
            : new ArrayList<>(list.getRevokedCertificates());
        sb.append(revoked.isEmpty() ? "No Revoked Certificates.\n" : "Revoked Certificates:\n");
        for (final X509CRLEntry e : revoked) {
            sb.append("    Serial Number: ").append(serial(e.getSerialNumber())).append('\n');
            sb.append("        Revocation Date: ").append(DATE.format(e.getRevocationDate().toInstant()))
                .append('\n');
        }
        return sb.toString();
    }

    /** A serial number as OpenSSL prints an ASN.1 integer: upper-case hex digits by whole bytes. */
    private static String serial(final BigInteger serial) {
        byte[] bytes = serial.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return TlsFetch.hex(bytes);
    }

    /** OpenSSL's long name of a signature algorithm the JDK names its own way. */
    private static String algorithm(final String jdk) {
        final String upper = jdk.toUpperCase(Locale.ROOT);
        if (upper.endsWith("WITHRSA")) {
            return upper.substring(0, upper.length() - 7).toLowerCase(Locale.ROOT) + "WithRSAEncryption";
        }
        if (upper.endsWith("WITHECDSA")) {
            return "ecdsa-with-" + upper.substring(0, upper.length() - 9);
        }
        return jdk;
    }

    /** Whether a bind's certificate context names file {@code name}. */
    private boolean used(final String name) {
        for (final BindTlsContext b : binds) {
            if (b.trusts(Path.of(name), crl)) {
                return true;
            }
        }
        return false;
    }

    /** {@code new ssl ca-file NAME}. */
    public void create(final List<String> args, final StringBuilder out) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            out.append("'new ssl ").append(word()).append("' expects a filename\n");
        } else if (files.containsKey(args.get(0))) {
            out.append(kind()).append(" file '").append(args.get(0)).append("' already exists!\n");
        } else {
            files.put(args.get(0), List.of());
            out.append("New ").append(kind()).append(" file created '").append(args.get(0)).append("'!\n");
        }
    }

    /** {@code set ssl ca-file NAME <<} with the PEM content as payload. */
    public void set(final List<String> args, final StringBuilder out) {
        if (args.size() < 2) {
            out.append("'set ssl ").append(word()).append(" expects a filename and ")
                .append(crl ? "CRLs" : "CAs").append(" as a payload\n");
            return;
        }
        final String name = args.get(0);
        if (transaction != null && !name.equals(transactionName)) {
            out.append("The ongoing transaction is about '").append(transactionName)
                .append("' but you are trying to set '").append(name).append("'\nCan't update ").append(name)
                .append("!\n");
            return;
        }
        if (!files.containsKey(name)) {
            out.append("Can't replace a ").append(kind()).append(" file which is not referenced by the ")
                .append("configuration!\nCan't update ").append(name).append("!\n");
            return;
        }
        final List<?> content;
        try {
            content = read(args.get(args.size() - 1));
        } catch (final IOException e) {
            out.append("Invalid payload\nCan't update ").append(name).append("!\n");
            return;
        }
        out.append("transaction ").append(transaction == null ? "created" : "updated").append(" for ").append(kind())
            .append(' ').append(name).append("!\n");
        transaction = content;
        transactionName = name;
    }

    /** The certificates or CRLs of a payload; IOException: none, or not PEM. */
    private List<?> read(final String text) throws IOException {
        final Path tmp = Files.createTempFile("baton-trust", ".pem",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(tmp, text);
            return crl ? ClientVerifier.crls(tmp) : ClientVerifier.certificates(tmp, "CA file");
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Whether {@code args} name the transaction, for {@code commit} and {@code abort}; else HAProxy's refusal is
     * appended ({@code failed}: what it adds on a commit's refusal, empty for an abort's).
     */
    private boolean namesTransaction(final String verb, final List<String> args, final String failed,
                                     final StringBuilder out) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            // HAProxy 2.6 names ca-file in this answer for both kinds of commit
            out.append(verb.equals("commit") ? "'commit ssl ca-file expects a filename\n"
                : "'abort ssl " + word() + "' expects a filename\n");
            return false;
        }
        if (transaction == null) {
            out.append(failed.isEmpty() ? "No ongoing transaction!\n" : "No ongoing transaction! !\n" + failed);
            return false;
        }
        if (!args.get(0).equals(transactionName)) {
            out.append("The ongoing transaction is about '").append(transactionName).append("' but you are trying to ")
                .append(failed.isEmpty() ? "abort a transaction for" : "set").append(" '").append(args.get(0))
                .append("'\n").append(failed);
            return false;
        }
        return true;
    }

    /** {@code commit ssl ca-file NAME}: one dot per certificate context made again, as HAProxy. */
    public void commit(final List<String> args, final StringBuilder out) {
        if (!namesTransaction("commit", args, args.isEmpty() ? "" : "Can't commit " + args.get(0) + "!\n", out)) {
            return;
        }
        out.append("Committing ").append(transactionName);
        try {
            for (final BindTlsContext b : binds) {
                final int made = crl ? b.trustCrl(Path.of(transactionName), crls(transaction))
                    : b.trustCa(Path.of(transactionName), cas(transaction));
                out.append(".".repeat(made));
            }
            files.put(transactionName, transaction);
            out.append("\nSuccess!\n");
        } catch (final IOException e) {
            out.append('\n').append(e.getMessage()).append("\nFailed!\n");
        }
        transaction = null;
        transactionName = null;
    }

    private static List<X509Certificate> cas(final List<?> content) {
        final List<X509Certificate> out = new ArrayList<>();
        content.forEach(o -> out.add((X509Certificate) o));
        return out;
    }

    private static List<X509CRL> crls(final List<?> content) {
        final List<X509CRL> out = new ArrayList<>();
        content.forEach(o -> out.add((X509CRL) o));
        return out;
    }

    /** {@code abort ssl ca-file NAME}. */
    public void abort(final List<String> args, final StringBuilder out) {
        if (namesTransaction("abort", args, "", out)) {
            out.append("Transaction aborted for certificate '").append(transactionName).append("'!\n");
            transaction = null;
            transactionName = null;
        }
    }

    /** {@code del ssl ca-file NAME}: only a file no bind uses and no transaction is about. */
    public void delete(final List<String> args, final StringBuilder out) {
        if (args.isEmpty() || args.get(0).isEmpty()) {
            out.append("'del ssl ").append(word()).append("' expects a ").append(kind()).append(" file name\n");
            return;
        }
        final String name = args.get(0);
        final String prefix = "Can't remove the " + kind() + " file: ";
        if (name.equals(transactionName)) {
            out.append(prefix).append("ongoing transaction for the ").append(kind()).append(" file '").append(name)
                .append("'\n");
        } else if (!files.containsKey(name)) {
            out.append(prefix).append(kind()).append(" file '").append(name).append("' doesn't exist!\n\n");
        } else if (used(name)) {
            out.append(prefix).append(kind()).append(" file '").append(name).append("' in use, can't be deleted!\n\n");
        } else {
            files.remove(name);
            out.append(kind()).append(" file '").append(name).append("' deleted!\n");
        }
    }
}
