package dev.baton.sample.conv;

import dev.baton.backend.balance.HashFunctions;
import dev.baton.sample.Args;
import dev.baton.sample.Converter;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hash converters: {@code djb2}, {@code sdbm}, {@code wt6}, {@code crc32} (each with the optional {@code avalanche}
 * argument, HAProxy's functions bit for bit, so that they agree with hash balancing), {@code xxh3([SEED])} (64-bit
 * XXH3, signed as HAProxy shows it: {@link Xxh3}), {@code sha1},
 * {@code sha2([224|256|384|512])}, {@code digest(ALG)} and {@code hmac(ALG,BASE64KEY)} (binary outputs; the JDK's
 * algorithms, one instance per thread).
 */
public final class HashConverters {
    private HashConverters() {
    }

    /** A 32-bit hash of bytes. */
    private interface ByteHash {
        int hash(ByteBuffer b, int off, int len);
    }

    public static void register(final SampleRegistry r) {
        // HAProxy's hash functions, the same that balance by hash (one implementation: HashFunctions)
        hash(r, "djb2", HashFunctions::djb2);
        hash(r, "sdbm", HashFunctions::sdbm);
        hash(r, "wt6", HashFunctions::wt6);
        hash(r, "crc32", HashFunctions::crc32);
        r.converter("xxh64", SampleType.BIN, SampleType.SINT, 0, 1, a -> {
            final long seed = a.integer(0, 0);
            return (ctx, s) -> s.setInt(Xxh64.hash(s.buffer(), s.offset(), s.length(), seed)) != null;
        });
        r.converter("xxh3", SampleType.BIN, SampleType.SINT, 0, 1, a -> {
            final Xxh3 xxh3 = new Xxh3(a.integer(0, 0));
            return (ctx, s) -> s.setInt(xxh3.hash(s.buffer(), s.offset(), s.length())) != null;
        });
        r.converter("sha1", SampleType.BIN, SampleType.BIN, 0, 0, a -> digest("SHA-1"));
        r.converter("sha2", SampleType.BIN, SampleType.BIN, 0, 1, a -> {
            final long bits = a.integer(0, 256);
            if (bits != 224 && bits != 256 && bits != 384 && bits != 512) {
                throw new SampleException("Unsupported number of bits: '" + bits + "'.");
            }
            return digest("SHA-" + bits);
        });
        r.converter("digest", SampleType.BIN, SampleType.BIN, 1, 1, a -> digest(algorithm(a.required(0, "string"))));
        r.converter("hmac", SampleType.BIN, SampleType.BIN, 2, 2, HashConverters::hmac);
    }

    private static void hash(final SampleRegistry r, final String name, final ByteHash f) {
        r.converter(name, SampleType.BIN, SampleType.SINT, 0, 1, a -> {
            final boolean avalanche = a.integer(0, 0) != 0;
            return (ctx, s) -> {
                final int h = f.hash(s.buffer(), s.offset(), s.length());
                return s.setInt((avalanche ? HashFunctions.fullHash(h) : h) & 0xffffffffL) != null;
            };
        });
    }

    /** HAProxy's name of a digest (sha256, md5...) as the JDK names it. */
    private static String algorithm(final String name) {
        final String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.startsWith("sha") && !n.startsWith("sha-") && n.length() > 3) {
            final String bits = n.substring(3);
            return bits.equals("1") ? "SHA-1" : bits.startsWith("3-") ? "SHA3-" + bits.substring(2) : "SHA-" + bits;
        }
        return n.toUpperCase(java.util.Locale.ROOT);
    }

    private static Converter digest(final String algorithm) {
        try {
            MessageDigest.getInstance(algorithm);
        } catch (final NoSuchAlgorithmException e) {
            throw new SampleException("unknown digest '" + algorithm + "'", e);
        }
        final ThreadLocal<MessageDigest> digests = ThreadLocal.withInitial(() -> {
            try {
                return MessageDigest.getInstance(algorithm);
            } catch (final NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        });
        return (ctx, s) -> {
            final MessageDigest md = digests.get();
            final ByteBuffer in = heap(ctx, s);
            md.update(in.array(), in.arrayOffset() + s.offset(), s.length());
            final ByteBuffer o = ctx.scratch().next();
            try {
                o.position(md.digest(o.array(), 0, md.getDigestLength()));
            } catch (final java.security.DigestException e) {
                return false;
            }
            return s.setBytes(SampleType.BIN, o) != null;
        };
    }

    /**
     * The sample's buffer when it has an array, else a scratch copy of its bytes that the sample is
     * moved onto (so that the JDK reads an array and nobody moves a shared buffer's position).
     */
    private static ByteBuffer heap(final dev.baton.sample.SampleContext ctx, final Sample s) {
        if (s.buffer().hasArray()) {
            return s.buffer();
        }
        final ByteBuffer copy = ctx.scratch().next();
        final int n = Math.min(s.length(), copy.capacity());
        copy.put(0, s.buffer(), s.offset(), n);
        s.setBinary(copy, 0, n);
        return copy;
    }

    private static Converter hmac(final Args a) {
        final String algorithm = "Hmac" + algorithm(a.required(0, "string")).replace("-", "");
        final byte[] key;
        try {
            key = Base64.getDecoder().decode(a.required(1, "string"));
        } catch (final IllegalArgumentException e) {
            throw new SampleException("the key must be base64 encoded", e);
        }
        final SecretKeySpec spec = new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm);
        try {
            Mac.getInstance(algorithm).init(spec);
        } catch (final java.security.GeneralSecurityException e) {
            throw new SampleException("unknown digest '" + a.str(0) + "'", e);
        }
        final ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
            try {
                final Mac m = Mac.getInstance(algorithm);
                m.init(spec);
                return m;
            } catch (final java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
        return (ctx, s) -> {
            final Mac m = macs.get();
            final ByteBuffer in = heap(ctx, s);
            m.update(in.array(), in.arrayOffset() + s.offset(), s.length());
            final ByteBuffer o = ctx.scratch().next();
            try {
                m.doFinal(o.array(), 0);
            } catch (final javax.crypto.ShortBufferException e) {
                return false;
            }
            o.position(m.getMacLength());
            return s.setBytes(SampleType.BIN, o) != null;
        };
    }
}
