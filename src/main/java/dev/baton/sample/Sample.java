package dev.baton.sample;

import dev.baton.http.rules.IpText;

import java.nio.ByteBuffer;

/**
 * One sample being evaluated, HAProxy's {@code struct sample}: a type and a value, held in place so that a fetch and
 * a chain of converters reuse one object. A string or binary value is a view ({@link #buffer()}, {@link #offset()},
 * {@link #length()}) into the message head or into a {@link Scratch} buffer; it is valid until the next evaluation
 * on the same thread. A boolean or integer is {@link #number()}; an address is {@link #address()} (4 bytes used for
 * IPv4, 16 for IPv6). Casts follow HAProxy's table (integer to string in decimal, address to string as
 * {@code inet_ntop} writes it, string to integer as its leading decimal digits, string to address when it parses;
 * to binary an integer is its 8 bytes big-endian and an address its 4 or 16 bytes).
 *
 * <p>A fetch that yields several values (a header's values under an ACL) keeps its position in {@link #iterA} and
 * {@link #iterB} and sets {@link #more()}; an ACL calls it again until it says no more. One per evaluating thread
 * and use; not thread-safe.
 */
public final class Sample {
    private SampleType type = SampleType.BOOL;
    private long number;
    private final byte[] ipv4 = new byte[4];
    private final byte[] ipv6 = new byte[16];
    private ByteBuffer buffer;
    private int offset;
    private int length;
    private boolean more;
    private boolean iterate;
    /** A multi-value fetch's position, owned by the fetch between its calls. */
    public long iterA;
    /** A multi-value fetch's second position word. */
    public int iterB;

    /** Starts a new evaluation: no iteration state; {@code iterate}: the caller wants every value (an ACL). */
    public Sample begin(final boolean iterate) {
        this.iterate = iterate;
        this.more = false;
        this.iterA = 0;
        this.iterB = 0;
        return this;
    }

    /** Whether the caller walks every value of a multi-value fetch (ACLs) rather than taking one (the last). */
    public boolean iterate() {
        return iterate;
    }

    /** Whether the fetch has further values to give on the next call. */
    public boolean more() {
        return more;
    }

    public void more(final boolean more) {
        this.more = more;
    }

    public SampleType type() {
        return type;
    }

    public long number() {
        return number;
    }

    public boolean bool() {
        return number != 0;
    }

