package dev.baton.testservers;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Locale;

/**
 * An HTTP/1.1 origin server for tests, demos and benchmarks: one selector thread, non-blocking sockets,
 * keep-alive, pipelining, request bodies (Content-Length and chunked, discarded), and a few ways to
 * misbehave.
 *
 * <pre>{@code
 * try (HttpBackend b = HttpBackend.start(new HttpBackend.Options().name("s1").responseDelayMs(50))) {
 *     HttpResponse<String> r = client.send(HttpRequest.newBuilder(b.uri("/")).build(), ofString());
 *     // r.body() is "s1 conn=1 req=1\n"; headers X-Server: s1, X-Conn-Id: 1, X-Req-Num: 1
 * }
 * }</pre>
 *
 * <p>A request path made of {@code key/value} segments overrides the options for that request:
 * {@code /delay/<ms>}, {@code /size/<filler bytes>}, {@code /status/<code>},
 * {@code /misbehave/<reset|hang|close-mid|garbage|none>}; they combine, as in {@code /delay/100/status/503}.
 *
 * <p>{@code /health} answers as set at run time, for health checks: {@link #health(String)} from a test,
 * or {@code GET /control/health/<overrides>} from anyone ({@code /control/health/status/503} makes it
 * answer 503, {@code /control/health/misbehave/reset} reset, {@code /control/health/delay/5000} slow,
 * {@code /control/health} healthy again).
 *
 * <p>Requests in progress are counted ({@link #inFlight()}, {@link #peakInFlight()}, {@link #resetPeak()}; over
 * HTTP {@code GET /control/peak} and {@code GET /control/peak/reset}): a request counts from the moment its head
 * has been read until its response is fully written or its connection closes, delayed ones included, hung ones
 * too; requests to {@code /control/peak} do not count. A request whose client closes (or half-closes) its side
 * during a delay stops counting at once, as a proxy's server slot is freed then; it is still answered.
 */
public final class HttpBackend extends InFlightServer {
    /** The health-check path, answered as {@link #health()} says. */
    public static final String HEALTH_PATH = "/health";
    /** {@code GET /control/health<overrides>} sets {@link #health(String)}. */
    public static final String HEALTH_CONTROL = "/control/health";
    /** {@code GET /control/peak} answers {@code inflight=<n> peak=<m>}; not itself counted as in progress. */
    public static final String PEAK_CONTROL = "/control/peak";
    /** {@code GET /control/peak/reset} answers as {@link #PEAK_CONTROL} did just before, then resets the peak. */
    public static final String PEAK_RESET_CONTROL = PEAK_CONTROL + "/reset";

    private final Options options;
    private volatile String health = "";

    private volatile long requestsReceived;
    private volatile long requestsServed;

    private HttpBackend(final Options options) throws IOException {
        super("http", options);
        this.options = options;
    }

    /** Binds and starts serving; the port is bound when this returns. */
    public static HttpBackend start(final Options options) throws IOException {
        final HttpBackend backend = new HttpBackend(options.copy());
        backend.startLoop();
        return backend;
    }

    /** A backend with the default options on an ephemeral port of 127.0.0.1. */
    public static HttpBackend start() throws IOException {
        return start(new Options());
    }

    /** {@code http://host:port} followed by {@code path} (which should start with a slash). */
    public URI uri(final String path) {
        return URI.create("http://" + NioServer.format(address()) + path);
    }

    /**
     * How {@code /health} answers from now on: path overrides as a request path would carry them
     * ({@code "/status/503"}, {@code "/status/404"}, {@code "/delay/3000"}, {@code "/misbehave/reset"}, combined as
     * {@code "/delay/100/status/503"}), or {@code ""} for a plain 200. Any thread.
     */
    public void health(final String overrides) {
        if (!overrides.isEmpty() && !overrides.startsWith("/")) {
            throw new IllegalArgumentException("overrides start with '/': " + overrides);
        }
        health = overrides;
    }

    /** The overrides {@code /health} answers with now ({@code ""}: 200). */
    public String health() {
        return health;
    }

    /** A copy of the options this backend runs with. */
    public Options options() {
        return options.copy();
    }

    /** Requests whose head and body were fully read, whatever happened next (including misbehaviour). */
    public long requestsReceived() {
        return requestsReceived;
    }

    /**
     * Requests answered with a well-formed HTTP response (any status, {@code /status/<code>} included);
     * counted when the response starts, so it is up to date by the time a client sees the response.
     * Misbehaviours and answers to malformed requests do not count.
     */
    public long requestsServed() {
        return requestsServed;
    }

    /** The answer to {@link #PEAK_CONTROL}: {@code inflight=<n> peak=<m>} and a newline. */
    String peakLine() {
        return "inflight=" + inFlight() + " peak=" + peakInFlight() + "\n";
    }

