package dev.baton.stick;

import dev.baton.sample.Sample;
import dev.baton.sample.Scratch;

import java.util.Arrays;

/**
 * A stick table key: its bytes in the table's form (4 bytes for {@code ip} and {@code integer}, 16 for {@code ipv6},
 * a string cut to {@code len - 1} bytes, a binary cut or zero-padded to {@code len}). A table's map holds immutable
 * copies ({@link #copy()}); a lookup fills a reusable probe ({@link #probe(int)}, one per thread and key length) so
 * that finding an existing entry allocates nothing. Equality is by bytes, either way round.
 */
public final class StickKey {
    private final byte[] bytes;
    private int length;
    private int hash;

    private StickKey(final byte[] bytes, final int length) {
        this.bytes = bytes;
        this.length = length;
        rehash();
    }

    /** The largest key length a table may have ({@code len}). */
    public static final int MAX_LENGTH = 65536;

    private static final ThreadLocal<StickKey> PROBE = ThreadLocal.withInitial(() -> probe(MAX_LENGTH));

    /** The calling thread's probe, for keys of any table (made on the thread's first call). */
    public static StickKey threadProbe() {
        return PROBE.get();
    }

    /** A mutable probe for keys of up to {@code capacity} bytes; fill it with {@link #set}. */
    public static StickKey probe(final int capacity) {
        return new StickKey(new byte[Math.max(16, capacity)], 0);
    }

    /** An immutable key of {@code bytes}. */
    public static StickKey of(final byte[] bytes) {
        return new StickKey(bytes.clone(), bytes.length);
    }

    /** An immutable copy of this key (a probe's current value). */
    public StickKey copy() {
        return new StickKey(Arrays.copyOf(bytes, length), length);
    }

    /**
     * Sets this probe to {@code other}'s value (a probe keeps a key past the next use of the thread's probe without
     * allocating); false when it is too small for it.
     */
    public boolean setTo(final StickKey other) {
        if (other.length > bytes.length) {
            return false;
        }
        System.arraycopy(other.bytes, 0, bytes, 0, other.length);
        length = other.length;
        rehash();
        return true;
    }

    public int length() {
        return length;
    }

    public byte byteAt(final int i) {
        return bytes[i];
    }

    /** The key's bytes (a copy). */
    public byte[] toBytes() {
        return Arrays.copyOf(bytes, length);
    }

    /**
     * Fills this probe with {@code smp} converted to a key of {@code config}'s type, as HAProxy's
     * {@code smp_to_stkey}: false when the sample does not convert (an IPv6 address that is not IPv4-mapped for an
     * {@code ip} table, a string that is not a number for an {@code integer} one). May change {@code smp}.
     * Allocation-free.
     */
    public boolean set(final StickTableConfig config, final Sample smp, final Scratch scratch) {
        final StickKeyType type = config.keyType();
        if (!smp.cast(type.sampleType(), scratch)) {
            return false;
        }
        switch (type) {
            case IP:
            case IPV6: {
                final byte[] a = smp.address();
                System.arraycopy(a, 0, bytes, 0, a.length);
                length = a.length;
                break;
            }
            case INTEGER: {
                final int v = (int) smp.number();
                bytes[0] = (byte) (v >>> 24);
                bytes[1] = (byte) (v >>> 16);
                bytes[2] = (byte) (v >>> 8);
                bytes[3] = (byte) v;
                length = 4;
                break;
            }
            case STRING: {
                final int n = Math.min(smp.length(), Math.min(config.keyLength() - 1, bytes.length));
                for (int i = 0; i < n; i++) {
                    bytes[i] = smp.byteAt(i);
                }
                length = n;
                break;
            }
            default: {
                final int len = Math.min(config.keyLength(), bytes.length);
                final int n = Math.min(smp.length(), len);
                for (int i = 0; i < n; i++) {
                    bytes[i] = smp.byteAt(i);
                }
                Arrays.fill(bytes, n, len, (byte) 0);
                length = len;
                break;
            }
        }
        rehash();
        return true;
    }

    /** Fills this probe with a client address of 4 or 16 bytes ({@code src}), converted as {@link #set} does. */
    public boolean setAddress(final StickTableConfig config, final byte[] address, final Scratch scratch) {
        final Sample s = scratch.side;
        s.setAddress(address);
        return set(config, s, scratch);
    }

    /** Fills this probe with the bytes of {@code other}. */
    public void setFrom(final StickKey other) {
        System.arraycopy(other.bytes, 0, bytes, 0, other.length);
        length = other.length;
        hash = other.hash;
    }

    /** Fills this probe with {@code raw} bytes already in the table's form. */
    public void setRaw(final byte[] raw) {
        System.arraycopy(raw, 0, bytes, 0, raw.length);
        length = raw.length;
        rehash();
    }

    private void rehash() {
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + bytes[i];
        }
        hash = h;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof StickKey k) || k.length != length || k.hash != hash) {
            return false;
        }
        return Arrays.equals(bytes, 0, length, k.bytes, 0, length);
    }
}
