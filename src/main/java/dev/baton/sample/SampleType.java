package dev.baton.sample;

/**
 * The types a sample can have, HAProxy's {@code SMP_T_*}: a boolean, a signed 64-bit integer, an IPv4 or IPv6
 * address, a string, or binary bytes. {@link #ANY} is only an input type: a converter that takes any sample.
 */
public enum SampleType {
    BOOL("boolean"), SINT("integer"), IPV4("ipv4"), IPV6("ipv6"), STR("string"), BIN("binary"), ANY("any"),
    /** An input type only: IPv4 or IPv6 (HAProxy's {@code SMP_T_ADDR}). */
    ADDR("address");

    private final String text;

    SampleType(final String text) {
        this.text = text;
    }

    /** The type's name as HAProxy writes it in messages. */
    public String text() {
        return text;
    }
}
