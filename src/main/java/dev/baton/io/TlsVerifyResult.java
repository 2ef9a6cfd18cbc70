package dev.baton.io;

/**
 * How a client certificate was verified, in OpenSSL's X509 error IDs (0: none; 10: expired, 20: unknown issuer,
 * 23: revoked...): {@code result} is the last error met ({@code ssl_c_verify}, OpenSSL's verify result),
 * {@code crtError} the first on the certificate itself ({@code ssl_c_err}), {@code caError} and
 * {@code caErrorDepth} the first on a CA of its chain ({@code ssl_c_ca_err}, {@code ssl_c_ca_err_depth}); errors
 * that {@code crt-ignore-err}/{@code ca-ignore-err} let through are still reported. {@code failure} is HAProxy's
 * words when the handshake was refused for one of them, null otherwise.
 */
public record TlsVerifyResult(int result, int crtError, int caError, int caErrorDepth, String failure) {
}
