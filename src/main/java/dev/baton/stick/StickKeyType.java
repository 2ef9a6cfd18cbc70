package dev.baton.stick;

import dev.baton.sample.SampleType;

/**
 * The key type of a stick table ({@code type ip|ipv6|integer|string [len N]|binary [len N]}): its keyword, the sample
 * type a key is cast to, and its size in bytes (fixed, or the default of {@code len} for strings and binaries).
 */
public enum StickKeyType {
    IP("ip", SampleType.IPV4, 4, false),
    IPV6("ipv6", SampleType.IPV6, 16, false),
    INTEGER("integer", SampleType.SINT, 4, false),
    STRING("string", SampleType.STR, 32, true),
    BINARY("binary", SampleType.BIN, 32, true);

    private final String keyword;
    private final SampleType sampleType;
    private final int defaultLength;
    private final boolean customLength;

    StickKeyType(final String keyword, final SampleType sampleType, final int defaultLength,
                 final boolean customLength) {
        this.keyword = keyword;
        this.sampleType = sampleType;
        this.defaultLength = defaultLength;
        this.customLength = customLength;
    }

    public String keyword() {
        return keyword;
    }

    /** The type a key sample is converted to before a lookup. */
    public SampleType sampleType() {
        return sampleType;
    }

    public int defaultLength() {
        return defaultLength;
    }

    /** Whether {@code len N} may follow. */
    public boolean customLength() {
        return customLength;
    }

    /** The type called {@code keyword}, or null. */
    public static StickKeyType of(final String keyword) {
        for (final StickKeyType t : values()) {
            if (t.keyword.equals(keyword)) {
                return t;
            }
        }
        return null;
    }
}
