package dev.baton.config;

/** The hash functions of {@code hash-type}, named as in HAProxy 2.6 (the default is {@code sdbm}). */
public enum HashFunction {
    SDBM("sdbm"),
    DJB2("djb2"),
    WT6("wt6"),
    CRC32("crc32");

    private final String keyword;

    HashFunction(final String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }

    /** The function written as {@code keyword}, or null. */
    public static HashFunction fromKeyword(final String keyword) {
        for (final HashFunction f : values()) {
            if (f.keyword.equals(keyword)) {
                return f;
            }
        }
        return null;
    }
}