    /** The address: 4 bytes for {@link SampleType#IPV4}, 16 for {@link SampleType#IPV6}. */
    public byte[] address() {
        return type == SampleType.IPV4 ? ipv4 : ipv6;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** Byte {@code i} of the string or binary value. */
    public byte byteAt(final int i) {
        return buffer.get(offset + i);
    }

    public Sample setBool(final boolean value) {
        type = SampleType.BOOL;
        number = value ? 1 : 0;
        return this;
    }

    public Sample setInt(final long value) {
        type = SampleType.SINT;
        number = value;
        return this;
    }

    /** An address copied from {@code address} (4 or 16 bytes). */
    public Sample setAddress(final byte[] address) {
        if (address.length == 4) {
            type = SampleType.IPV4;
            System.arraycopy(address, 0, ipv4, 0, 4);
        } else {
            type = SampleType.IPV6;
            System.arraycopy(address, 0, ipv6, 0, 16);
        }
        return this;
    }

    /** IPv4 {@code value} (big-endian 32 bits). */
    public Sample setIpv4(final int value) {
        type = SampleType.IPV4;
        ipv4[0] = (byte) (value >>> 24);
        ipv4[1] = (byte) (value >>> 16);
        ipv4[2] = (byte) (value >>> 8);
        ipv4[3] = (byte) value;
        return this;
    }

    public Sample setString(final ByteBuffer buffer, final int offset, final int length) {
        return setBytes(SampleType.STR, buffer, offset, length);
    }

    public Sample setBinary(final ByteBuffer buffer, final int offset, final int length) {
        return setBytes(SampleType.BIN, buffer, offset, length);
    }

    /** A string or binary value that is the bytes of {@code out} from 0 to its position (a scratch buffer). */
    public Sample setBytes(final SampleType t, final ByteBuffer out) {
        return setBytes(t, out, 0, out.position());
    }

    private Sample setBytes(final SampleType t, final ByteBuffer b, final int off, final int len) {
        type = t;
        buffer = b;
        offset = off;
        length = len;
        return this;
    }

    /** The IPv4 value as a big-endian int. */
    public int ipv4Int() {
        return (ipv4[0] & 0xff) << 24 | (ipv4[1] & 0xff) << 16 | (ipv4[2] & 0xff) << 8 | ipv4[3] & 0xff;
    }

    /** Converts the value in place to {@code to}; false when HAProxy has no such cast or the value does not parse. */
    public boolean cast(final SampleType to, final Scratch scratch) {
        if (to == type || to == SampleType.ANY) {
            return true;
        }
        switch (to) {
            case BOOL:
                return toNumber() && setBool(number != 0) != null;
            case SINT:
                return toNumber() && setInt(number) != null;
            case ADDR:
                return type == SampleType.IPV4 || type == SampleType.IPV6 || toIpv4() || toIpv6();
            case IPV4:
                return toIpv4();
            case IPV6:
                return toIpv6();
            case STR:
            case BIN:
                return toBytes(to, scratch);
            default:
                return false;
        }
    }

    private boolean toNumber() {
        if (type == SampleType.BOOL || type == SampleType.SINT) {
            return true;
        }
        if (type == SampleType.IPV4) {
            number = ipv4Int() & 0xffffffffL;
            return true;
        }
        if (type != SampleType.STR && type != SampleType.BIN) {
            return false;
        }
        final long parsed = SampleText.parseLong(buffer, offset, length);
        if (parsed == SampleText.NOT_A_NUMBER) {
            return false;
        }
        number = parsed;
        return true;
    }

    private boolean toIpv4() {
        switch (type) {
            case SINT:
                return setIpv4((int) number) != null;
            case IPV6:
                if (!isV4Mapped(ipv6)) {
                    return false;
                }
                System.arraycopy(ipv6, 12, ipv4, 0, 4);
                type = SampleType.IPV4;
                return true;
            case STR:
                return SampleText.parseIpv4(buffer, offset, length, ipv4) && (type = SampleType.IPV4) != null;
            default:
                return false;
        }
    }

    private boolean toIpv6() {
        switch (type) {
            case SINT:
                setIpv4((int) number);
                return toIpv6();
            case IPV4:
                java.util.Arrays.fill(ipv6, 0, 10, (byte) 0);
                ipv6[10] = (byte) 0xff;
                ipv6[11] = (byte) 0xff;
                System.arraycopy(ipv4, 0, ipv6, 12, 4);
                type = SampleType.IPV6;
                return true;
            case STR:
                return SampleText.parseIpv6(buffer, offset, length, ipv6) && (type = SampleType.IPV6) != null;
            default:
                return false;
        }
    }

    private static boolean isV4Mapped(final byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private boolean toBytes(final SampleType to, final Scratch scratch) {
        if (type == SampleType.STR || type == SampleType.BIN) {
            type = to;
            return true;
        }
        final ByteBuffer out = scratch.next();
        final boolean binary = to == SampleType.BIN;
        switch (type) {
            case BOOL:
            case SINT:
                if (binary) {
                    out.putLong(number);
                } else {
                    SampleText.putLong(out, number);
                }
                break;
            case IPV4:
                if (binary) {
                    out.put(ipv4);
                } else {
                    IpText.write(ipv4, out);
                }
                break;
            case IPV6:
                if (binary) {
                    out.put(ipv6);
                } else {
                    IpText.write(ipv6, out);
                }
                break;
            default:
                return false;
        }
        return setBytes(to, out) != null;
    }

    /** The value as text, for tests and debugging (allocates). */
    @Override
    public String toString() {
        switch (type) {
            case BOOL:
                return Boolean.toString(number != 0);
            case SINT:
                return Long.toString(number);
            case IPV4:
            case IPV6:
                return IpText.toString(address());
            default:
                final byte[] bytes = new byte[length];
                buffer.get(offset, bytes);
                return new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
