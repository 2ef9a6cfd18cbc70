package dev.baton.sample.match;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleText;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Address patterns ({@code -m ip}): addresses and networks ({@code 10.0.0.0/8}, {@code 10.0.0.0/255.0.0.0},
 * {@code 2001:db8::/32}). IPv4 networks are kept per prefix length as sorted arrays of masked values, so a lookup
 * (the longest network first, as a map needs) costs at most 33 binary searches whatever the pattern count; IPv6 networks are few in practice and scanned. An IPv4
 * sample also matches IPv4-mapped IPv6 patterns and the reverse, as in HAProxy. Immutable; allocation-free lookups.
 */
final class IpTable implements Patterns {
    /** Prefix lengths that have IPv4 patterns, longest first, and the sorted masked networks of each. */
    private final int[] v4Lengths;
    private final int[][] v4Networks;
    /** Per prefix length: the pattern index of each network, in the networks' sorted order. */
    private final int[][] v4Indexes;
    private final byte[][] v6Networks;
    private final int[] v6Lengths;
    private final int[] v6Indexes;
    private final int size;

    IpTable(final List<String> patterns) {
        final List<List<long[]>> byLength = new ArrayList<>();
        for (int i = 0; i <= 32; i++) {
            byLength.add(new ArrayList<>());
        }
        final List<byte[]> v6 = new ArrayList<>();
        final List<Integer> v6Len = new ArrayList<>();
        final List<Integer> v6Index = new ArrayList<>();
        for (int k = 0; k < patterns.size(); k++) {
            final String p = patterns.get(k);
            final int slash = p.indexOf('/');
            final String host = slash < 0 ? p : p.substring(0, slash);
            final byte[] bytes = host.getBytes(StandardCharsets.ISO_8859_1);
            final byte[] v4 = new byte[4];
            if (SampleText.parseIpv4(ByteBuffer.wrap(bytes), 0, bytes.length, v4)) {
                final int len = slash < 0 ? 32 : v4Length(p, p.substring(slash + 1));
                final int addr = toInt(v4, 0);
                byLength.get(len).add(new long[] {addr & mask(len), k});
                continue;
            }
            final byte[] a6 = new byte[16];
            if (!SampleText.parseIpv6(ByteBuffer.wrap(bytes), 0, bytes.length, a6)) {
                throw new SampleException("'" + p + "' is not a valid IPv4 or IPv6 address");
            }
            final int len = slash < 0 ? 128 : parseLength(p, p.substring(slash + 1), 128);
            if (isMapped(a6) && len >= 96) {
                byLength.get(len - 96).add(new long[] {toInt(a6, 12) & mask(len - 96), k});
            } else {
                v6.add(a6);
                v6Len.add(len);
                v6Index.add(k);
            }
        }
        final List<Integer> lengths = new ArrayList<>();
        for (int len = 32; len >= 0; len--) {
            if (!byLength.get(len).isEmpty()) {
                lengths.add(len);
            }
        }
        v4Lengths = lengths.stream().mapToInt(Integer::intValue).toArray();
        v4Networks = new int[v4Lengths.length][];
        v4Indexes = new int[v4Lengths.length][];
        for (int i = 0; i < v4Lengths.length; i++) {
            final List<long[]> nets = byLength.get(v4Lengths[i]);
            // sorted by network, the first pattern of equal networks first; duplicates then dropped
            nets.sort((x, y) -> x[0] != y[0] ? Long.compare((int) x[0], (int) y[0]) : Long.compare(x[1], y[1]));
            final List<long[]> unique = new ArrayList<>();
            for (final long[] n : nets) {
                if (unique.isEmpty() || (int) unique.get(unique.size() - 1)[0] != (int) n[0]) {
                    unique.add(n);
                }
            }
            v4Networks[i] = unique.stream().mapToInt(n -> (int) n[0]).toArray();
            v4Indexes[i] = unique.stream().mapToInt(n -> (int) n[1]).toArray();
        }
        v6Networks = v6.toArray(new byte[0][]);
        v6Lengths = v6Len.stream().mapToInt(Integer::intValue).toArray();
        v6Indexes = v6Index.stream().mapToInt(Integer::intValue).toArray();
        size = patterns.size();
    }

