package dev.baton.stick;

/**
 * The data a stick table may store per entry ({@code store TYPE[,TYPE...]}), in the order HAProxy 2.6 numbers them
 * (the order {@code show table} prints them in). A rate is HAProxy's frequency counter over the period written in
 * its parentheses ({@code http_req_rate(10s)}); the others are counters or, for {@code gpt0}, a tag, and the server
 * a {@code stick} rule stored ({@code server_id}, {@code server_key}). Immutable.
 */
public enum StickDataType {
    /** The {@code puid} of the server a {@code stick} rule stored; enabled by those rules. */
    SERVER_ID("server_id", false),
    GPT0("gpt0", false),
    GPC0("gpc0", false),
    GPC0_RATE("gpc0_rate", true),
    CONN_CNT("conn_cnt", false),
    CONN_RATE("conn_rate", true),
    CONN_CUR("conn_cur", false),
    SESS_CNT("sess_cnt", false),
    SESS_RATE("sess_rate", true),
    HTTP_REQ_CNT("http_req_cnt", false),
    HTTP_REQ_RATE("http_req_rate", true),
    HTTP_ERR_CNT("http_err_cnt", false),
    HTTP_ERR_RATE("http_err_rate", true),
    BYTES_IN_CNT("bytes_in_cnt", false),
    BYTES_IN_RATE("bytes_in_rate", true),
    BYTES_OUT_CNT("bytes_out_cnt", false),
    BYTES_OUT_RATE("bytes_out_rate", true),
    GPC1("gpc1", false),
    GPC1_RATE("gpc1_rate", true),
    /** The name of that server (HAProxy's {@code srvkey name}, its default), a string kept beside the data. */
    SERVER_KEY("server_key", false);

    /** HAProxy 2.6's other data types, which baton does not store (yet). */
    private static final java.util.Set<String> UNSUPPORTED = java.util.Set.of("http_fail_cnt", "http_fail_rate", "gpt",
        "gpc", "gpc_rate");

    private static final StickDataType[] VALUES = values();

    private final String keyword;
    private final boolean rate;

    StickDataType(final String keyword, final boolean rate) {
        this.keyword = keyword;
        this.rate = rate;
    }

    /** The name as written after {@code store} and {@code data.}. */
    public String keyword() {
        return keyword;
    }

    /** Whether this is a frequency counter over a period. */
    public boolean rate() {
        return rate;
    }

    /** The type called {@code keyword}, or null. */
    public static StickDataType of(final String keyword) {
        for (final StickDataType t : VALUES) {
            if (t.keyword.equals(keyword)) {
                return t;
            }
        }
        return null;
    }

    /** Whether {@code keyword} is one of HAProxy's data types that baton does not store. */
    public static boolean unsupported(final String keyword) {
        return UNSUPPORTED.contains(keyword);
    }

    /** The types baton stores, for messages. */
    public static String supported() {
        final StringBuilder b = new StringBuilder();
        for (final StickDataType t : VALUES) {
            b.append(b.length() == 0 ? "" : ", ").append(t.keyword).append(t.rate ? "(period)" : "");
        }
        return b.toString();
    }

    /** Every type, shared (never modify). */
    static StickDataType[] all() {
        return VALUES;
    }
}
