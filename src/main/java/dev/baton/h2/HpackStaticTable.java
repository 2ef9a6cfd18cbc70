package dev.baton.h2;

import java.nio.charset.StandardCharsets;

/**
 * The static table of HPACK (RFC 7541 Appendix A): 61 entries, indexes 1..61. Immutable; any thread.
 */
final class HpackStaticTable {
    static final int SIZE = 61;

    private static final String[][] ENTRIES = {
        {":authority", ""}, {":method", "GET"}, {":method", "POST"}, {":path", "/"}, {":path", "/index.html"},
        {":scheme", "http"}, {":scheme", "https"}, {":status", "200"}, {":status", "204"}, {":status", "206"},
        {":status", "304"}, {":status", "400"}, {":status", "404"}, {":status", "500"}, {"accept-charset", ""},
        {"accept-encoding", "gzip, deflate"}, {"accept-language", ""}, {"accept-ranges", ""}, {"accept", ""},
        {"access-control-allow-origin", ""}, {"age", ""}, {"allow", ""}, {"authorization", ""},
        {"cache-control", ""}, {"content-disposition", ""}, {"content-encoding", ""}, {"content-language", ""},
        {"content-length", ""}, {"content-location", ""}, {"content-range", ""}, {"content-type", ""},
        {"cookie", ""}, {"date", ""}, {"etag", ""}, {"expect", ""}, {"expires", ""}, {"from", ""}, {"host", ""},
        {"if-match", ""}, {"if-modified-since", ""}, {"if-none-match", ""}, {"if-range", ""},
        {"if-unmodified-since", ""}, {"last-modified", ""}, {"link", ""}, {"location", ""}, {"max-forwards", ""},
        {"proxy-authenticate", ""}, {"proxy-authorization", ""}, {"range", ""}, {"referer", ""}, {"refresh", ""},
        {"retry-after", ""}, {"server", ""}, {"set-cookie", ""}, {"strict-transport-security", ""},
        {"transfer-encoding", ""}, {"user-agent", ""}, {"vary", ""}, {"via", ""}, {"www-authenticate", ""},
    };

    private static final byte[][] NAMES = new byte[SIZE + 1][];
    private static final byte[][] VALUES = new byte[SIZE + 1][];

    static {
        for (int i = 0; i < SIZE; i++) {
            NAMES[i + 1] = ENTRIES[i][0].getBytes(StandardCharsets.US_ASCII);
            VALUES[i + 1] = ENTRIES[i][1].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private HpackStaticTable() {
    }

    /** The name of entry {@code index} (1..61). */
    static byte[] name(final int index) {
        return NAMES[index];
    }

    static byte[] value(final int index) {
        return VALUES[index];
    }

    /**
     * The first index whose name is {@code name[off, off+len)} (lower case, as HTTP/2 field names are), or 0 when
     * none has it. A linear scan of 61 short names, for the encoder of response heads.
     */
    static int indexOfName(final byte[] name, final int off, final int len) {
        for (int i = 1; i <= SIZE; i++) {
            final byte[] n = NAMES[i];
            if (n.length == len && java.util.Arrays.equals(n, 0, len, name, off, off + len)) {
                return i;
            }
        }
        return 0;
    }
}
