package dev.baton.http.rules;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 network (an address is a network of full length), as ACL {@code src} patterns and
 * {@code option forwardfor except} use. An address of the other family matches as in HAProxy: an IPv6
 * address is tested against an IPv4 network through the IPv4 address it carries (IPv4-mapped
 * {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d} or 6to4 {@code 2002:AABB:CCDD::}), and an IPv4
 * address against an IPv6 network as {@code ::ffff:a.b.c.d}. Immutable; matching allocates nothing.
 */
public final class Network {
    private final byte[] address;
    private final int prefixLength;

    private Network(final byte[] address, final int prefixLength) {
        this.address = address;
        this.prefixLength = prefixLength;
    }

    /**
     * The network of {@code address} (4 or 16 bytes) and its first {@code prefixLength} bits; the host bits
     * are cleared.
     */
    public static Network of(final byte[] address, final int prefixLength) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("an address has 4 or 16 bytes, not " + address.length);
        }
        if (prefixLength < 0 || prefixLength > address.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range");
        }
        final byte[] masked = address.clone();
        for (int bit = prefixLength; bit < masked.length * 8; bit++) {
            masked[bit >> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return new Network(masked, prefixLength);
    }

    /** Whether {@code candidate} (4 or 16 bytes, as {@link MessageView#srcAddress()}) is in this network. */
    public boolean contains(final byte[] candidate) {
        if (candidate.length == address.length) {
            return prefixMatches(candidate, 0);
        }
        if (address.length == 4) {
            final int at = embeddedIpv4(candidate);
            return at >= 0 && prefixMatches(candidate, at);
        }
        return mappedMatches(candidate);
    }

    /** The network address (host bits cleared), a copy. */
    public byte[] address() {
        return address.clone();
    }

    public int prefixLength() {
        return prefixLength;
    }

    private boolean prefixMatches(final byte[] candidate, final int from) {
        for (int bit = 0; bit < prefixLength; bit += 8) {
            final int mask = bit + 8 <= prefixLength ? 0xff : 0xff00 >>> (prefixLength - bit) & 0xff;
            if (((candidate[from + (bit >> 3)] ^ address[bit >> 3]) & mask) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where the IPv4 address inside IPv6 address {@code a} starts (12 for mapped or compatible, 2 for 6to4),
     * or -1 when it carries none.
     */
    private static int embeddedIpv4(final byte[] a) {
        boolean zero = true;
        for (int i = 0; i < 8; i++) {
            zero &= a[i] == 0;
        }
        if (zero && a[8] == 0 && a[9] == 0 && ((a[10] == -1 && a[11] == -1) || (a[10] == 0 && a[11] == 0))) {
            return 12;
        }
        return a[0] == 0x20 && a[1] == 0x02 ? 2 : -1;
    }

    /** An IPv4 address against this IPv6 network, as {@code ::ffff:a.b.c.d}. */
    private boolean mappedMatches(final byte[] ipv4) {
        for (int bit = 0; bit < prefixLength; bit++) {
            final int i = bit >> 3;
            final int b = i < 10 ? 0 : i < 12 ? 0xff : ipv4[i - 12] & 0xff;
            if (((b ^ address[i]) & 0x80 >>> (bit & 7)) != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Network && prefixLength == ((Network) o).prefixLength
            && Arrays.equals(address, ((Network) o).address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefixLength;
    }

    /** {@code 10.0.0.0/8}, {@code fd00::/8}; a full-length network prints as its address alone. */
    @Override
    public String toString() {
        final String text = IpText.toString(address);
        return prefixLength == address.length * 8 ? text : text + "/" + prefixLength;
    }
}
