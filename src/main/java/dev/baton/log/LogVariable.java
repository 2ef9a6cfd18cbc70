package dev.baton.log;

import java.util.HashMap;
import java.util.Map;

/**
 * The {@code %} variables of HAProxy 2.6's custom log format (its manual, section 8.2.6), each with the name
 * written after {@code %} and whether it is reserved for {@code mode http} (HAProxy refuses those in a tcp
 * proxy's format). {@link LogFormat} renders them from {@link StreamLogFields}.
 */
public enum LogVariable {
    BYTES_READ("B", false),
    CAPTURED_REQUEST_COOKIE("CC", true),
    CAPTURED_RESPONSE_COOKIE("CS", true),
    HOSTNAME("H", false),
    HTTP_METHOD("HM", true),
    HTTP_PATH("HP", true),
    HTTP_PATH_ONLY("HPO", true),
    HTTP_QUERY("HQ", true),
    HTTP_URI("HU", true),
    HTTP_VERSION("HV", true),
    UNIQUE_ID("ID", false),
    STATUS("ST", false),
    DATE_GMT("T", false),
    TIME_ACTIVE("Ta", true),
    TIME_CONNECT("Tc", false),
    TIME_DATA("Td", false),
    DATE_LOCAL("Tl", false),
    TIME_HANDSHAKE("Th", false),
    TIME_IDLE("Ti", true),
    TIME_REQUEST_TOTAL("Tq", true),
    TIME_RESPONSE("Tr", true),
    TIME_REQUEST("TR", true),
    TIMESTAMP("Ts", false),
    TIME_TOTAL("Tt", false),
    TIME_USER("Tu", false),
    TIME_WAIT("Tw", false),
    BYTES_UPLOADED("U", false),
    ACTCONN("ac", false),
    BACKEND("b", false),
    BECONN("bc", false),
    BACKEND_SOURCE_IP("bi", false),
    BACKEND_SOURCE_PORT("bp", false),
    BACKEND_QUEUE("bq", false),
    CLIENT_IP("ci", false),
    CLIENT_PORT("cp", false),
    FRONTEND("f", false),
    FECONN("fc", false),
    FRONTEND_IP("fi", false),
    FRONTEND_PORT("fp", false),
    FRONTEND_TRANSPORT("ft", false),
    REQUEST_HEADERS("hr", false),
    REQUEST_HEADER_LIST("hrl", false),
    RESPONSE_HEADERS("hs", false),
    RESPONSE_HEADER_LIST("hsl", false),
    LOG_COUNTER("lc", false),
    ACCEPT_MS("ms", false),
    PID("pid", false),
    REQUEST("r", true),
    RETRIES("rc", false),
    REQUEST_COUNTER("rt", false),
    SERVER("s", false),
    SRVCONN("sc", false),
    SERVER_IP("si", false),
    SERVER_PORT("sp", false),
    SERVER_QUEUE("sq", false),
    SSL_CIPHER("sslc", false),
    SSL_VERSION("sslv", false),
    DATE("t", false),
    REQUEST_DATE("tr", true),
    REQUEST_DATE_GMT("trg", true),
    REQUEST_DATE_LOCAL("trl", true),
    TERMINATION_STATE("ts", false),
    TERMINATION_STATE_COOKIES("tsc", false);

    private static final Map<String, LogVariable> BY_NAME = new HashMap<>();

    static {
        for (final LogVariable v : values()) {
            BY_NAME.put(v.name, v);
        }
    }

    private final String name;
    private final boolean httpOnly;

    LogVariable(final String name, final boolean httpOnly) {
        this.name = name;
        this.httpOnly = httpOnly;
    }

    /** The variable written {@code %NAME} (case matters, as in HAProxy), or null. */
    public static LogVariable named(final String name) {
        return BY_NAME.get(name);
    }

    /** The name written after {@code %}. */
    public String text() {
        return name;
    }

    /** Reserved for {@code mode http}: refused in a tcp proxy's format. */
    public boolean httpOnly() {
        return httpOnly;
    }
}
