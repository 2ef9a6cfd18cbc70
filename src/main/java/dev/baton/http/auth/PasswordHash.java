package dev.baton.http.auth;

import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A {@code user ... password HASH} of a userlist: a crypt(3) hash baton can verify, recognised at load so that a
 * hash it cannot check is a configuration error and never a request refused at run time. Verifies SHA-512
 * ({@code $6$}), SHA-256 ({@code $5$}) and MD5 ({@code $1$}) crypt, what {@code openssl passwd -6|-5|-1} and
 * {@code mkpasswd} make; bcrypt ({@code $2a$}, {@code $2b$}, {@code $2y$}), yescrypt ({@code $y$}) and DES crypt are
 * refused with that alternative. Immutable; {@link #matches} may run on any thread.
 */
final class PasswordHash {
    /** What baton accepts, for messages. */
    static final String SUPPORTED = "a SHA-512 ($6$), SHA-256 ($5$) or MD5 ($1$) crypt(3) hash such as "
        + "'openssl passwd -6' prints";

    private enum Scheme {
        SHA512, SHA256, MD5
    }

    private final String hash;
    private final Scheme scheme;

    private PasswordHash(final String hash, final Scheme scheme) {
        this.hash = hash;
        this.scheme = scheme;
    }

    /**
     * The verifier of {@code hash}; throws IllegalArgumentException saying why baton cannot verify it (an unknown
     * or unsupported scheme, a malformed hash).
     */
    static PasswordHash of(final String hash) {
        final Scheme scheme;
        if (hash.startsWith("$6$")) {
            scheme = Scheme.SHA512;
        } else if (hash.startsWith("$5$")) {
            scheme = Scheme.SHA256;
        } else if (hash.startsWith("$1$")) {
            scheme = Scheme.MD5;
        } else if (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$")
            || hash.startsWith("$y$") || hash.startsWith("$7$") || hash.startsWith("$gy$")) {
            throw new IllegalArgumentException("baton cannot verify " + (hash.startsWith("$2") ? "bcrypt" : "yescrypt")
                + " hashes; use " + SUPPORTED);
        } else {
            throw new IllegalArgumentException("not a crypt(3) hash baton can verify; use " + SUPPORTED
                + ", or insecure-password");
        }
        final PasswordHash h = new PasswordHash(hash, scheme);
        try {
            h.crypt(new byte[0]);
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException("malformed hash (" + e.getMessage() + "); use " + SUPPORTED);
        }
        return h;
    }

    /**
     * Whether {@code password} hashes to this hash. Slow on purpose (5000 digest rounds by default: measured
     * 3.7 ms for SHA-512, 1.4 ms for SHA-256, 1.0 ms for MD5 on the development machine): callers remember a success
     * ({@link Userlist}). {@code password} is wiped.
     */
    boolean matches(final byte[] password) {
        final String computed;
        try {
            computed = crypt(password);
        } catch (final IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(computed.getBytes(StandardCharsets.US_ASCII),
            hash.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code key} is wiped by commons-codec once hashed: callers pass a copy. */
    private String crypt(final byte[] key) {
        switch (scheme) {
            case SHA512:
                return Sha2Crypt.sha512Crypt(key, hash);
            case SHA256:
                return Sha2Crypt.sha256Crypt(key, hash);
            default:
                return Md5Crypt.md5Crypt(key, hash);
        }
    }
}