    private static int v4Length(final String p, final String mask) {
        if (mask.indexOf('.') < 0) {
            return parseLength(p, mask, 32);
        }
        final byte[] m = new byte[4];
        final byte[] bytes = mask.getBytes(StandardCharsets.ISO_8859_1);
        if (!SampleText.parseIpv4(ByteBuffer.wrap(bytes), 0, bytes.length, m)) {
            throw new SampleException("'" + p + "' is not a valid IPv4 or IPv6 address");
        }
        final int value = toInt(m, 0);
        final int len = Integer.bitCount(value);
        if (value != mask(len)) {
            throw new SampleException("'" + p + "' has a non-contiguous mask");
        }
        return len;
    }

    private static int parseLength(final String p, final String text, final int max) {
        try {
            final int len = Integer.parseInt(text);
            if (len >= 0 && len <= max) {
                return len;
            }
        } catch (final NumberFormatException e) {
            // refused below
        }
        throw new SampleException("'" + p + "' is not a valid IPv4 or IPv6 address");
    }

    private static int mask(final int len) {
        return len == 0 ? 0 : -1 << (32 - len);
    }

    private static int toInt(final byte[] a, final int at) {
        return (a[at] & 0xff) << 24 | (a[at + 1] & 0xff) << 16 | (a[at + 2] & 0xff) << 8 | a[at + 3] & 0xff;
    }

    private static boolean isMapped(final byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    @Override
    public boolean matches(final Sample s, final Scratch scratch) {
        return find(s) >= 0;
    }

    /** The index of the pattern of the longest network holding the sample's address, or -1. */
    int find(final Sample s) {
        final byte[] a = s.address();
        if (s.type() == SampleType.IPV4) {
            final int v4 = findV4(toInt(a, 0));
            return v4 >= 0 || v6Networks.length == 0 ? v4 : findV6Mapped(a);
        }
        if (isMapped(a)) {
            final int v4 = findV4(toInt(a, 12));
            if (v4 >= 0) {
                return v4;
            }
        }
        int best = -1;
        int bestLength = -1;
        for (int i = 0; i < v6Networks.length; i++) {
            if (v6Lengths[i] > bestLength && inV6(a, v6Networks[i], v6Lengths[i])) {
                best = v6Indexes[i];
                bestLength = v6Lengths[i];
            }
        }
        return best;
    }

    private int findV4(final int addr) {
        for (int i = 0; i < v4Lengths.length; i++) {
            final int at = Arrays.binarySearch(v4Networks[i], addr & mask(v4Lengths[i]));
            if (at >= 0) {
                return v4Indexes[i][at];
            }
        }
        return -1;
    }

    /** An IPv4 sample against the IPv6 networks, as its IPv4-mapped form. */
    private int findV6Mapped(final byte[] v4) {
        for (int i = 0; i < v6Networks.length; i++) {
            final byte[] n = v6Networks[i];
            final int len = v6Lengths[i];
            boolean in = true;
            for (int bit = 0; bit < len && in; bit++) {
                final int byteIndex = bit / 8;
                final int sampleByte = byteIndex < 10 ? 0 : byteIndex < 12 ? 0xff : v4[byteIndex - 12] & 0xff;
                final int m = 0x80 >>> (bit % 8);
                in = (sampleByte & m) == (n[byteIndex] & m);
            }
            if (in) {
                return v6Indexes[i];
            }
        }
        return -1;
    }

    private static boolean inV6(final byte[] a, final byte[] n, final int len) {
        final int full = len / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        final int rest = len % 8;
        if (rest == 0) {
            return true;
        }
        final int m = 0xff << (8 - rest) & 0xff;
        return (a[full] & m) == (n[full] & m);
    }

    @Override
    public int size() {
        return size;
    }
}
