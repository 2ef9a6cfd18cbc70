package dev.baton.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@code crt-list} file as HAProxy 2.6 reads it: one certificate per line, {@code CERT [OPTIONS] [[!]SNI...]},
 * blank lines and lines starting with {@code #} skipped. The options between brackets override the bind line's for
 * that certificate: {@code alpn}, {@code ciphers}, {@code ciphersuites}, {@code curves}, {@code ecdhe},
 * {@code ssl-min-ver}, {@code ssl-max-ver}, {@code verify}, {@code ca-file}, {@code ca-verify-file},
 * {@code crl-file}, {@code no-ca-names}; {@code npn} and {@code allow-0rtt} are refused as on a bind line. SNI
 * filters replace the certificate's own names; {@code !NAME} keeps a wildcard of the same line from serving NAME.
 * Read at start-up (and by {@code -c}, and when the runtime API adds a line); stateless.
 */
public final class CrtListFile {
    /** What a line overrides: null, 0 or false where it is silent. */
    public record Options(List<String> alpn, String ciphers, String ciphersuites, String curves, String ecdhe,
                          int minVersion, int maxVersion, int verify, String caFile, String caVerifyFile,
                          String crlFile, boolean noCaNames) {
        public static final Options NONE = new Options(null, null, null, null, null, 0, 0, 0, null, null, null, false);

        /**
         * The options as {@code show ssl crt-list} prints them, HAProxy's way: in its fixed order (alpn, verify,
         * no-ca-names, ca-file, crl-file, ciphers, ciphersuites, curves, ecdhe, ssl-min-ver, ssl-max-ver), whatever
         * order the line used; baton adds ca-verify-file after ca-file, which HAProxy 2.6 leaves out. Empty when the
         * line has none.
         */
        public String show() {
            final List<String> w = new ArrayList<>();
            if (alpn != null) {
                w.add("alpn " + String.join(",", alpn));
            }
            if (verify != 0) {
                w.add("verify " + (verify == BindTls.VERIFY_NONE ? "none"
                    : verify == BindTls.VERIFY_OPTIONAL ? "optional" : "required"));
            }
            if (noCaNames) {
                w.add("no-ca-names");
            }
            add(w, "ca-file", caFile);
            add(w, "ca-verify-file", caVerifyFile);
            add(w, "crl-file", crlFile);
            add(w, "ciphers", ciphers);
            add(w, "ciphersuites", ciphersuites);
            add(w, "curves", curves);
            add(w, "ecdhe", ecdhe);
            add(w, "ssl-min-ver", minVersion != 0 ? TlsVersions.name(minVersion) : null);
            add(w, "ssl-max-ver", maxVersion != 0 ? TlsVersions.name(maxVersion) : null);
            return w.isEmpty() ? "" : " [" + String.join(" ", w) + "]";
        }

        private static void add(final List<String> words, final String keyword, final String value) {
            if (value != null) {
                words.add(keyword + " " + value);
            }
        }
    }

    /**
     * One line: the certificate as written, its options (the text between brackets too), its SNI filters and its
     * line number in the file (counting blank and comment lines, as HAProxy numbers them; 0: not from a file).
     */
    public record Entry(String cert, Options options, String optionText, List<String> filters, int number) {
        public Entry(final String cert, final Options options, final String optionText, final List<String> filters) {
            this(cert, options, optionText, filters, 0);
        }

        /** This line numbered {@code n}. */
        public Entry numbered(final int n) {
            return new Entry(cert, options, optionText, filters, n);
        }

        /**
         * The line as written, options in its own order ({@code show ssl crt-list} prints them HAProxy's way:
         * {@link Options#show}).
         */
        public String line() {
            final StringBuilder sb = new StringBuilder(cert);
            if (!optionText.isEmpty()) {
                sb.append(" [").append(optionText).append(']');
            }
            for (final String f : filters) {
                sb.append(' ').append(f);
            }
            return sb.toString();
        }
    }

    private CrtListFile() {
    }

    /** The lines of a file and how many lines it has (blank and comment lines too), as HAProxy counts them. */
    public record Listing(List<Entry> entries, int lineCount) {
    }

    /** The lines of {@code file}; IOException names the file and line at fault. */
    public static List<Entry> read(final Path file) throws IOException {
        return load(file).entries();
    }

    /** The lines of {@code file}, numbered, and its line count; IOException names the file and line at fault. */
    public static Listing load(final Path file) throws IOException {
        final List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (final IOException e) {
            throw new IOException("cannot open the crt-list '" + file + "': " + e.getMessage(), e);
        }
        final List<Entry> out = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            final String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                out.add(parse(line).numbered(n + 1));
            } catch (final LineError e) {
                throw new IOException("crt-list '" + file + "' line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return new Listing(out, lines.size());
    }

    /** One line given elsewhere than in a file (the runtime API's): IOException says why it is refused. */
    public static Entry parseLine(final String line) throws IOException {
        try {
            return parse(line);
        } catch (final LineError e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** One line (not blank, not a comment); LineError says why it is refused. */
    public static Entry parse(final String line) {
        final List<String> words = new ArrayList<>(Arrays.asList(line.strip().split("\\s+")));
        final String cert = words.remove(0);
        final List<String> options = new ArrayList<>();
        if (!words.isEmpty() && words.get(0).startsWith("[")) {
            final StringBuilder text = new StringBuilder();
            boolean closed = false;
            boolean first = true;
            while (!words.isEmpty() && !closed) {
                String w = words.remove(0);
                if (first) {
                    w = w.substring(1);
                    first = false;
                }
                if (w.endsWith("]")) {
                    w = w.substring(0, w.length() - 1);
                    closed = true;
                }
                if (!w.isEmpty()) {
                    options.add(w);
                    text.append(text.length() == 0 ? "" : " ").append(w);
                }
            }
            if (!closed) {
                throw new LineError("missing ']' after the options of '" + Messages.echo(cert) + "'");
            }
        }
        for (final String f : words) {
            if (f.startsWith("[") || f.endsWith("]")) {
                throw new LineError("options must come right after the certificate, between brackets");
            }
        }
        return new Entry(cert, options(options), String.join(" ", options), List.copyOf(words));
    }

    private static Options options(final List<String> w) {
        List<String> alpn = null;
        String ciphers = null;
        String ciphersuites = null;
        String curves = null;
        String ecdhe = null;
        int min = 0;
        int max = 0;
        int verify = 0;
        String caFile = null;
        String caVerifyFile = null;
        String crlFile = null;
        boolean noCaNames = false;
        for (int i = 0; i < w.size(); i++) {
            final String kw = w.get(i);
            if (kw.equals("no-ca-names")) {
                noCaNames = true;
                continue;
            }
            if (kw.equals("npn") || kw.equals("allow-0rtt")) {
                throw new LineError("crt-list option '" + kw + "' is refused: " + (kw.equals("npn")
                    ? "NPN is obsolete and baton's TLS engine offers ALPN only; use 'alpn http/1.1'"
                    : "baton does not accept TLS 1.3 early data (replayable requests); remove it"));
            }
            if (i + 1 >= w.size()) {
                throw new LineError(Messages.missingValue("crt-list option '" + kw + "'", "a value"));
            }
            final String v = w.get(++i);
            switch (kw) {
                case "alpn":
                    alpn = BindTlsParser.alpn(v);
                    break;
                case "ciphers":
                    ciphers = v;
                    break;
                case "ciphersuites":
                    ciphersuites = v;
                    break;
                case "curves":
                    curves = v;
                    break;
                case "ecdhe":
                    ecdhe = v;
                    break;
                case "ssl-min-ver":
                case "ssl-max-ver": {
                    final int version = TlsVersions.byName(v);
                    if (version == TlsVersions.NONE) {
                        throw new LineError(Messages.badValue(kw, TlsVersions.EXPECTED, v));
                    }
                    if (kw.equals("ssl-min-ver")) {
                        min = version;
                    } else {
                        max = version;
                    }
                    break;
                }
                case "verify":
                    verify = BindClientTlsParser.verify(v, "crt-list verify");
                    break;
                case "ca-file":
                    caFile = v;
                    break;
                case "ca-verify-file":
                    caVerifyFile = v;
                    break;
                case "crl-file":
                    crlFile = v;
                    break;
                default:
                    throw new LineError("unknown crt-list option '" + Messages.echo(kw) + "' (HAProxy 2.6 allows alpn, "
                        + "ca-file, ca-verify-file, ciphers, ciphersuites, crl-file, curves, ecdhe, no-ca-names, "
                        + "ssl-min-ver, ssl-max-ver, verify)");
            }
        }
        return new Options(alpn, ciphers, ciphersuites, curves, ecdhe, min, max, verify, caFile, caVerifyFile, crlFile,
            noCaNames);
    }
}
