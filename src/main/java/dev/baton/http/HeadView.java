package dev.baton.http;

import dev.baton.http.rules.RequestView;
import dev.baton.io.TlsInfo;
import dev.baton.sample.StreamFacts;

import java.nio.ByteBuffer;

/**
 * Lets the rule evaluator read a parsed head (request or response) and the connection's addresses
 * without copying: every accessor answers from {@link HttpHead}'s offsets. One per request workspace and
 * direction; reactor thread only; valid while the head's bytes are in place.
 */
final class HeadView implements RequestView, dev.baton.log.LogFieldsSource {
    private byte[] src;
    private byte[] dst;
    private int srcPort = -1;
    private int dstPort = -1;
    private TlsInfo tls;
    private HttpHead head;
    private SessionFacts stream;
    private final dev.baton.sample.vars.Vars vars;
    private final BufferedBody body = new BufferedBody();

    /** A view whose fetches and rules see the request's {@code vars}. */
    HeadView(final dev.baton.sample.vars.Vars vars) {
        this.vars = vars;
    }

    @Override
    public dev.baton.sample.vars.Vars vars() {
        return vars;
    }

    /**
     * The client's ({@code src}) and the local ({@code dst}) address of the connection being served, and its TLS
     * session ({@code tls}, null for plain TCP).
     */
    void addresses(final byte[] src, final byte[] dst, final TlsInfo tls) {
        this.src = src;
        this.dst = dst;
        this.tls = tls;
    }

    /** A {@code set-src} / {@code set-src-port} rule changed the client address and port the request shows. */
    void source(final byte[] address, final int port) {
        this.src = address;
        this.srcPort = port;
    }

    /** A {@code set-dst} / {@code set-dst-port} rule changed the local address and port the request shows. */
    void destination(final byte[] address, final int port) {
        this.dst = address;
        this.dstPort = port;
    }

    /**
     * The connection's ports ({@code src_port}, {@code dst_port}; -1 unknown), the stream's proxies and counters
     * ({@code fe_name}, {@code be_conn}...; null unknown) and through them whether the request is the connection's first.
     */
    void stream(final int srcPort, final int dstPort, final SessionFacts stream) {
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.stream = stream;
    }

    @Override
    public int srcPort() {
        return srcPort;
    }

    @Override
    public int dstPort() {
        return dstPort;
    }

    @Override
    public StreamFacts stream() {
        return stream;
    }

    @Override
    public dev.baton.io.Endpoint clientConnection() {
        return stream == null ? null : stream.clientConnection();
    }

    @Override
    public boolean proxyRequest() {
        return stream != null && stream.proxyRequest();
    }

    @Override
    public byte[] capture(final boolean response, final int slot) {
        return stream == null ? null : stream.capture(response, slot);
    }

    @Override
    public int captureLength(final boolean response, final int slot) {
        return stream == null ? -1 : stream.captureLength(response, slot);
    }

    @Override
    public byte[] requestLine() {
        return stream == null ? null : stream.requestLine();
    }

    @Override
    public int requestLineLength() {
        return stream == null ? 0 : stream.requestLineLength();
    }

    @Override
    public long timerMs(final dev.baton.sample.StreamTimer t) {
        return stream == null ? NO_TIMER : dev.baton.log.LogVariables.timerMs(t, stream.logFieldsNow());
    }

    @Override
    public dev.baton.log.StreamLogFields logFieldsNow() {
        return stream == null ? null : stream.logFieldsNow();
    }

    @Override
    public StringBuilder logScratch() {
        return stream.logScratch();
    }

    @Override
    public byte[] uniqueId() {
        return stream == null ? null : stream.uniqueId();
    }

    @Override
    public int uniqueIdLength() {
        return stream == null ? -1 : stream.uniqueIdLength();
    }

    @Override
    public boolean firstRequest() {
        return stream != null && stream.firstRequest();
    }

    @Override
    public int targetStart() {
        return head.targetStart();
    }

    @Override
    public int targetLength() {
        return head.isRequest() ? head.targetLength() : 0;
    }

    @Override
    public int httpVersion() {
        return head.version();
    }

    @Override
    public int status() {
        return head.status();
    }

    @Override
    public TlsInfo tls() {
        return tls;
    }

    HeadView of(final HttpHead h) {
        this.head = h;
        return this;
    }

    /**
     * The body bytes after the head in its buffer ({@code req.body}, {@code res.body}...), for the head's own
     * direction only (null for the other: its bytes are not in this buffer). A response's body without
     * Content-Length or chunking runs to the end of what is buffered.
     */
    @Override
    public dev.baton.sample.MessageBody body(final boolean response) {
        if (head == null || head.buffer() == null || response == head.isRequest()) {
            return null;
        }
        final ByteBuffer b = head.buffer();
        final int bodyStart = head.start() + head.headLength();
        final BodyFraming framing;
        if (head.isRequest()) {
            framing = HeadParser.requestFraming(head);
        } else if (head.chunked()) {
            framing = BodyFraming.CHUNKED;
        } else {
            framing = head.contentLength() >= 0 ? BodyFraming.CONTENT_LENGTH : BodyFraming.UNTIL_CLOSE;
        }
        return body.of(b, bodyStart, b.limit(), framing, head.contentLength());
    }

    /** {@code req.len} in mode http: the head's length (HAProxy counts the data of its HTX message). */
    @Override
    public int payloadLength(final boolean response) {
        return response || head == null ? -1 : head.headLength();
    }

    @Override
    public ByteBuffer buffer() {
        return head.buffer();
    }

    @Override
    public int headerCount() {
        return head.headerCount();
    }

    @Override
    public int headerNameStart(final int i) {
        return head.nameStart(i);
    }

    @Override
    public int headerNameLength(final int i) {
        return head.nameLength(i);
    }

    @Override
    public int headerValueStart(final int i) {
        return head.valueStart(i);
    }

    @Override
    public int headerValueLength(final int i) {
        return head.valueLength(i);
    }

    @Override
    public byte[] srcAddress() {
        return src;
    }

    @Override
    public byte[] dstAddress() {
        return dst;
    }

    @Override
    public int methodStart() {
        return head.methodStart();
    }

    @Override
    public int methodLength() {
        return head.isRequest() ? head.methodLength() : 0;
    }

    @Override
    public int pathStart() {
        return head.pathStart();
    }

    @Override
    public int pathLength() {
        return head.isRequest() ? head.pathLength() : 0;
    }
}