    void countReceived() {
        requestsReceived++;
    }

    void countServed() {
        requestsServed++;
    }

    Options config() {
        return options;
    }

    @Override
    NioConnection accepted(final SocketChannel channel, final SelectionKey key, final long id) {
        return new HttpConnection(this, channel, key, id);
    }

    /** How a backend departs from a correct answer, once a request has been read (after any delay). */
    public enum Misbehaviour {
        /** Answer correctly. */
        NONE("none"),
        /** Reset the connection: SO_LINGER 0 and close, so the client sees an RST. */
        RESET("reset"),
        /** Never answer: keep reading and discarding until the client closes. Delays do not apply. */
        HANG("hang"),
        /** Send the headers and half of the body, then close (FIN): the client sees a short body. */
        CLOSE_MID_RESPONSE("close-mid"),
        /** Answer bytes that are not HTTP, then close. */
        GARBAGE("garbage");

        private final String cliName;

        Misbehaviour(final String cliName) {
            this.cliName = cliName;
        }

        /** The name used on the command line and in {@code /misbehave/<name>} paths. */
        public String cliName() {
            return cliName;
        }

        /** By command-line name ({@code close-mid}) or constant name ({@code CLOSE_MID_RESPONSE}). */
        public static Misbehaviour parse(final String name) {
            for (Misbehaviour m : values()) {
                if (m.cliName.equalsIgnoreCase(name) || m.name().equalsIgnoreCase(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown misbehaviour '" + name
                    + "' (expected reset, hang, close-mid, garbage or none)");
        }
    }

    /**
     * Settings of a backend; every one is optional. Setters validate and return {@code this};
     * {@link HttpBackend#start(Options)} takes a copy, so an instance may be reused as a template.
     */
    public static final class Options extends ListenOptions<Options> {
        private long responseDelayMs;
        private long bodySize;
        private long keepAliveIdleTimeoutMs;
        private int closeAfterRequests;
        private Misbehaviour misbehaviour = Misbehaviour.NONE;

        /** Defaults: named {@code srv}, on an ephemeral port of 127.0.0.1, answering at once. */
        public Options() {
            super("srv");
        }

        @Override
        Options self() {
            return this;
        }

        private Options copy() {
            final Options o = new Options();
            o.copyFrom(this);
            o.responseDelayMs = responseDelayMs;
            o.bodySize = bodySize;
            o.keepAliveIdleTimeoutMs = keepAliveIdleTimeoutMs;
            o.closeAfterRequests = closeAfterRequests;
            o.misbehaviour = misbehaviour;
            return o;
        }

        /** Wait this long after a request is read before answering it; other connections go on. */
        public Options responseDelayMs(final long value) {
            responseDelayMs = nonNegative("responseDelayMs", value);
            return this;
        }

        /** Filler bytes appended to the body after the {@code "<name> conn=<id> req=<n>\n"} line. */
        public Options bodySize(final long value) {
            bodySize = nonNegative("bodySize", value);
            return this;
        }

        /** Close a connection that has waited this long for (the rest of) a request; 0, the default, never. */
        public Options keepAliveIdleTimeoutMs(final long value) {
            keepAliveIdleTimeoutMs = nonNegative("keepAliveIdleTimeoutMs", value);
            return this;
        }

        /** Send {@code Connection: close} on the Nth response of a connection and close it; 0, the default, never. */
        public Options closeAfterRequests(final int value) {
            closeAfterRequests = (int) nonNegative("closeAfterRequests", value);
            return this;
        }

        /** How to answer every request; default {@link Misbehaviour#NONE}. */
        public Options misbehaviour(final Misbehaviour value) {
            if (value == null) {
                throw new IllegalArgumentException("misbehaviour must not be null");
            }
            misbehaviour = value;
            return this;
        }

        public long responseDelayMs() {
            return responseDelayMs;
        }

        public long bodySize() {
            return bodySize;
        }

        public long keepAliveIdleTimeoutMs() {
            return keepAliveIdleTimeoutMs;
        }

        public int closeAfterRequests() {
            return closeAfterRequests;
        }

        public Misbehaviour misbehaviour() {
            return misbehaviour;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "Options[name=%s, host=%s, port=%d, responseDelayMs=%d, bodySize=%d, keepAliveIdleTimeoutMs=%d,"
                            + " closeAfterRequests=%d, misbehaviour=%s]",
                    name(), host(), port(), responseDelayMs, bodySize, keepAliveIdleTimeoutMs, closeAfterRequests,
                    misbehaviour);
        }
    }

    static long nonNegative(final String what, final long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + value);
        }
        return value;
    }
}
