package dev.baton.log;

import java.nio.ByteBuffer;

/**
 * The values a request keeps for its log line ({@code capture request header}, {@code capture response header},
 * {@code capture cookie}, the unique id): one slot per capture, each holding at most its declared length.
 * A slot is "absent" until set (%hr shows it empty, %hrl as {@code -}). Made once per request workspace for
 * the frontend's shape and reused; {@link #clear} forgets the values. Reactor thread only; copying a value
 * allocates nothing.
 */
public final class LogCaptures {
    private final byte[][] request;
    private final int[] requestLength;
    private final byte[][] response;
    private final int[] responseLength;
    /** %CC and %CS. */
    public final byte[] requestCookie;
    public int requestCookieLength = -1;
    public final byte[] responseCookie;
    public int responseCookieLength = -1;
    /** %ID, HAProxy's UNIQUEID_LEN bytes at most. */
    public final byte[] uniqueId = new byte[128];
    public int uniqueIdLength = -1;

    /** Slots of the given lengths, in declaration order; {@code cookieLength} 0 when no cookie is captured. */
    public LogCaptures(final int[] requestLengths, final int[] responseLengths, final int cookieLength) {
        request = slots(requestLengths);
        requestLength = new int[request.length];
        response = slots(responseLengths);
        responseLength = new int[response.length];
        requestCookie = new byte[cookieLength];
        responseCookie = new byte[cookieLength];
        clear();
    }

    private static byte[][] slots(final int[] lengths) {
        final byte[][] out = new byte[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            out[i] = new byte[lengths[i]];
        }
        return out;
    }

    public void clear() {
        java.util.Arrays.fill(requestLength, -1);
        java.util.Arrays.fill(responseLength, -1);
        requestCookieLength = -1;
        responseCookieLength = -1;
        uniqueIdLength = -1;
    }

    public int requestCount() {
        return request.length;
    }

    public int responseCount() {
        return response.length;
    }

    /** Keeps {@code length} bytes from {@code src} at {@code start} (absolute) in request slot {@code i}, cut to its size. */
    public void setRequest(final int i, final ByteBuffer src, final int start, final int length) {
        requestLength[i] = copy(src, start, length, request[i]);
    }

    public void setResponse(final int i, final ByteBuffer src, final int start, final int length) {
        responseLength[i] = copy(src, start, length, response[i]);
    }

    /** Copies at most {@code dst.length} bytes; returns how many. */
    public static int copy(final ByteBuffer src, final int start, final int length, final byte[] dst) {
        final int n = Math.min(length, dst.length);
        src.get(start, dst, 0, n);
        return n;
    }

    /** Request slot {@code i} as ISO-8859-1 text, null while absent (allocates: for tests and diagnostics). */
    public String requestText(final int i) {
        return requestLength[i] < 0 ? null
            : new String(request[i], 0, requestLength[i], java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Slot {@code i} of the request ({@code response} false) or response captures; null when there is no such slot. */
    public byte[] slot(final boolean response, final int i) {
        return i >= (response ? this.response.length : request.length) ? null : response ? this.response[i] : request[i];
    }

    /** How many bytes of {@link #slot} are used: -1 when it captured nothing or does not exist. */
    public int slotLength(final boolean response, final int i) {
        return i >= (response ? this.response.length : request.length) ? -1
            : response ? responseLength[i] : requestLength[i];
    }

    byte[] request(final int i) {
        return request[i];
    }

    int requestLength(final int i) {
        return requestLength[i];
    }

    byte[] response(final int i) {
        return response[i];
    }

    int responseLength(final int i) {
        return responseLength[i];
    }
}
