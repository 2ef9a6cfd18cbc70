package dev.baton.sample.match;

import dev.baton.sample.Sample;
import dev.baton.sample.Scratch;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Exact string (or binary) patterns in an open-addressing hash table ({@code -m str}, {@code -m bin}): one lookup
 * per sample whatever the pattern count. With {@code ignoreCase} patterns are stored lower-cased and the sample is
 * hashed and compared lower-cased (ASCII). Immutable; allocation-free lookups.
 */
final class StringSet implements Patterns {
    private final byte[][] table;
    /** The index, in the list given, of the pattern in each slot (the first of duplicates). */
    private final int[] indexes;
    private final int mask;
    private final boolean ignoreCase;
    private final int size;

    StringSet(final List<byte[]> patterns, final boolean ignoreCase) {
        this.ignoreCase = ignoreCase;
        int capacity = 4;
        while (capacity < patterns.size() * 2) {
            capacity <<= 1;
        }
        this.table = new byte[capacity][];
        this.indexes = new int[capacity];
        this.mask = capacity - 1;
        int n = 0;
        for (int k = 0; k < patterns.size(); k++) {
            final byte[] p = patterns.get(k);
            final byte[] key = ignoreCase ? lower(p) : p;
            int i = hash(ByteBuffer.wrap(key), 0, key.length, false) & mask;
            boolean duplicate = false;
            while (table[i] != null) {
                if (java.util.Arrays.equals(table[i], key)) {
                    duplicate = true;
                    break;
                }
                i = (i + 1) & mask;
            }
            if (!duplicate) {
                table[i] = key;
                indexes[i] = k;
                n++;
            }
        }
        this.size = n;
    }

    @Override
    public boolean matches(final Sample s, final Scratch scratch) {
        return find(s) >= 0;
    }

    /** The index of the pattern equal to the sample, or -1. */
    int find(final Sample s) {
        final ByteBuffer b = s.buffer();
        final int off = s.offset();
        final int len = s.length();
        int i = hash(b, off, len, ignoreCase) & mask;
        while (table[i] != null) {
            if (same(table[i], b, off, len)) {
                return indexes[i];
            }
            i = (i + 1) & mask;
        }
        return -1;
    }

    private boolean same(final byte[] key, final ByteBuffer b, final int off, final int len) {
        if (key.length != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            byte c = b.get(off + i);
            if (ignoreCase && c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != key[i]) {
                return false;
            }
        }
        return true;
    }

    private static int hash(final ByteBuffer b, final int off, final int len, final boolean lower) {
        int h = 0x811c9dc5;
        for (int i = off; i < off + len; i++) {
            byte c = b.get(i);
            if (lower && c >= 'A' && c <= 'Z') {
                c += 32;
            }
            h = (h ^ (c & 0xff)) * 0x01000193;
        }
        return h ^ h >>> 16;
    }

    static byte[] lower(final byte[] p) {
        final byte[] out = p.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'A' && out[i] <= 'Z') {
                out[i] += 32;
            }
        }
        return out;
    }

    @Override
    public int size() {
        return size;
    }
}
