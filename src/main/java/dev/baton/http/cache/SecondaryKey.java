package dev.baton.http.cache;

import dev.baton.http.HttpHead;
import dev.baton.http.text.HeaderName;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * HAProxy 2.6's secondary key ({@code process-vary on}): 8 bytes, the request's Accept-Encoding as a bitmap of known
 * encodings (little-endian) then the CRC-32 of its first Referer (little-endian), each part kept only when the
 * response varies on that header (its Vary signature), the first part replaced in a stored object by the bitmap of
 * the response's Content-Encoding. A request matches an object when the object's encodings are all accepted and the
 * Referer parts are equal. Stateless; any thread; allocates (cache paths only).
 */
public final class SecondaryKey {
    /** The key's length (HAProxy's {@code HTTP_CACHE_SEC_KEY_LEN}). */
    public static final int LENGTH = 8;
    /** Vary signature bits. */
    public static final int ACCEPT_ENCODING = 1;
    public static final int REFERER = 2;
    /** Every part: the key a request gets before any response told which parts matter. */
    public static final int ALL = ~0;

    private static final int GZIP = 1;
    private static final int DEFLATE = 1 << 1;
    private static final int BR = 1 << 2;
    private static final int COMPRESS = 1 << 3;
    private static final int AES128GCM = 1 << 4;
    private static final int EXI = 1 << 5;
    private static final int PACK200_GZIP = 1 << 6;
    private static final int ZSTD = 1 << 7;
    private static final int IDENTITY = 1 << 8;
    private static final int STAR = 1 << 9;
    private static final int OTHER = 1 << 10;
    /** HAProxy's {@code ACCEPT_ENCODING_MAX_ENTRIES}: a request with as many values gets no secondary key. */
    private static final int MAX_ACCEPT_VALUES = 16;

    private static final HeaderName ACCEPT_ENCODING_HEADER = HeaderName.of("Accept-Encoding");
    private static final HeaderName REFERER_HEADER = HeaderName.of("Referer");
    private static final HeaderName CONTENT_ENCODING = HeaderName.of("Content-Encoding");

    private SecondaryKey() {
    }

    /**
     * Fills {@code key} with the parts of {@code req}'s key that {@code signature} names (the others zero); false when
     * the request cannot have one (too many Accept-Encoding values).
     */
    public static boolean build(final HttpHead req, final int signature, final byte[] key) {
        java.util.Arrays.fill(key, (byte) 0);
        if ((signature & ACCEPT_ENCODING) != 0) {
            final long bitmap = acceptedEncodings(req);
            if (bitmap < 0) {
                return false;
            }
            writeInt(key, 0, (int) bitmap);
        }
        if ((signature & REFERER) != 0) {
            final String referer = HeaderValues.first(req, REFERER_HEADER);
            if (referer != null) {
                final CRC32 crc = new CRC32();
                crc.update(referer.getBytes(StandardCharsets.ISO_8859_1));
                writeInt(key, 4, (int) crc.getValue());
            }
        }
        return true;
    }

    /**
     * The Vary signature of {@code resp}: the bits of the headers it varies on; -1 when it names one HAProxy does not
     * manage (then it is not stored).
     */
    public static int signature(final HttpHead resp) {
        int signature = 0;
        final List<String> values = HeaderValues.split(resp, Cacheability.VARY);
        if (values.isEmpty() && resp.indexOf(Cacheability.VARY, 0) >= 0) {
            return -1; // an empty Vary names no header HAProxy manages
        }
        for (final String v : values) {
            if (v.equalsIgnoreCase("accept-encoding")) {
                signature |= ACCEPT_ENCODING;
            } else if (v.equalsIgnoreCase("referer")) {
                signature |= REFERER;
            } else {
                return -1;
            }
        }
        return signature;
    }

    /** Zeroes the parts of {@code key} that {@code signature} does not name. */
    public static void reduce(final int signature, final byte[] key) {
        if ((signature & ACCEPT_ENCODING) == 0) {
            java.util.Arrays.fill(key, 0, 4, (byte) 0);
        }
        if ((signature & REFERER) == 0) {
            java.util.Arrays.fill(key, 4, LENGTH, (byte) 0);
        }
    }

    /**
     * Puts the bitmap of {@code resp}'s Content-Encoding (identity when it has none) in {@code key}'s first part; false
     * when an encoding is unknown (the response is then not stored).
     */
    public static boolean responseEncoding(final HttpHead resp, final byte[] key) {
        int bitmap = 0;
        for (final String v : HeaderValues.split(resp, CONTENT_ENCODING)) {
            final long bits = encoding(v, false);
            if (bits < 0) {
                return false;
            }
            bitmap |= (int) bits;
        }
        writeInt(key, 0, bitmap == 0 ? IDENTITY : bitmap);
        return true;
    }

