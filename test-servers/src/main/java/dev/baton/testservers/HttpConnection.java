package dev.baton.testservers;

import dev.baton.testservers.HttpBackend.Misbehaviour;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 connection of an {@link HttpBackend}: a state machine driven by the selector thread.
 *
 * <p>Requests are handled strictly one after the other: the next (pipelined) request is parsed only once
 * the previous response is fully written. Meanwhile the socket is read only during a response delay, into the
 * input buffer while it has room (to notice a client that leaves, see {@link #advance()}), so a fast client is
 * held back by TCP rather than by buffering here. Memory per connection is fixed: a 16 KiB input buffer (the
 * largest request head accepted) and a small output buffer; large bodies are written from one shared,
 * read-only filler buffer.
 */
final class HttpConnection extends NioConnection {
    /** Largest request head, and largest chunk-size or trailer line, accepted. */
    static final int MAX_HEAD = 16 * 1024;
    /** After sending a final response, how long to drain what the client still sends before closing. */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Bytes written per readiness event at most, so that one large body cannot starve other connections. */
    private static final long WRITE_BUDGET = 512 * 1024;
    private static final int MAX_DELAY_MS = 3_600_000;
    private static final long MAX_SIZE = 1L << 40;

    /** The filler pattern: a 64-byte line repeated, so a body's byte at filler offset i is FILLER_LINE[i % 64]. */
    static final byte[] FILLER_LINE =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.\n".getBytes(StandardCharsets.US_ASCII);
    private static final int FILLER_CAPACITY = 64 * 1024;
    private static final ByteBuffer FILLER = makeFiller();
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private enum State {
        HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, DELAY, WRITE, HUNG, LINGER
    }

    private final HttpBackend backend;
    private final HttpBackend.Options options;

    private final byte[] in = new byte[MAX_HEAD];
    private final ByteBuffer inBuffer = ByteBuffer.wrap(in);
    /** Unconsumed input is in[start, end). */
    private int start;
    private int end;
    /** How far past start the search for the end of the head has already looked. */
    private int scanned;
    private boolean inputClosed;

    private ByteBuffer out = ByteBuffer.allocate(512);
    private final ByteBuffer filler = FILLER.duplicate();
    private final ByteBuffer[] outAndFiller = {null, filler};
    /** Bytes of status line and headers at the start of {@link #out}. */
    private int headerLength;
    private long fillerSent;
    private long fillerRemaining;
    private final StringBuilder text = new StringBuilder(256);

    private State state = State.HEAD;
    /** The state to enter once the output is written. */
    private State afterWrite;
    private long bodyRemaining;

    // The request being handled.
    private int requestNumber;
    private boolean http11;
    private boolean headMethod;
    private boolean keepAlive;
    private long delayMs;
    private long fillerBytes;
    private int status;
    private Misbehaviour misbehaviour;
    /** The request counts in the backend's in-flight requests (until its response is written or the close). */
    private boolean inFlight;
    /** The body line of a control request's answer ({@link HttpBackend#PEAK_CONTROL}), or null. */
    private String controlBody;

    HttpConnection(final HttpBackend backend, final SocketChannel channel, final SelectionKey key, final long id) {
        super(backend, channel, key, id);
        this.backend = backend;
        this.options = backend.config();
    }

    @Override
    void start() {
        enterHead();
        interest(SelectionKey.OP_READ);
    }

    @Override
    void onReady(final int readyOps) throws IOException {
        if ((readyOps & SelectionKey.OP_READ) != 0 && isReading()) {
            readSome();
        }
        advance();
    }

    @Override
    void onDeadline() throws IOException {
        switch (state) {
            case DELAY -> {
                respond();
                advance();
            }
            // Idle (keep-alive or slow request) timeout, or the end of a lingering close.
            case HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, LINGER -> close();
            default -> {
                // A deadline of an earlier state: nothing to do.
            }
        }
    }

    private boolean isReading() {
        return state != State.WRITE;
    }

    /** Unconsumed input leaves room to read more (readSome compacts it when it reaches the end). */
    private boolean inputRoom() {
        return end < in.length || start > 0;
    }

    /** Makes every step possible with the input at hand, then sets the interest for what is awaited. */
    private void advance() throws IOException {
        while (!isClosed()) {
            switch (state) {
                case HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS -> {
                    if (!parseSome()) {
                        awaitInput();
                        return;
                    }
                }
                case DELAY -> {
                    // A client (or proxy) that has closed its side no longer waits for this request: it stops
                    // counting as in progress at once, as a proxy's slot is freed, though it is still answered
                    // (a mere half-close gets its response). Input arriving meanwhile is kept for later.
                    if (inputClosed) {
                        requestEnded();
                    }
                    interest(!inputClosed && inputRoom() ? SelectionKey.OP_READ : 0);
                    return;
                }
                case WRITE -> {
                    if (!flush()) {
                        interest(SelectionKey.OP_WRITE);
                        return;
                    }
                    written();
                }
                case HUNG, LINGER -> {
                    start = 0;
                    end = 0;
                    if (inputClosed) {
                        close();
                    } else {
                        interest(SelectionKey.OP_READ);
                    }
                    return;
                }
            }
        }
    }

    private void awaitInput() {
        if (inputClosed) {
            // End of input between requests or within one: nothing more can be answered.
            close();
        } else {
            interest(SelectionKey.OP_READ);
        }
    }

    private void readSome() throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
        } else if (end == in.length && start > 0) {
            System.arraycopy(in, start, in, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == in.length || inputClosed) {
            return;
        }
        inBuffer.limit(in.length).position(end);
        final int n = channel.read(inBuffer);
        if (n < 0) {
            inputClosed = true;
        } else if (n > 0) {
            end += n;
            if (state != State.HUNG && state != State.LINGER && state != State.DELAY
                    && options.keepAliveIdleTimeoutMs() > 0) {
                deadline(idleDeadline());
            }
        }
    }

    private long idleDeadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.keepAliveIdleTimeoutMs());
    }

    private void enterHead() {
        state = State.HEAD;
        controlBody = null;
        scanned = 0;
        if (options.keepAliveIdleTimeoutMs() > 0) {
            deadline(idleDeadline());
        } else {
            clearDeadline();
        }
    }

    // ---------------------------------------------------------------- parsing

    /** One parsing step; false when more input is needed. */
    private boolean parseSome() throws IOException {
        try {
            return switch (state) {
                case HEAD -> parseHead();
                case BODY, CHUNK_DATA -> skipBody();
                case CHUNK_SIZE -> parseChunkSize();
                case CHUNK_END -> parseChunkEnd();
                case TRAILERS -> parseTrailer();
                default -> throw new IllegalStateException(state.name());
            };
        } catch (BadRequest e) {
            error(e.status);
            return true;
        }
    }

    private boolean parseHead() throws IOException, BadRequest {
        // Tolerate empty lines before a request line (RFC 9112, section 2.2).
        while (start < end && (in[start] == '\r' || in[start] == '\n')) {
            start++;
            scanned = 0;
        }
        final int headEnd = findHeadEnd();
        if (headEnd < 0) {
            if (end - start >= in.length) {
                requestNumber++;
                throw new BadRequest(431);
            }
            return false;
        }
        requestNumber++;
        int p = start;
        start = headEnd;
        scanned = 0;

        int eol = indexOf('\n', p, headEnd);
        parseRequestLine(line(p, eol));
        if (controlBody == null) {
            inFlight = true;
            backend.began();
        }
        p = eol + 1;
        long contentLength = -1;
        boolean chunked = false;
        boolean close = false;
        boolean keepAliveAsked = false;
        boolean expectContinue = false;
        for (;;) {
            eol = indexOf('\n', p, headEnd);
            final String line = line(p, eol);
            p = eol + 1;
            if (line.isEmpty()) {
                break;
            }
            final int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new BadRequest(400);
            }
            final String name = line.substring(0, colon);
            if (name.indexOf(' ') >= 0 || name.indexOf('\t') >= 0) {
                throw new BadRequest(400);
            }
            final String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Content-Length")) {
                final long length = parseDecimal(value, Long.MAX_VALUE / 2);
                if (contentLength >= 0 && contentLength != length) {
                    throw new BadRequest(400);
                }
                contentLength = length;
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                final String[] codings = value.split(",");
                if (!codings[codings.length - 1].strip().equalsIgnoreCase("chunked")) {
                    throw new BadRequest(400);
                }
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection")) {
                for (String token : value.split(",")) {
                    close |= token.strip().equalsIgnoreCase("close");
                    keepAliveAsked |= token.strip().equalsIgnoreCase("keep-alive");
                }
            } else if (name.equalsIgnoreCase("Expect")) {
                expectContinue = value.equalsIgnoreCase("100-continue");
            }
        }
        keepAlive = http11 ? !close : keepAliveAsked && !close;
        if (chunked && contentLength >= 0) {
            // A request that could be smuggled: follow Transfer-Encoding, then close (RFC 9112, 6.3).
            keepAlive = false;
        }
        final boolean hasBody;
        if (chunked) {
            state = State.CHUNK_SIZE;
            hasBody = true;
        } else if (contentLength > 0) {
            bodyRemaining = contentLength;
            state = State.BODY;
            hasBody = true;
        } else {
            hasBody = false;
        }
        if (!hasBody) {
            dispatch();
        } else if (expectContinue && http11) {
            startWrite(CONTINUE, 0, state);
        }
        return true;
    }

    private void parseRequestLine(final String line) throws BadRequest {
        final int sp1 = line.indexOf(' ');
        final int sp2 = line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 <= sp1 + 1 || line.indexOf(' ', sp2 + 1) >= 0) {
            throw new BadRequest(400);
        }
        final String version = line.substring(sp2 + 1);
        if (!version.startsWith("HTTP/") || version.length() != 8 || version.charAt(6) != '.'
                || !Character.isDigit(version.charAt(5)) || !Character.isDigit(version.charAt(7))) {
            throw new BadRequest(400);
        }
        if (version.charAt(5) != '1') {
            throw new BadRequest(505);
        }
        http11 = version.charAt(7) != '0';
        headMethod = line.startsWith("HEAD ");
        delayMs = options.responseDelayMs();
        fillerBytes = options.bodySize();
        status = 200;
        misbehaviour = options.misbehaviour();
        applyPathOverrides(line.substring(sp1 + 1, sp2));
    }

    /** {@code /delay/<ms>}, {@code /size/<bytes>}, {@code /status/<code>}, {@code /misbehave/<kind>}, combinable. */
    private void applyPathOverrides(final String target) throws BadRequest {
        String path = target;
        final int scheme = path.indexOf("://");
        if (scheme > 0 && !path.startsWith("/")) {
            final int slash = path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        final int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith(HttpBackend.HEALTH_CONTROL) && (path.length() == HttpBackend.HEALTH_CONTROL.length()
                || path.charAt(HttpBackend.HEALTH_CONTROL.length()) == '/')) {
            backend.health(path.substring(HttpBackend.HEALTH_CONTROL.length())); // this request itself gets 200
            return;
        }
        if (path.equals(HttpBackend.PEAK_CONTROL)) {
            controlBody = backend.peakLine();
            return;
        }
        if (path.equals(HttpBackend.PEAK_RESET_CONTROL)) {
            controlBody = backend.peakLine(); // read and reset on this thread: no peak slips in between
            backend.resetPeak();
            return;
        }
        if (path.equals(HttpBackend.HEALTH_PATH)) {
            path = backend.health(); // the health answer set at run time
        }
        if (path.length() <= 1) {
            return;
        }
        final String[] segments = path.split("/");
        for (int i = 0; i + 1 < segments.length; i++) {
            final String value = segments[i + 1];
            switch (segments[i]) {
                case "delay" -> delayMs = parseDecimal(value, MAX_DELAY_MS);
                case "size" -> fillerBytes = parseDecimal(value, MAX_SIZE);
                case "status" -> {
                    status = (int) parseDecimal(value, 599);
                    if (status < 200) {
                        throw new BadRequest(400);
                    }
                }
                case "misbehave" -> {
                    try {
                        misbehaviour = Misbehaviour.parse(value);
                    } catch (IllegalArgumentException e) {
                        throw new BadRequest(400);
                    }
                }
                default -> {
                    continue;
                }
            }
            i++;
        }
    }

    private boolean skipBody() throws IOException {
        final int n = (int) Math.min(bodyRemaining, end - start);
        start += n;
        bodyRemaining -= n;
        if (bodyRemaining > 0) {
            return false;
        }
        if (state == State.BODY) {
            dispatch();
        } else {
            state = State.CHUNK_END;
        }
        return true;
    }

    private boolean parseChunkSize() throws BadRequest {
        final String line = nextLine();
        if (line == null) {
            return false;
        }
        final int semicolon = line.indexOf(';');
        final String hex = (semicolon >= 0 ? line.substring(0, semicolon) : line).strip();
        if (hex.isEmpty() || hex.length() > 15) {
            throw new BadRequest(400);
        }
        try {
            bodyRemaining = Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new BadRequest(400);
        }
        if (bodyRemaining < 0 || hex.charAt(0) == '+' || hex.charAt(0) == '-') {
            throw new BadRequest(400);
        }
        state = bodyRemaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
        return true;
    }

    private boolean parseChunkEnd() throws BadRequest {
        final String line = nextLine();
        if (line == null) {
            return false;
        }
        if (!line.isEmpty()) {
            throw new BadRequest(400);
        }
        state = State.CHUNK_SIZE;
        return true;
    }

    private boolean parseTrailer() throws IOException, BadRequest {
        final String line = nextLine();
        if (line == null) {
            return false;
        }
        if (line.isEmpty()) {
            dispatch();
        }
        return true;
    }

    /** The next line without its CRLF (or bare LF), consumed; null if no full line is buffered yet. */
    private String nextLine() throws BadRequest {
        final int eol = indexOf('\n', start, end);
        if (eol < 0) {
            if (end - start >= in.length) {
                throw new BadRequest(400);
            }
            return null;
        }
        final String line = line(start, eol);
        start = eol + 1;
        return line;
    }

    /** Index just past the empty line ending the head in in[start, end), or -1. */
    private int findHeadEnd() {
        for (int i = start + scanned; i < end; i++) {
            if (in[i] == '\n') {
                if (i + 1 < end && in[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < end && in[i + 1] == '\r' && in[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        scanned = Math.max(0, end - start - 2);
        return -1;
    }

    private int indexOf(final int b, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (in[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** in[from, eol) as text, less a trailing CR. */
    private String line(final int from, final int eol) {
        final int to = eol > from && in[eol - 1] == '\r' ? eol - 1 : eol;
        return new String(in, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private static long parseDecimal(final String value, final long max) throws BadRequest {
        if (value.isEmpty() || value.length() > 18) {
            throw new BadRequest(400);
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new BadRequest(400);
            }
            n = n * 10 + (c - '0');
        }
        if (n > max) {
            throw new BadRequest(400);
        }
        return n;
    }

    // ---------------------------------------------------------------- answering

    /** The request, body included, is read: hang, wait for the delay, or answer now. */
    private void dispatch() throws IOException {
        backend.countReceived();
        if (misbehaviour == Misbehaviour.HANG) {
            clearDeadline();
            state = State.HUNG;
        } else if (delayMs > 0) {
            state = State.DELAY;
            deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs));
        } else {
            respond();
        }
    }

    private void respond() throws IOException {
        switch (misbehaviour) {
            case RESET -> {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                close();
            }
            case GARBAGE -> {
                final byte[] garbage = ("\u0000\u00ff\u00fe garbage from " + options.name() + " \u0007\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1);
                startWrite(garbage, 0, State.LINGER);
            }
            case CLOSE_MID_RESPONSE -> {
                final long bodyLength = prepareResponse(status);
                if (headMethod || bodyLength == 0) {
                    // No body to cut short: cut the head instead.
                    out.limit(headerLength / 2);
                    fillerRemaining = 0;
                } else {
                    final long half = bodyLength / 2;
                    final long fromText = Math.min(half, out.limit() - headerLength);
                    out.limit(headerLength + (int) fromText);
                    fillerRemaining = half - fromText;
                }
                beginWrite(State.LINGER);
            }
            case NONE, HANG -> {
                backend.countServed();
                prepareResponse(status);
                beginWrite(keepAlive ? State.HEAD : State.LINGER);
            }
        }
    }

    /** Answers a request that cannot be served, then closes. */
    private void error(final int code) throws IOException {
        keepAlive = false;
        headMethod = false;
        fillerBytes = 0;
        prepareResponse(code);
        beginWrite(State.LINGER);
    }

    /**
     * Puts the status line, headers and (unless HEAD) the body's text line in {@link #out} and sets the
     * filler to send after them; returns the Content-Length.
     */
    private long prepareResponse(final int code) {
        if (inputClosed || (options.closeAfterRequests() > 0 && requestNumber >= options.closeAfterRequests())) {
            keepAlive = false;
        }
        final boolean hasBody = code != 204 && code != 304;
        final StringBuilder b = text;
        b.setLength(0);
        if (controlBody != null) {
            b.append(controlBody);
        } else {
            b.append(options.name()).append(" conn=").append(id).append(" req=").append(requestNumber).append('\n');
        }
        final long bodyLength = hasBody ? b.length() + fillerBytes : 0;
        final String line = b.toString();
        b.setLength(0);
        b.append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
        if (hasBody) {
            b.append("Content-Type: text/plain\r\nContent-Length: ").append(bodyLength).append("\r\n");
        }
        b.append("X-Server: ").append(options.name()).append("\r\nX-Conn-Id: ").append(id)
                .append("\r\nX-Req-Num: ").append(requestNumber).append("\r\n");
        if (!keepAlive) {
            b.append("Connection: close\r\n");
        } else if (!http11) {
            b.append("Connection: keep-alive\r\n");
        }
        b.append("\r\n");
        headerLength = b.length();
        final boolean sendBody = hasBody && !headMethod;
        if (sendBody) {
            b.append(line);
        }
        if (out.capacity() < b.length()) {
            out = ByteBuffer.allocate(b.length() * 2);
        }
        out.clear();
        for (int i = 0; i < b.length(); i++) {
            out.put((byte) b.charAt(i));
        }
        out.flip();
        fillerSent = 0;
        fillerRemaining = sendBody ? fillerBytes : 0;
        return bodyLength;
    }

    private void startWrite(final byte[] bytes, final long filler, final State next) {
        if (out.capacity() < bytes.length) {
            out = ByteBuffer.allocate(bytes.length);
        }
        out.clear();
        out.put(bytes).flip();
        fillerSent = 0;
        fillerRemaining = filler;
        beginWrite(next);
    }

    private void beginWrite(final State next) {
        clearDeadline();
        afterWrite = next;
        state = State.WRITE;
    }

    /** Writes what the budget allows; true once everything is written. */
    private boolean flush() throws IOException {
        long budget = WRITE_BUDGET;
        while (out.hasRemaining() || fillerRemaining > 0) {
            if (budget <= 0) {
                return false;
            }
            final long n;
            if (fillerRemaining > 0) {
                final int position = (int) (fillerSent % FILLER_CAPACITY);
                final int length = (int) Math.min(FILLER_CAPACITY - position, fillerRemaining);
                filler.clear().position(position).limit(position + length);
                final int outBefore = out.remaining();
                if (outBefore > 0) {
                    outAndFiller[0] = out;
                    n = channel.write(outAndFiller);
                } else {
                    n = channel.write(filler);
                }
                final long fromFiller = n - (outBefore - out.remaining());
                fillerSent += fromFiller;
                fillerRemaining -= fromFiller;
            } else {
                n = channel.write(out);
            }
            if (n == 0) {
                return false;
            }
            budget -= n;
        }
        return true;
    }

    /** Everything queued is written: go on with the next request, the body, or a lingering close. */
    private void written() throws IOException {
        if (afterWrite == State.HEAD || afterWrite == State.LINGER) {
            requestEnded(); // the final answer is written (not a 100 Continue)
        }
        switch (afterWrite) {
            case HEAD -> enterHead();
            case LINGER -> {
                // Half-close and drain, so the response is not lost to an RST caused by unread input.
                channel.shutdownOutput();
                state = State.LINGER;
                deadline(System.nanoTime() + LINGER_NANOS);
            }
            default -> {
                // After "100 Continue": back to reading the body, under the idle timeout if any.
                state = afterWrite;
                if (options.keepAliveIdleTimeoutMs() > 0) {
                    deadline(idleDeadline());
                }
            }
        }
    }

    private void requestEnded() {
        if (inFlight) {
            inFlight = false;
            backend.ended();
        }
    }

    /** Closing ends the request in progress, if any: a reset, a hang the client gave up on, an early close. */
    @Override
    void close() {
        requestEnded();
        super.close();
    }

    static String reason(final int code) {
        return switch (code) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 206 -> "Partial Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status " + code;
        };
    }

    private static ByteBuffer makeFiller() {
        final ByteBuffer b = ByteBuffer.allocateDirect(FILLER_CAPACITY);
        while (b.hasRemaining()) {
            b.put(FILLER_LINE);
        }
        return b.flip().asReadOnlyBuffer();
    }

    /** A request that gets an error status and a close; cheap, as it carries no stack trace. */
    private static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(final int status) {
            super(null, null, false, false);
            this.status = status;
        }
    }
}
