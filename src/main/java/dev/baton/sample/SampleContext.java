package dev.baton.sample;

import dev.baton.http.text.HeaderName;
import dev.baton.io.TlsInfo;

import java.nio.ByteBuffer;

/**
 * What fetches read: the message head under evaluation (request or response, as raw bytes with offsets into
 * {@link #buffer()}), the client connection, and what the stream knows about its proxies and, at its end, its
 * captures. Every method has a default meaning "not available here", so a place implements only what it offers
 * (a head view the head and connection, a log line the end-of-stream facts). Evaluation never moves the buffer's
 * position or limit. An implementation answers for one stream at a time on the thread that owns it.
 */
public interface SampleContext {
    /** The thread's scratch buffers and matchers. */
    default Scratch scratch() {
        return Scratch.forThread();
    }

    // ---------------------------------------------------------------- head

    /** The bytes of the head, or null when no head is under evaluation. */
    default ByteBuffer buffer() {
        return null;
    }

    /** How many header lines the head has, in order of appearance. */
    default int headerCount() {
        return 0;
    }

    default int headerNameStart(final int index) {
        return 0;
    }

    default int headerNameLength(final int index) {
        return 0;
    }

    /** Where header {@code index}'s value starts, leading and trailing spaces and tabs excluded. */
    default int headerValueStart(final int index) {
        return 0;
    }

    default int headerValueLength(final int index) {
        return 0;
    }

    /** The index of the first header line at or after {@code from} named {@code name} (any case), or -1. */
    default int indexOfHeader(final HeaderName name, final int from) {
        final ByteBuffer buffer = buffer();
        for (int i = Math.max(from, 0); i < headerCount(); i++) {
            if (name.matches(buffer, headerNameStart(i), headerNameLength(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Where the request's method starts; meaningless when {@link #methodLength()} is 0 (no request head). */
    default int methodStart() {
        return 0;
    }

    default int methodLength() {
        return 0;
    }

    /** The request target as sent (HAProxy's {@code url}). */
    default int targetStart() {
        return 0;
    }

    default int targetLength() {
        return 0;
    }

    /** The path within the target, before any {@code ?}; length 0 when the target has none. */
    default int pathStart() {
        return 0;
    }

    default int pathLength() {
        return 0;
    }

    /** The HTTP version of the head as major * 10 + minor (11 for HTTP/1.1), 0 when unknown. */
    default int httpVersion() {
        return 0;
    }

    /** The response status (of the response head, or at the end of the stream), 0 when unknown. */
    default int status() {
        return 0;
    }

    /** Whether this is the first request of its client connection ({@code http_first_req}). */
    default boolean firstRequest() {
        return false;
    }

    // ---------------------------------------------------------------- connection

    /** The client's address, 4 or 16 bytes, or null; callers never modify it. */
    default byte[] srcAddress() {
        return null;
    }

    /** The local address the client connected to, in the same form. */
    default byte[] dstAddress() {
        return null;
    }

    /** The client's port, -1 when unknown. */
    default int srcPort() {
        return -1;
    }

    /** The local port the client connected to, -1 when unknown. */
    default int dstPort() {
        return -1;
    }

    /** What the client connection's TLS handshake negotiated, or null for plain TCP. */
    default TlsInfo tls() {
        return null;
    }

    /** The stream's proxies and servers ({@code fe_name}, {@code be_conn}, {@code nbsrv(BE)}...), or null. */
    default StreamFacts stream() {
        return null;
    }

    /** The stick counters the stream tracks and the stick tables ({@code sc_*}, {@code src_*}), or null. */
    default dev.baton.stick.StickCounters stickCounters() {
        final StreamFacts facts = stream();
        return facts == null ? null : facts.trackedCounters();
    }

    /** The stream's variables ({@code var(txn.x)}, {@code set-var}), or null: then only {@code proc.*} exist. */
    default dev.baton.sample.vars.Vars vars() {
        return null;
    }

    // ---------------------------------------------------------------- end of stream

    /** Capture slot {@code slot} of the request ({@code response} false) or response headers, or null. */
    default byte[] capture(final boolean response, final int slot) {
        return null;
    }

    /** How many bytes of {@link #capture} are used, -1 when the slot captured nothing. */
    default int captureLength(final boolean response, final int slot) {
        return -1;
    }

    /** A copy of the request line kept for the log, or null. */
    default byte[] requestLine() {
        return null;
    }

    default int requestLineLength() {
        return 0;
    }

    /** {@link #timerMs}'s answer where the timer is not kept. */
    long NO_TIMER = Long.MIN_VALUE;

    /**
     * The stream timer {@code t} in milliseconds as it stands now (-1 for a step not reached, as the log shows it),
     * or {@link #NO_TIMER} where this context keeps no stream timers.
     */
    default long timerMs(final StreamTimer t) {
        return NO_TIMER;
    }

    /** The stream's unique id (bytes), or null. */
    default byte[] uniqueId() {
        return null;
    }

    default int uniqueIdLength() {
        return -1;
    }

    // ---------------------------------------------------------------- message body

    /**
     * The body buffered after the request head ({@code response} false) or the response head under evaluation, or
     * null where the place holds none (a log line, a tcp stream, the other message's rules).
     */
    default MessageBody body(final boolean response) {
        return null;
    }

    // ---------------------------------------------------------------- tcp content inspection

    /**
     * The bytes a tcp stream received so far from its client ({@code response} false) or its server and not yet
     * forwarded, from index 0 to the buffer's position (fill mode; never moved), or null when the place keeps none
     * (an HTTP stream, where HAProxy's payload fetches find nothing either, a log line).
     */
    default ByteBuffer payload(final boolean response) {
        return null;
    }

    /** How many bytes {@link #payload} holds ({@code req.len}), -1 when the place has no buffer to measure. */
    default int payloadLength(final boolean response) {
        final ByteBuffer b = payload(response);
        return b == null ? -1 : b.position();
    }

    /**
     * A payload fetch found too few bytes to answer for sure: the answer may change once more arrive (HAProxy's
     * {@code SMP_F_MAY_CHANGE}). An inspecting place counts it while its inspection may still wait, so that a rule
     * whose condition depends on it waits for more data; every other place ignores it.
     */
    default void mayChange() {
        // nothing waits here
    }

    /**
     * Whether content inspection has reached its end (its delay expired, the buffer is full, the peer closed, or
     * there is no inspection here): {@code wait_end} is true then, and "may change" samples no longer wait.
     */
    default boolean inspectionOver() {
        return true;
    }

    /** How many times {@link #mayChange()} counted so far; a condition compares it before and after a test. */
    default int mayChangeCount() {
        return 0;
    }

    /** The client connection, for the fetches of its PROXY header ({@code fc_pp_*}); null where there is none. */
    default dev.baton.io.Endpoint clientConnection() {
        return null;
    }
}