    /** Whether a request of key {@code request} may get the object of key {@code stored}. */
    public static boolean matches(final byte[] stored, final byte[] request) {
        final int ref = readInt(stored, 0);
        final int accepted = readInt(request, 0);
        if ((ref & OTHER) != 0 || (ref & accepted) != ref) {
            return false;
        }
        return readInt(stored, 4) == readInt(request, 4);
    }

    /** The key as {@code show cache} prints it: 16 hex digits. */
    public static String hex(final byte[] key) {
        final StringBuilder out = new StringBuilder(2 * LENGTH);
        for (final byte b : key) {
            out.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return out.toString();
    }

    /** The request's accepted encodings as HAProxy's normalizer makes them; -1 with too many values. */
    private static long acceptedEncodings(final HttpHead req) {
        int bitmap = IDENTITY;
        int refused = ~0;
        int count = 0;
        final List<String> values = HeaderValues.split(req, ACCEPT_ENCODING_HEADER);
        if (values.isEmpty() && req.indexOf(ACCEPT_ENCODING_HEADER, 0) >= 0) {
            count = 1; // an empty Accept-Encoding: no encoding wanted, yet a header all the same
        }
        for (int i = 0; i < values.size() && count < MAX_ACCEPT_VALUES; i++) {
            count++;
            final String v = values.get(i).toLowerCase(Locale.ROOT);
            final long parsed = encoding(v, true);
            if (parsed < 0) {
                bitmap |= OTHER;
            } else if ((parsed & NULL_WEIGHT) != 0) {
                refused &= ~(int) (parsed & 0xffffffffL);
            } else {
                bitmap |= (int) parsed;
            }
        }
        if ((bitmap & STAR) != 0) {
            bitmap = ~0;
        }
        bitmap &= refused;
        if (count == 0) {
            bitmap = ~0;
        }
        return count == MAX_ACCEPT_VALUES ? -1 : bitmap & 0xffffffffL;
    }

    /** The encodings HAProxy knows, grouped by first letter, and their bits. */
    private static final String[][] NAMES = {
        {"aes128gcm"}, {"br"}, {"compress"}, {"deflate"}, {"exi"}, {"gzip"}, {"identity"}, {"pack200-gzip"},
        {"x-gzip", "x-compress"}, {"zstd"}};
    private static final int[][] BITS = {{AES128GCM}, {BR}, {COMPRESS}, {DEFLATE}, {EXI}, {GZIP}, {IDENTITY},
        {PACK200_GZIP}, {GZIP, COMPRESS}, {ZSTD}};

    /** Set in {@link #encoding}'s answer when the value has {@code ;q=0}. */
    private static final long NULL_WEIGHT = 1L << 32;

    /**
     * HAProxy's {@code parse_encoding_value}: the bit of the encoding {@code v} starts with (0 for a name that starts
     * like a known one but is not it), with {@link #NULL_WEIGHT} when {@code weights} and it has {@code ;q=0}; -1 when
     * unknown, or followed by anything but a weight.
     */
    private static long encoding(final String v, final boolean weights) {
        if (v.isEmpty()) {
            return -1;
        }
        final String[][] names = NAMES;
        final int[][] bits = BITS;
        int value = 0;
        String rest = v.substring(1);
        if (v.charAt(0) == '*') {
            value = STAR;
        } else {
            int group = -1;
            for (int g = 0; g < names.length; g++) {
                if (names[g][0].charAt(0) == v.charAt(0)) {
                    group = g;
                }
            }
            if (group < 0) {
                return -1;
            }
            for (int n = 0; n < names[group].length && value == 0; n++) {
                if (v.startsWith(names[group][n])) {
                    value = bits[group][n];
                    rest = v.substring(names[group][n].length());
                }
            }
        }
        if (value == 0) {
            return 0;
        }
        rest = rest.stripLeading();
        if (rest.isEmpty()) {
            return value;
        }
        if (rest.charAt(0) != ';') {
            return -1;
        }
        return weights && rest.substring(1).stripLeading().equals("q=0") ? value | NULL_WEIGHT : value;
    }

    private static void writeInt(final byte[] key, final int at, final int v) {
        key[at] = (byte) v;
        key[at + 1] = (byte) (v >>> 8);
        key[at + 2] = (byte) (v >>> 16);
        key[at + 3] = (byte) (v >>> 24);
    }

    private static int readInt(final byte[] key, final int at) {
        return key[at] & 0xff | (key[at + 1] & 0xff) << 8 | (key[at + 2] & 0xff) << 16 | (key[at + 3] & 0xff) << 24;
    }
}
