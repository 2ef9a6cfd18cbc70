package dev.baton.h2;

/**
 * The static Huffman code of HPACK (RFC 7541 Appendix B). The code is canonical (codes of one length are
 * consecutive, in symbol order, and shorter codes come first), so the table is kept as the 257 code lengths and
 * the codes are derived from them once. Decoding walks the lengths canonically: at most 26 steps per symbol, 4
 * or fewer for the common ones. Stateless after class initialisation; any thread; allocates nothing.
 */
public final class Huffman {
    /** The end-of-string symbol: never valid inside a string, its prefix pads the last byte. */
    static final int EOS = 256;

    /** Code length in bits of each symbol 0..256 (RFC 7541 Appendix B). */
    private static final byte[] LENGTHS = {
        13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
        28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
        6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
        5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
        13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
        7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
        15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
        6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
        20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
        24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
        22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
        21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
        26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
        19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
        20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
        26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
        30,
    };
    /** {@link #decode}: not a valid encoding. */
    public static final int INVALID = -1;
    /** {@link #decode}: valid, but longer than the room given. */
    public static final int TOO_LONG = -2;
    private static final int MIN_LENGTH = 5;
    private static final int MAX_LENGTH = 30;

    /** The code of each symbol, right-aligned. */
    private static final int[] CODES = new int[257];
    /** Symbols sorted by (length, symbol): canonical order. */
    private static final int[] SORTED = new int[257];
    /** Per length: the first code of that length, and the index in SORTED of its symbol; COUNT symbols. */
    private static final int[] FIRST_CODE = new int[MAX_LENGTH + 1];
    private static final int[] FIRST_INDEX = new int[MAX_LENGTH + 1];
    private static final int[] COUNT = new int[MAX_LENGTH + 1];

    static {
        int n = 0;
        for (int len = MIN_LENGTH; len <= MAX_LENGTH; len++) {
            for (int s = 0; s <= EOS; s++) {
                if (LENGTHS[s] == len) {
                    SORTED[n++] = s;
                }
            }
        }
        int code = 0;
        int prevLen = LENGTHS[SORTED[0]];
        for (int i = 0; i < SORTED.length; i++) {
            final int s = SORTED[i];
            final int len = LENGTHS[s];
            if (i > 0) {
                code = (code + 1) << (len - prevLen);
            }
            if (COUNT[len] == 0) {
                FIRST_CODE[len] = code;
                FIRST_INDEX[len] = i;
            }
            COUNT[len]++;
            CODES[s] = code;
            prevLen = len;
        }
    }

    private Huffman() {
    }

    /** The code of {@code symbol} (0..256), right-aligned in {@link #codeLength} bits. */
    static int code(final int symbol) {
        return CODES[symbol];
    }

    static int codeLength(final int symbol) {
        return LENGTHS[symbol];
    }

    /** The bytes {@code src[off, off+len)} take once encoded. */
    public static int encodedLength(final byte[] src, final int off, final int len) {
        long bits = 0;
        for (int i = off; i < off + len; i++) {
            bits += LENGTHS[src[i] & 0xff];
        }
        return (int) ((bits + 7) >>> 3);
    }

    /**
     * Encodes {@code src[off, off+len)} into {@code dst} from {@code dstOff}, padding the last byte with ones (the
     * EOS prefix); {@code dst} must hold {@link #encodedLength} bytes. Returns the bytes written.
     */
    public static int encode(final byte[] src, final int off, final int len, final byte[] dst, final int dstOff) {
        long acc = 0;
        int bits = 0;
        int o = dstOff;
        for (int i = off; i < off + len; i++) {
            final int s = src[i] & 0xff;
            acc = (acc << LENGTHS[s]) | CODES[s];
            bits += LENGTHS[s];
            while (bits >= 8) {
                bits -= 8;
                dst[o++] = (byte) (acc >>> bits);
            }
        }
        if (bits > 0) {
            dst[o++] = (byte) ((acc << (8 - bits)) | (0xff >>> bits));
        }
        return o - dstOff;
    }

    /**
     * Decodes {@code src[off, off+len)} into {@code dst} from {@code dstOff}, writing at most {@code dstMax} bytes.
     * Returns the bytes decoded; {@link #INVALID} when the input is not a valid encoding (the EOS symbol inside it,
     * padding longer than 7 bits or not all ones: a COMPRESSION_ERROR for the caller); {@link #TOO_LONG} when it is
     * valid but decodes to more than {@code dstMax} bytes (the rest is still checked, not written).
     */
    public static int decode(final byte[] src, final int off, final int len, final byte[] dst, final int dstOff,
                             final int dstMax) {
        int code = 0;
        int codeLen = 0;
        int out = 0;
        for (int i = off; i < off + len; i++) {
            final int b = src[i] & 0xff;
            for (int bit = 7; bit >= 0; bit--) {
                code = (code << 1) | ((b >>> bit) & 1);
                codeLen++;
                if (codeLen < MIN_LENGTH) {
                    continue;
                }
                final int k = code - FIRST_CODE[codeLen];
                if (COUNT[codeLen] != 0 && k >= 0 && k < COUNT[codeLen]) {
                    final int symbol = SORTED[FIRST_INDEX[codeLen] + k];
                    if (symbol == EOS) {
                        return INVALID;
                    }
                    if (out < dstMax) {
                        dst[dstOff + out] = (byte) symbol;
                    }
                    out++;
                    code = 0;
                    codeLen = 0;
                } else if (codeLen == MAX_LENGTH) {
                    return INVALID;
                }
            }
        }
        // What is left must be a strict prefix of EOS (all ones) of at most 7 bits.
        if (codeLen > 7 || code != (1 << codeLen) - 1) {
            return INVALID;
        }
        return out > dstMax ? TOO_LONG : out;
    }
}
