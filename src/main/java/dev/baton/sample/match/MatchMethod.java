package dev.baton.sample.match;

import dev.baton.sample.SampleType;

/**
 * HAProxy's pattern matching methods ({@code -m}), each with the sample type it compares: {@code found} (any sample),
 * {@code bool}, {@code int}, {@code ip}, {@code bin}, {@code len} (a string's length against integer ranges),
 * {@code str}, {@code sub}, {@code reg}, {@code beg}, {@code end}, {@code dir} (a slash-delimited part), {@code dom}
 * (a dot-delimited part).
 */
public enum MatchMethod {
    FOUND("found", SampleType.ANY), BOOL("bool", SampleType.BOOL), INT("int", SampleType.SINT),
    IP("ip", SampleType.ADDR), BIN("bin", SampleType.BIN), LEN("len", SampleType.STR), STR("str", SampleType.STR),
    SUB("sub", SampleType.STR), REG("reg", SampleType.STR), BEG("beg", SampleType.STR), END("end", SampleType.STR),
    DIR("dir", SampleType.STR), DOM("dom", SampleType.STR);

    private final String text;
    private final SampleType input;

    MatchMethod(final String text, final SampleType input) {
        this.text = text;
        this.input = input;
    }

    public String text() {
        return text;
    }

    /** How HAProxy's {@code get map|acl} names this method's lookup: {@code tree} (str, beg, ip) or {@code list}. */
    public String indexName() {
        return this == STR || this == BEG || this == IP ? "tree" : "list";
    }

    /** The type the sample is cast to before matching. */
    public SampleType input() {
        return input;
    }

    /** The method called {@code name} ({@code -m NAME}), or null. */
    public static MatchMethod named(final String name) {
        for (final MatchMethod m : values()) {
            if (m.text.equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** The method an ACL uses by default on a fetch of type {@code type} (HAProxy's per-type default). */
    public static MatchMethod defaultFor(final SampleType type) {
        switch (type) {
            case BOOL:
                return BOOL;
            case SINT:
                return INT;
            case IPV4:
            case IPV6:
            case ADDR:
                return IP;
            case BIN:
                return BIN;
            default:
                return STR;
        }
    }
}
