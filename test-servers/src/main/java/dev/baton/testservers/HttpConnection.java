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
 * read-only filler buffer. The input buffer and the parsing of the requests in it are {@link HttpRequestParser}'s.
 */
final class HttpConnection extends NioConnection {
    /** After sending a final response, how long to drain what the client still sends before closing. */
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Bytes written per readiness event at most, so that one large body cannot starve other connections. */
    private static final long WRITE_BUDGET = 512 * 1024;

    /** The filler pattern: a 64-byte line repeated, so a body's byte at filler offset i is FILLER_LINE[i % 64]. */
    static final byte[] FILLER_LINE =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.\n".getBytes(StandardCharsets.US_ASCII);
    private static final int FILLER_CAPACITY = 64 * 1024;
    private static final ByteBuffer FILLER = makeFiller();
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * REQUEST: reading a request (where in it is the parser's). NEXT_REQUEST is only ever {@link #afterWrite}: the
     * response is final, the next request follows (REQUEST there: go on reading this one, after 100 Continue).
     */
    private enum State {
        NEXT_REQUEST, REQUEST, DELAY, WRITE, HUNG, LINGER
    }

    private final HttpBackend backend;
    private final HttpBackend.Options options;
    /** The input buffer and the request in it. */
    private final HttpRequestParser request;

    private ByteBuffer out = ByteBuffer.allocate(512);
    private final ByteBuffer filler = FILLER.duplicate();
    private final ByteBuffer[] outAndFiller = {null, filler};
    /** Bytes of status line and headers at the start of {@link #out}. */
    private int headerLength;
    private long fillerSent;
    private long fillerRemaining;
    private final StringBuilder text = new StringBuilder(256);

    private State state = State.REQUEST;
    /** The state to enter once the output is written. */
    private State afterWrite;
    /** The request counts in the backend's in-flight requests (until its response is written or the close). */
    private boolean inFlight;

    HttpConnection(final HttpBackend backend, final SocketChannel channel, final SelectionKey key, final long id) {
        super(backend, channel, key, id);
        this.backend = backend;
        this.options = backend.config();
        this.request = new HttpRequestParser(this, backend);
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
            case REQUEST, LINGER -> close();
            default -> {
                // A deadline of an earlier state: nothing to do.
            }
        }
    }

    private boolean isReading() {
        return state != State.WRITE;
    }

    /** Makes every step possible with the input at hand, then sets the interest for what is awaited. */
    private void advance() throws IOException {
        while (!isClosed()) {
            switch (state) {
                case REQUEST -> {
                    if (!request.parseSome()) {
                        awaitInput();
                        return;
                    }
                }
                case DELAY -> {
                    // A client (or proxy) that has closed its side no longer waits for this request: it stops
                    // counting as in progress at once, as a proxy's slot is freed, though it is still answered
                    // (a mere half-close gets its response). Input arriving meanwhile is kept for later.
                    if (request.inputClosed) {
                        requestEnded();
                    }
                    interest(!request.inputClosed && request.inputRoom() ? SelectionKey.OP_READ : 0);
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
                    request.discardInput();
                    if (request.inputClosed) {
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
        if (request.inputClosed) {
            // End of input between requests or within one: nothing more can be answered.
            close();
        } else {
            interest(SelectionKey.OP_READ);
        }
    }

    private void readSome() throws IOException {
        if (request.readFrom(channel) && state != State.HUNG && state != State.LINGER && state != State.DELAY
                && options.keepAliveIdleTimeoutMs() > 0) {
            deadline(idleDeadline());
        }
    }

    private long idleDeadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.keepAliveIdleTimeoutMs());
    }

    private void enterHead() {
        state = State.REQUEST;
        request.nextRequest();
        if (options.keepAliveIdleTimeoutMs() > 0) {
            deadline(idleDeadline());
        } else {
            clearDeadline();
        }
    }

    // ---------------------------------------------------------------- answering

    /** The request's head is read and it is no control request: it counts as in flight until answered. */
    void requestStarted() {
        inFlight = true;
        backend.began();
    }

    /** The request asked for {@code 100 Continue} before its body: it goes now, then the body is read. */
    void continueBody() {
        startWrite(CONTINUE, 0, State.REQUEST);
    }

    /** The request, body included, is read: hang, wait for the delay, or answer now. */
    void dispatch() throws IOException {
        backend.countReceived();
        if (request.misbehaviour == Misbehaviour.HANG) {
            clearDeadline();
            state = State.HUNG;
        } else if (request.delayMs > 0) {
            state = State.DELAY;
            deadline(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(request.delayMs));
        } else {
            respond();
        }
    }

    private void respond() throws IOException {
        switch (request.misbehaviour) {
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
                final long bodyLength = prepareResponse(request.status);
                if (request.headMethod || bodyLength == 0) {
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
                prepareResponse(request.status);
                beginWrite(request.keepAlive ? State.NEXT_REQUEST : State.LINGER);
            }
        }
    }

    /** Answers a request that cannot be served, then closes. */
    void error(final int code) throws IOException {
        request.refuse();
        prepareResponse(code);
        beginWrite(State.LINGER);
    }

    /**
     * Puts the status line, headers and (unless HEAD) the body's text line in {@link #out} and sets the
     * filler to send after them; returns the Content-Length.
     */
    private long prepareResponse(final int code) {
        if (request.inputClosed
                || (options.closeAfterRequests() > 0 && request.requestNumber >= options.closeAfterRequests())) {
            request.keepAlive = false;
        }
        final boolean hasBody = code != 204 && code != 304;
        final StringBuilder b = text;
        b.setLength(0);
        if (request.controlBody != null) {
            b.append(request.controlBody);
        } else {
            b.append(options.name()).append(" conn=").append(id).append(" req=").append(request.requestNumber)
                    .append('\n');
        }
        final long bodyLength = hasBody ? b.length() + request.fillerBytes : 0;
        final String line = b.toString();
        b.setLength(0);
        b.append("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
        if (hasBody) {
            b.append("Content-Type: text/plain\r\nContent-Length: ").append(bodyLength).append("\r\n");
        }
        b.append("X-Server: ").append(options.name()).append("\r\nX-Conn-Id: ").append(id)
                .append("\r\nX-Req-Num: ").append(request.requestNumber).append("\r\n");
        if (!request.keepAlive) {
            b.append("Connection: close\r\n");
        } else if (!request.http11) {
            b.append("Connection: keep-alive\r\n");
        }
        b.append("\r\n");
        headerLength = b.length();
        final boolean sendBody = hasBody && !request.headMethod;
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
        fillerRemaining = sendBody ? request.fillerBytes : 0;
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
        if (afterWrite == State.NEXT_REQUEST || afterWrite == State.LINGER) {
            requestEnded(); // the final answer is written (not a 100 Continue)
        }
        switch (afterWrite) {
            case NEXT_REQUEST -> enterHead();
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
}
