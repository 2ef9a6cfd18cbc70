package dev.baton.http.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The primary key of a cached object, as HAProxy 2.6 computes it: the SHA-1 of the request target when it is in
 * absolute form, else of {@code "https://"}, the Host header's value and the target. Immutable.
 */
public final class CacheKey {
    private final byte[] sha1;
    private final int hash;

    private CacheKey(final byte[] sha1) {
        this.sha1 = sha1;
        this.hash = Arrays.hashCode(sha1);
    }

    /** The key of {@code target}, sent with {@code host} (null when the target has its authority). */
    public static CacheKey of(final String host, final byte[] target, final int offset, final int length) {
        final MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
        if (host != null) {
            sha1.update("https://".getBytes(StandardCharsets.US_ASCII));
            sha1.update(host.getBytes(StandardCharsets.ISO_8859_1));
        }
        sha1.update(target, offset, length);
        return new CacheKey(sha1.digest());
    }

    /** HAProxy's tree key and {@code show cache}'s {@code hash:}: the digest's first four bytes, read little-endian. */
    public long treeKey() {
        return (sha1[0] & 0xffL) | (sha1[1] & 0xffL) << 8 | (sha1[2] & 0xffL) << 16 | (sha1[3] & 0xffL) << 24;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof CacheKey k && Arrays.equals(sha1, k.sha1);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
