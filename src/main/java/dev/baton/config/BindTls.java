package dev.baton.config;

import java.util.List;

/**
 * The TLS settings of one {@code bind ... ssl} line, as written: {@code null} (or NONE, false) where the line is
 * silent, so that the global {@code ssl-default-bind-*} values can fill in at start-up as HAProxy's
 * {@code bind_parse_ssl} does ({@link TlsDefaults}). {@code certs}: the {@code crt} arguments in order (files or
 * directories, before {@code crt-base}); {@code alpn}: protocol names; {@code minVersion}/{@code maxVersion} and
 * {@code disabledVersions} (bits of {@link TlsVersions}) from {@code ssl-min-ver}, {@code ssl-max-ver},
 * {@code no-*} and {@code force-*}.
 */
public record BindTls(List<String> certs, List<String> alpn, String ciphers, String ciphersuites, String curves,
                      String ecdhe, int minVersion, int maxVersion, int disabledVersions, boolean strictSni,
                      boolean noTlsTickets, boolean preferClientCiphers) {
    public BindTls {
        certs = List.copyOf(certs);
        alpn = alpn == null ? null : List.copyOf(alpn);
    }
}
