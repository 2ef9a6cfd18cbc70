package dev.baton.h2;

import java.nio.ByteBuffer;

/**
 * Encodes the heads of HTTP/2 responses (RFC 7541) without a dynamic table: {@code :status} indexed when the static
 * table has it, every other field a literal without indexing, its name by static index when there is one. The
 * encoder keeps no state across blocks, so the peer's SETTINGS_HEADER_TABLE_SIZE never matters; values go raw unless
 * asked for Huffman. Stateless apart from a name scratch; reactor thread only; allocates nothing.
 */
public final class HpackEncoder {
    /** The most bytes one field may take beyond its name and value: two prefixed lengths and the first byte. */
    public static final int FIELD_OVERHEAD = 1 + 5 + 5 + 5;

    private final byte[] lowerName = new byte[256];
    private final boolean huffman;

    /** {@code huffman}: Huffman-code the strings where that makes them shorter. */
    public HpackEncoder(final boolean huffman) {
        this.huffman = huffman;
    }

    /** Writes {@code :status} (100..999) to {@code dst}, which must have 5 bytes of room. */
    public void status(final ByteBuffer dst, final int status) {
        final int index = statusIndex(status);
        if (index != 0) {
            dst.put((byte) (0x80 | index));
            return;
        }
        writeInt(dst, 0x00, 4, 8); // literal without indexing, name ":status"
        dst.put((byte) 3);
        dst.put((byte) ('0' + status / 100));
        dst.put((byte) ('0' + status / 10 % 10));
        dst.put((byte) ('0' + status % 10));
    }

    /**
     * Writes one field, its name lowered (HTTP/2 field names are lower case); {@code dst} must have
     * {@code nLen + vLen + FIELD_OVERHEAD} bytes of room.
     */
    public void field(final ByteBuffer dst, final byte[] name, final int nOff, final int nLen,
                      final byte[] value, final int vOff, final int vLen) {
        int index = 0;
        if (nLen <= lowerName.length) {
            for (int i = 0; i < nLen; i++) {
                lowerName[i] = lower(name[nOff + i]);
            }
            index = HpackStaticTable.indexOfName(lowerName, 0, nLen);
        }
        writeInt(dst, 0x00, 4, index); // literal without indexing; index 0: a new name follows
        if (index == 0) {
            writeInt(dst, 0x00, 7, nLen);
            for (int i = 0; i < nLen; i++) {
                dst.put(lower(name[nOff + i]));
            }
        }
        writeString(dst, value, vOff, vLen);
    }

    private void writeString(final ByteBuffer dst, final byte[] s, final int off, final int len) {
        if (huffman) {
            final int coded = Huffman.encodedLength(s, off, len);
            if (coded < len && dst.hasArray()) {
                writeInt(dst, 0x80, 7, coded);
                final int at = dst.arrayOffset() + dst.position();
                Huffman.encode(s, off, len, dst.array(), at);
                dst.position(dst.position() + coded);
                return;
            }
        }
        writeInt(dst, 0x00, 7, len);
        dst.put(s, off, len);
    }

    /** Writes {@code value} as an integer with an {@code prefixBits}-bit prefix after the {@code flags} bits. */
    static void writeInt(final ByteBuffer dst, final int flags, final int prefixBits, final int value) {
        final int max = (1 << prefixBits) - 1;
        if (value < max) {
            dst.put((byte) (flags | value));
            return;
        }
        dst.put((byte) (flags | max));
        int rest = value - max;
        while (rest >= 0x80) {
            dst.put((byte) ((rest & 0x7f) | 0x80));
            rest >>>= 7;
        }
        dst.put((byte) rest);
    }

    private static int statusIndex(final int status) {
        switch (status) {
            case 200: return 8;
            case 204: return 9;
            case 206: return 10;
            case 304: return 11;
            case 400: return 12;
            case 404: return 13;
            case 500: return 14;
            default: return 0;
        }
    }

    private static byte lower(final byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }
}
