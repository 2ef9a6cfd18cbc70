package dev.baton.config;

import java.util.List;

/**
 * The TLS settings of one {@code bind ... ssl} line, as written: {@code null} (or NONE, false) where the line is
 * silent, so that the global {@code ssl-default-bind-*} values can fill in at start-up as HAProxy's
 * {@code bind_parse_ssl} does ({@link TlsDefaults}). {@code certs}: the {@code crt} arguments in order (files or
 * directories, before {@code crt-base}); {@code alpn}: protocol names; {@code minVersion}/{@code maxVersion} and
 * {@code disabledVersions} (bits of {@link TlsVersions}) from {@code ssl-min-ver}, {@code ssl-max-ver},
 * {@code no-*} and {@code force-*}. Client certificates: {@code verify} ({@link #VERIFY_NONE}...; 0 when not
 * written, which means none), {@code caFile}, {@code caVerifyFile}, {@code crlFile}, {@code crtIgnoreErr} and
 * {@code caIgnoreErr} (bit N set: X509 error N is let through; -1: all), {@code noCaNames}. {@code crtLists}: the
 * {@code crt-list} files, read at start-up after the {@code crt} ones; {@code ticketKeys}: the
 * {@code tls-ticket-keys} file or null. {@code fileBase}: the {@code default-path} directory in force at the line
 * (null: the starting directory), where the relative names inside its crt-lists are read from when there is no
 * {@code crt-base} / {@code ca-base}; the names on the line itself are joined to it already ({@link FilePaths}).
 */
public record BindTls(List<String> certs, List<String> alpn, String ciphers, String ciphersuites, String curves,
                      String ecdhe, int minVersion, int maxVersion, int disabledVersions, boolean strictSni,
                      boolean noTlsTickets, boolean preferClientCiphers, int verify, String caFile,
                      String caVerifyFile, String crlFile, long crtIgnoreErr, long caIgnoreErr, boolean noCaNames,
                      List<String> crtLists, String ticketKeys, String fileBase) {
    public static final int VERIFY_NONE = 1;
    public static final int VERIFY_OPTIONAL = 2;
    public static final int VERIFY_REQUIRED = 3;

    public BindTls {
        certs = List.copyOf(certs);
        alpn = alpn == null ? null : List.copyOf(alpn);
        crtLists = List.copyOf(crtLists);
    }

    /** Without client certificates, crt-list or ticket keys. */
    public BindTls(final List<String> certs, final List<String> alpn, final String ciphers, final String ciphersuites,
                   final String curves, final String ecdhe, final int minVersion, final int maxVersion,
                   final int disabledVersions, final boolean strictSni, final boolean noTlsTickets,
                   final boolean preferClientCiphers) {
        this(certs, alpn, ciphers, ciphersuites, curves, ecdhe, minVersion, maxVersion, disabledVersions, strictSni,
            noTlsTickets, preferClientCiphers, 0, null, null, null, 0, 0, false, List.of(), null, null);
    }

    /** {@code verify}'s word: none, optional or required; null for another value. */
    public static int verifyByName(final String name) {
        switch (name) {
            case "none":
                return VERIFY_NONE;
            case "optional":
                return VERIFY_OPTIONAL;
            case "required":
                return VERIFY_REQUIRED;
            default:
                return 0;
        }
    }
}
