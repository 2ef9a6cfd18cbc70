package dev.baton.sample;

/**
 * Where a fetch takes its value from, and so where it may be used (HAProxy's {@code SMP_USE_*} / {@code SMP_VAL_*}
 * reduced to what baton evaluates): a bit set. A fetch is usable at a place when it shares a bit with what the place
 * offers ({@link #HTTP_REQUEST}, {@link #HTTP_RESPONSE}, {@link #LOG}, {@link #TCP_SESSION}).
 */
public final class Uses {
    /** Constants and process state: usable everywhere. */
    public static final int INTERNAL = 1;
    /** The client connection: addresses, ports, TLS, frontend and backend state. */
    public static final int L4 = 2;
    /** The HTTP request head. */
    public static final int REQ = 4;
    /** The HTTP response head. */
    public static final int RES = 8;
    /** What a stream still knows when its log line is built: captures, status, unique id, request line copy. */
    public static final int END = 16;
    /** The raw bytes a tcp stream received from its client so far ({@code tcp-request content} inspection). */
    public static final int REQ_PAYLOAD = 32;
    /** The raw bytes a tcp stream received from its server so far ({@code tcp-response content} inspection). */
    public static final int RES_PAYLOAD = 64;

    /** What {@code http-request} rules, {@code use_backend} in http mode and request-side values offer. */
    public static final int HTTP_REQUEST = INTERNAL | L4 | REQ;
    /** What {@code http-response} rules offer. */
    public static final int HTTP_RESPONSE = INTERNAL | L4 | RES;
    /** What a log format offers. */
    public static final int LOG = INTERNAL | L4 | END;
    /** What a mode tcp frontend's switching rules offer at session start: no payload, no head. */
    public static final int TCP_SESSION = INTERNAL | L4;
    /** What {@code tcp-request content} rules and the switching rules of a mode tcp frontend offer. */
    public static final int TCP_CONTENT = INTERNAL | L4 | REQ_PAYLOAD;
    /** What {@code tcp-response content} rules offer. */
    public static final int TCP_RESPONSE = INTERNAL | L4 | RES_PAYLOAD;

    private Uses() {
    }

    /** HAProxy's name for what {@code uses} reads, for "none of which is available here" messages. */
    public static String describe(final int uses) {
        final StringBuilder out = new StringBuilder();
        append(out, uses, INTERNAL, "internal parameters");
        append(out, uses, L4, "layer 4 client connection");
        append(out, uses, REQ, "HTTP request headers");
        append(out, uses, RES, "HTTP response headers");
        append(out, uses, END, "end of stream (log)");
        append(out, uses, REQ_PAYLOAD, "request buffer contents");
        append(out, uses, RES_PAYLOAD, "response buffer contents");
        return out.toString();
    }

    private static void append(final StringBuilder out, final int uses, final int bit, final String name) {
        if ((uses & bit) != 0) {
            out.append(out.length() > 0 ? ", " : "").append(name);
        }
    }
}
