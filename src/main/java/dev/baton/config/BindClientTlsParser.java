package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code bind} options about client certificates ({@code verify}, {@code ca-file}, {@code ca-verify-file},
 * {@code crl-file}, {@code crt-ignore-err}, {@code ca-ignore-err}, {@code no-ca-names}), {@code crt-list} and
 * {@code tls-ticket-keys}, read as HAProxy 2.6 reads them; the files are loaded at start-up (and by {@code -c}) by
 * the TLS setup, which names a missing one. One instance per bind line; config-reading thread.
 */
final class BindClientTlsParser {
    static final String EXPECTED_VERIFY = "none, optional or required";
    static final String EXPECTED_ERRORS = "'all' or a comma-separated list of X509 error IDs such as 10,23";

    int verify;
    String caFile;
    String caVerifyFile;
    String crlFile;
    long crtIgnoreErr;
    long caIgnoreErr;
    boolean noCaNames;
    final List<String> crtLists = new ArrayList<>();
    String ticketKeys;

    /** Reads option {@code d.word(i)} (one of this class's): the index of its last word. */
    int option(final Directive d, final int i) {
        final String kw = d.word(i);
        switch (kw) {
            case "verify":
                verify = verify(d.require(i + 1, "bind verify", EXPECTED_VERIFY), "bind verify");
                return i + 1;
            case "ca-file":
                caFile = d.caFile(i + 1, "bind ca-file", "a PEM file of CA certificates");
                return i + 1;
            case "ca-verify-file":
                caVerifyFile = d.caFile(i + 1, "bind ca-verify-file", "a PEM file of CA certificates");
                return i + 1;
            case "crl-file":
                crlFile = d.caFile(i + 1, "bind crl-file", "a PEM file of certificate revocation lists");
                return i + 1;
            case "crt-ignore-err":
                crtIgnoreErr = errors(d.require(i + 1, "bind crt-ignore-err", EXPECTED_ERRORS), "bind crt-ignore-err");
                return i + 1;
            case "ca-ignore-err":
                caIgnoreErr = errors(d.require(i + 1, "bind ca-ignore-err", EXPECTED_ERRORS), "bind ca-ignore-err");
                return i + 1;
            case "no-ca-names":
                noCaNames = true;
                return i;
            case "crt-list":
                crtLists.add(d.file(i + 1, "bind crt-list", "a crt-list file"));
                return i + 1;
            case "tls-ticket-keys":
                ticketKeys = d.file(i + 1, "bind tls-ticket-keys", "a file of base64 ticket keys");
                return i + 1;
            default:
                throw new IllegalArgumentException(kw);
        }
    }

    /** {@code verify}'s value. */
    static int verify(final String word, final String kw) {
        final int v = BindTls.verifyByName(word);
        if (v == 0) {
            throw new LineError(Messages.badValue(kw, EXPECTED_VERIFY, word));
        }
        return v;
    }

    /** An ignore list: bit N for error ID N (HAProxy keeps IDs 0 to 63), -1 for {@code all}. */
    static long errors(final String text, final String kw) {
        if (text.equals("all")) {
            return -1L;
        }
        long mask = 0;
        for (final String id : text.split(",", -1)) {
            try {
                mask |= 1L << Numbers.parseInt(id, 0, 63);
            } catch (final BadValueException e) {
                throw new LineError(Messages.badValue(kw, EXPECTED_ERRORS, text));
            }
        }
        return mask;
    }
}
