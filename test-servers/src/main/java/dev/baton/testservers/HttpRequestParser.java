package dev.baton.testservers;

import dev.baton.testservers.HttpBackend.Misbehaviour;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The request side of one {@link HttpConnection}: its fixed input buffer, and the parser of the requests in it (head,
 * then a Content-Length or chunked body, skipped), with what the head asked for ({@code /delay/}, {@code /size/},
 * {@code /status/}, {@code /misbehave/} and the control paths). It tells its connection when a request started
 * ({@link HttpConnection#requestStarted}), when it wants {@code 100 Continue} ({@link HttpConnection#continueBody}),
 * when it is complete ({@link HttpConnection#dispatch}) and when it is bad ({@link HttpConnection#error}, with the
 * status). One per connection, made with it; the server's selector thread only, like its connection.
 */
final class HttpRequestParser {
    /** Largest request head, and largest chunk-size or trailer line, accepted. */
    static final int MAX_HEAD = 16 * 1024;
    private static final int MAX_DELAY_MS = 3_600_000;
    private static final long MAX_SIZE = 1L << 40;

    /** Where the parser is in the request. */
    private enum Phase {
        HEAD, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS
    }

    private final HttpConnection connection;
    private final HttpBackend backend;
    private final HttpBackend.Options options;

    private final byte[] in = new byte[MAX_HEAD];
    private final ByteBuffer inBuffer = ByteBuffer.wrap(in);
    /** Unconsumed input is in[start, end). */
    private int start;
    private int end;
    /** How far past start the search for the end of the head has already looked. */
    private int scanned;
    /** The client closed its side: no more input will come. */
    boolean inputClosed;

    private Phase phase = Phase.HEAD;
    private long bodyRemaining;

    // The request being handled, as its head asked (read by the connection).
    int requestNumber;
    boolean http11;
    boolean headMethod;
    boolean keepAlive;
    long delayMs;
    long fillerBytes;
    int status;
    Misbehaviour misbehaviour;
    /** The body line of a control request's answer ({@link HttpBackend#PEAK_CONTROL}), or null. */
    String controlBody;

    HttpRequestParser(final HttpConnection connection, final HttpBackend backend) {
        this.connection = connection;
        this.backend = backend;
        this.options = backend.config();
    }

    /** Waits for the next request's head. */
    void nextRequest() {
        phase = Phase.HEAD;
        controlBody = null;
        scanned = 0;
    }

    /** The request is answered with an error and a close: no body, no keep-alive. */
    void refuse() {
        keepAlive = false;
        headMethod = false;
        fillerBytes = 0;
    }

    /** Unconsumed input leaves room to read more (readFrom compacts it when it reaches the end). */
    boolean inputRoom() {
        return end < in.length || start > 0;
    }

    /** Forgets the input buffered (a hung or lingering connection reads only to notice the close). */
    void discardInput() {
        start = 0;
        end = 0;
    }

    /** Reads what {@code channel} has into the input buffer while it has room: true when bytes came. */
    boolean readFrom(final SocketChannel channel) throws IOException {
        if (start == end) {
            start = 0;
            end = 0;
        } else if (end == in.length && start > 0) {
            System.arraycopy(in, start, in, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == in.length || inputClosed) {
            return false;
        }
        inBuffer.limit(in.length).position(end);
        final int n = channel.read(inBuffer);
        if (n < 0) {
            inputClosed = true;
        } else if (n > 0) {
            end += n;
            return true;
        }
        return false;
    }

    /** One parsing step; false when more input is needed. */
    boolean parseSome() throws IOException {
        try {
            return switch (phase) {
                case HEAD -> parseHead();
                case BODY, CHUNK_DATA -> skipBody();
                case CHUNK_SIZE -> parseChunkSize();
                case CHUNK_END -> parseChunkEnd();
                case TRAILERS -> parseTrailer();
            };
        } catch (BadRequest e) {
            connection.error(e.status);
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
            connection.requestStarted();
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
            phase = Phase.CHUNK_SIZE;
            hasBody = true;
        } else if (contentLength > 0) {
            bodyRemaining = contentLength;
            phase = Phase.BODY;
            hasBody = true;
        } else {
            hasBody = false;
        }
        if (!hasBody) {
            connection.dispatch();
        } else if (expectContinue && http11) {
            connection.continueBody();
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
        if (phase == Phase.BODY) {
            connection.dispatch();
        } else {
            phase = Phase.CHUNK_END;
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
        phase = bodyRemaining == 0 ? Phase.TRAILERS : Phase.CHUNK_DATA;
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
        phase = Phase.CHUNK_SIZE;
        return true;
    }

    private boolean parseTrailer() throws IOException, BadRequest {
        final String line = nextLine();
        if (line == null) {
            return false;
        }
        if (line.isEmpty()) {
            connection.dispatch();
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
