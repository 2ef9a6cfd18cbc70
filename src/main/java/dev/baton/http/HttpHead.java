package dev.baton.http;

import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A parsed request or response head, filled by {@link HeadParser}. One instance per connection side, reused
 * for every message (the parser resets it when a new head begins). Owner thread only.
 *
 * <p>No bytes are copied: the head records offsets into the buffer it was parsed from, and every offset it
 * returns is an absolute index into {@link #buffer()}. The caller keeps the head's bytes in place until it
 * is done with the head, or moves them and says so with {@link #relocate}. Offsets are kept relative to
 * {@link #start()}, which is what makes relocation O(1).
 *
 * <p>Framing facts ({@link #contentLength()}, {@link #chunked()}, the Connection tokens, ...) are derived
 * while parsing, so the proxy never walks the headers again for them. Nothing here allocates except
 * {@link #toString()}.
 */
public final class HttpHead {
    /**
     * Headers a head holds before its arrays grow: HAProxy's default {@code tune.http.maxhdr} (101, which allows 100
     * headers). A parser under a larger {@code tune.http.maxhdr} grows them for the first head that needs more; the
     * head keeps the room for the next ones, so a workspace allocates at most a few times in its life.
     */
    public static final int INITIAL_CAPACITY = 101;

    private ByteBuffer buffer;
    private int base;

    private boolean request;
    private int headLength;
    private int lineStart;
    private int lineLength;
    private HttpMethod method;
    private int methodLength;
    private int targetStart;
    private int targetLength;
    private int pathStart;
    private int pathLength;
    private int authorityStart;
    private int authorityLength;
    private int schemeLength;
    private int status;
    private int version;

    private int headerCount;
    private int[] nameStart = new int[INITIAL_CAPACITY];
    private int[] nameLength = new int[INITIAL_CAPACITY];
    private int[] valueStart = new int[INITIAL_CAPACITY];
    private int[] valueLength = new int[INITIAL_CAPACITY];

    long contentLength;
    boolean transferEncoding;
    boolean chunked;
    boolean otherTransferCoding;
    boolean closeAfter;
    boolean connectionClose;
    boolean connectionKeepAlive;
    boolean connectionUpgrade;
    boolean upgradeHeader;
    boolean expectContinue;

    public HttpHead() {
        reset();
    }

    /** Forgets the previous message. The parser calls it when a new head begins. */
    public void reset() {
        headLength = 0;
        lineStart = 0;
        lineLength = 0;
        method = null;
        methodLength = 0;
        targetStart = 0;
        targetLength = 0;
        pathStart = 0;
        pathLength = 0;
        authorityStart = 0;
        authorityLength = 0;
        schemeLength = 0;
        status = 0;
        version = 0;
        headerCount = 0;
        contentLength = -1;
        transferEncoding = false;
        chunked = false;
        otherTransferCoding = false;
        closeAfter = false;
        connectionClose = false;
        connectionKeepAlive = false;
        connectionUpgrade = false;
        upgradeHeader = false;
        expectContinue = false;
    }

    /**
     * Says that the head's bytes now sit in {@code newBuffer} from index {@code newStart} on (the caller
     * compacted or copied them, unchanged); every offset follows.
     */
    public void relocate(final ByteBuffer newBuffer, final int newStart) {
        this.buffer = newBuffer;
        this.base = newStart;
    }

    /** The buffer the offsets index into. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Index of the head's first byte: the buffer position given to the parser (skipped empty lines included). */
    public int start() {
        return base;
    }

    public boolean isRequest() {
        return request;
    }

    /**
     * Bytes from {@link #start()} through the empty line that ends the head: leading empty lines, start line,
     * headers and final CRLF (or LF). Advancing the position by this much reaches the body or the next message.
     * 0 while the head is incomplete.
     */
    public int headLength() {
        return headLength;
    }

    /** Index of the request or status line (after any skipped empty lines). */
    public int startLineStart() {
        return base + lineStart;
    }

    /** Length of the request or status line without its CRLF. */
    public int startLineLength() {
        return lineLength;
    }

    /** Request method; OTHER for an unlisted token (read it at {@link #methodStart()}). Null for a response. */
    public HttpMethod method() {
        return method;
    }

    public int methodStart() {
        return base + lineStart;
    }

    public int methodLength() {
        return methodLength;
    }

    /** The request-target as sent (origin, absolute, authority or asterisk form). */
    public int targetStart() {
        return base + targetStart;
    }

    public int targetLength() {
        return targetLength;
    }

    /**
     * Start of the path: the target itself in origin-form, the first byte after the authority in
     * absolute-form ({@code http://host:port/path}). For authority-form (CONNECT) and {@code *} the path is
     * empty.
     */
    public int pathStart() {
        return base + pathStart;
    }

    /** Length of the path, up to the first {@code ?} or the end of the target. */
    public int pathLength() {
        return pathLength;
    }

    /**
     * Start of the authority ({@code host[:port]}) the target names: the whole target of a CONNECT, the part
     * of an absolute-form target after {@code scheme://} and any userinfo. The parser has checked that a Host
     * header, if any, names the same.
     */
    public int authorityStart() {
        return base + authorityStart;
    }

    /** Length of the authority; 0 for origin-form and {@code *} targets, and for responses. */
    public int authorityLength() {
        return authorityLength;
    }

    /** Length of the scheme of an absolute-form target (it starts at the target); 0 otherwise. */
    public int schemeLength() {
        return schemeLength;
    }

    /** Response status code, 100 to 599; 0 for a request. */
    public int status() {
        return status;
    }

    /** Start of the reason phrase (possibly empty) of a response. */
    public int reasonStart() {
        return base + lineStart + 13;
    }

    public int reasonLength() {
        return Math.max(0, lineLength - 13);
    }

    /** 10 for HTTP/1.0, 11 for HTTP/1.1. */
    public int version() {
        return version;
    }

    public int headerCount() {
        return headerCount;
    }

    public int nameStart(final int i) {
        return base + nameStart[i];
    }

    public int nameLength(final int i) {
        return nameLength[i];
    }

    /** Start of the value of header {@code i}, leading and trailing OWS cut off. */
    public int valueStart(final int i) {
        return base + valueStart[i];
    }

    public int valueLength(final int i) {
        return valueLength[i];
    }

    /** Index of the first header at or after {@code from} named {@code name} (any case), or -1. */
    public int indexOf(final HeaderName name, final int from) {
        for (int i = Math.max(0, from); i < headerCount; i++) {
            if (name.matches(buffer, base + nameStart[i], nameLength[i])) {
                return i;
            }
        }
        return -1;
    }

    /** The Content-Length, -1 when absent (or ignored: a response with Transfer-Encoding, RFC 9112 §6.3). */
    public long contentLength() {
        return contentLength;
    }

    /**
     * Whether a Transfer-Encoding header is present. A response that has one is framed by it alone: its
     * Content-Length headers must not be forwarded (drop them with {@link HeaderEdits#dropAll}).
     */
    public boolean transferEncoding() {
        return transferEncoding;
    }

    /** Whether Transfer-Encoding is present and its final coding is {@code chunked}. */
    public boolean chunked() {
        return chunked;
    }

    /**
     * Whether Transfer-Encoding lists a coding other than a plain {@code chunked} ({@code gzip, chunked}).
     * Accepted here, since the body passes through unchanged; HAProxy answers 422 to such a request and 502
     * to such a response, which a stream may choose to do with this flag.
     */
    public boolean otherTransferCoding() {
        return otherTransferCoding;
    }

    /** Whether a Connection header lists {@code close}. */
    public boolean connectionClose() {
        return connectionClose;
    }

    /** Whether a Connection header lists {@code keep-alive}. */
    public boolean connectionKeepAlive() {
        return connectionKeepAlive;
    }

    /**
     * Whether an HTTP/1.1 message has an Upgrade header and a Connection header listing {@code upgrade}.
     * Never on HTTP/1.0, where Upgrade is to be ignored (RFC 9110 §7.8).
     */
    public boolean upgrade() {
        return connectionUpgrade && upgradeHeader && version == 11;
    }

    /** Whether an HTTP/1.1 request carries {@code Expect: 100-continue} (ignored on 1.0, RFC 9110 §10.1.1). */
    public boolean expectContinue() {
        return expectContinue;
    }

    /**
     * Persistence by RFC 9112 §9.3: 1.1 without {@code close}, or 1.0 with {@code keep-alive} and no
     * {@code close}. False too for a response framed by Transfer-Encoding that also had a Content-Length or is
     * HTTP/1.0: its framing was doubtful, so the connection closes after it (§6.1, §6.3; HAProxy does so).
     */
    public boolean keepAliveByVersion() {
        if (connectionClose || closeAfter) {
            return false;
        }
        return version >= 11 || connectionKeepAlive;
    }

    // ---- filled by HeadParser; offsets are relative to base ----

    void begin(final boolean isRequest, final ByteBuffer buf, final int start) {
        this.request = isRequest;
        this.buffer = buf;
        this.base = start;
    }

    void requestLine(final int start, final int length, final HttpMethod m, final int methodLen, final int target,
            final int targetLen, final int path, final int pathLen, final int httpVersion) {
        lineStart = start;
        lineLength = length;
        method = m;
        methodLength = methodLen;
        targetStart = target;
        targetLength = targetLen;
        pathStart = path;
        pathLength = pathLen;
        version = httpVersion;
    }

    void authority(final int start, final int length, final int scheme) {
        authorityStart = start;
        authorityLength = length;
        schemeLength = scheme;
    }

    /** {@code set-status}: the status later rules and fetches see (the bytes are rewritten by the head's edits). */
    void status(final int code) {
        status = code;
    }

    void statusLine(final int start, final int length, final int code, final int httpVersion) {
        lineStart = start;
        lineLength = length;
        status = code;
        version = httpVersion;
    }

    /** Records a header; the caller has checked its limit ({@code tune.http.maxhdr}). */
    void addHeader(final int name, final int nameLen, final int value, final int valueLen) {
        if (headerCount == nameStart.length) {
            grow();
        }
        nameStart[headerCount] = name;
        nameLength[headerCount] = nameLen;
        valueStart[headerCount] = value;
        valueLength[headerCount] = valueLen;
        headerCount++;
    }

    /** Room for twice as many headers: only under a {@code tune.http.maxhdr} above the default, once per size. */
    private void grow() {
        final int capacity = nameStart.length * 2;
        nameStart = java.util.Arrays.copyOf(nameStart, capacity);
        nameLength = java.util.Arrays.copyOf(nameLength, capacity);
        valueStart = java.util.Arrays.copyOf(valueStart, capacity);
        valueLength = java.util.Arrays.copyOf(valueLength, capacity);
    }

    void complete(final int length) {
        headLength = length;
    }

    /** The head as text, for debugging and test messages only: allocates. */
    @Override
    public String toString() {
        if (headLength == 0 || buffer == null) {
            return "HttpHead[incomplete]";
        }
        final byte[] copy = new byte[headLength];
        buffer.get(base, copy);
        return new String(copy, StandardCharsets.ISO_8859_1);
    }
}
