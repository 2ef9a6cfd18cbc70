package dev.baton.config;

/**
 * The header a {@code log} target puts before each line ({@code log ... format F}), HAProxy 2.6's formats.
 * {@link #UNSPECIFIED} (no {@code format}) is HAProxy's default: {@link #RFC3164} when the global section has
 * {@code log-send-hostname}, else {@link #LOCAL}.
 */
public enum LogFormat {
    UNSPECIFIED(null),
    /** {@code <PRI>Mmm dd hh:mm:ss TAG[PID]: }: rfc3164 without the host name. */
    LOCAL("local"),
    /** {@code <PRI>Mmm dd hh:mm:ss HOST TAG[PID]: } (HOST {@code localhost} without {@code log-send-hostname}). */
    RFC3164("rfc3164"),
    /** {@code <PRI>1 ISO-TIME HOST TAG PID - - }, {@code -} for a missing HOST. */
    RFC5424("rfc5424"),
    /** {@code <PRI>}: facility and severity. */
    PRIORITY("priority"),
    /** {@code <SEVERITY>}. */
    SHORT("short"),
    /** {@code <SEVERITY>ISO-TIME }. */
    TIMED("timed"),
    /** {@code ISO-TIME }. */
    ISO("iso"),
    /** The line alone. */
    RAW("raw");

    private final String keyword;

    LogFormat(final String keyword) {
        this.keyword = keyword;
    }

    /** The word of {@code format WORD}, null for {@link #UNSPECIFIED}. */
    public String keyword() {
        return keyword;
    }

    /** The format {@code word} names, or null. */
    public static LogFormat of(final String word) {
        for (final LogFormat f : values()) {
            if (f.keyword != null && f.keyword.equals(word)) {
                return f;
            }
        }
        return null;
    }
}
