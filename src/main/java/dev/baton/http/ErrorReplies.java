package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.config.ErrorFile;
import dev.baton.config.HttpOptions;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The complete responses baton sends on its own (HAProxy's manner: short HTML bodies,
 * {@code Connection: close}), built once; an {@code errorfile} replaces one per proxy.
 */
final class ErrorReplies {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
        Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(204, "No Content"),
        Map.entry(301, "Moved Permanently"), Map.entry(302, "Found"), Map.entry(303, "See Other"),
        Map.entry(307, "Temporary Redirect"), Map.entry(308, "Permanent Redirect"),
        Map.entry(401, "Unauthorized"), Map.entry(407, "Proxy Authentication Required"), Map.entry(410, "Gone"),
        Map.entry(400, "Bad Request"), Map.entry(403, "Forbidden"),
        Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(408, "Request Time-out"),
        Map.entry(413, "Payload Too Large"), Map.entry(414, "URI Too Long"), Map.entry(425, "Too Early"),
        Map.entry(429, "Too Many Requests"), Map.entry(431, "Request Header Fields Too Large"),
        Map.entry(500, "Internal Server Error"), Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"),
        Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Time-out"));
    private static final Map<Integer, String> EXPLANATIONS = Map.ofEntries(
        Map.entry(200, "Service ready."),
        Map.entry(400, "Your browser sent an invalid request."),
        Map.entry(401, "You need a valid user and password to access this content."),
        Map.entry(403, "Request forbidden by administrative rules."),
        Map.entry(404, "The resource could not be found."),
        Map.entry(405, "A request was made of a resource using a request method not supported by that resource"),
        Map.entry(407, "You need a valid user and password to access this content."),
        Map.entry(408, "Your browser didn't send a complete request in time."),
        Map.entry(410, "The resource is no longer available and will not be available again."),
        Map.entry(413, "The request entity exceeds the maximum allowed."),
        Map.entry(425, "Your browser sent early data."),
        Map.entry(429, "You have sent too many requests in a given amount of time."),
        Map.entry(501, ".The server does not support the functionality required to fulfill the request."),
        Map.entry(414, "The request line is too long."),
        Map.entry(431, "The request headers are too large."),
        Map.entry(500, "An internal server error occurred."),
        Map.entry(502, "The server returned an invalid or incomplete response."),
        Map.entry(503, "No server is available to handle this request."),
        Map.entry(504, "The server didn't respond in time."));

    private static final Map<Integer, byte[]> BUILT = new java.util.concurrent.ConcurrentHashMap<>();
    /** The same replies without {@code connection: close}, for an answer the client connection outlives. */
    private static final Map<Integer, byte[]> KEEPING_ALIVE = new java.util.concurrent.ConcurrentHashMap<>();

    private ErrorReplies() {
    }

    /**
     * Builds every default error reply now, at start-up: the first error under stress (no descriptor left,
     * which is when 503s come) must neither allocate nor load a class from disk on a reactor.
     */
    static void buildAll() {
        for (final int status : REASONS.keySet()) {
            if (status >= 400) {
                get(status);
                KEEPING_ALIVE.computeIfAbsent(status, c -> build(c, false));
            }
        }
    }

    /** The default reply for {@code status}, built once per status. */
    /** The reply for {@code code}: the backend's errorfile, else the frontend's, else baton's own. */
    static byte[] of(final int code, final Backend backend, final HttpOptions frontend) {
        ErrorFile file = backend != null ? backend.config().http().errorFile(code) : null;
        if (file == null) {
            file = frontend.errorFile(code);
        }
        return file != null ? file.response() : get(code);
    }

    /**
     * The reply for {@code code} as an answer the client connection outlives (HAProxy keeps it after an
     * {@code http-response deny}): baton's own without {@code connection: close}, or null when an errorfile of the
     * backend or the frontend replaces it (a file is sent as written, and the connection closes after it).
     */
    static byte[] keepingAlive(final int code, final Backend backend, final HttpOptions frontend) {
        if (backend != null && backend.config().http().errorFile(code) != null || frontend.errorFile(code) != null) {
            return null;
        }
        return KEEPING_ALIVE.computeIfAbsent(code, c -> build(c, false));
    }

    static byte[] get(final int status) {
        return BUILT.computeIfAbsent(status, ErrorReplies::build);
    }

    static String reason(final int status) {
        return REASONS.getOrDefault(status, "Error");
    }

    /**
     * The reason of HAProxy's own error page for {@code status}: its pages say "Bad request" and, for 407,
     * "Unauthorized", where its {@code return} and redirect replies use the standard reasons ({@link #reason}).
     */
    static String pageReason(final int status) {
        return status == 400 ? "Bad request" : status == 407 ? "Unauthorized" : reason(status);
    }

    /** The default reply for {@code status}. */
    static byte[] build(final int status) {
        return build(status, true);
    }

    private static byte[] build(final int status, final boolean close) {
        final String body = "<html><body><h1>" + status + " " + pageReason(status) + "</h1>\n"
            + EXPLANATIONS.getOrDefault(status, "") + "\n</body></html>\n";
        final String head = "HTTP/1.1 " + status + " " + pageReason(status) + "\r\n"
            + "content-length: " + body.length() + "\r\n"
            + "cache-control: no-cache\r\n"
            + "content-type: text/html\r\n"
            + (close ? "connection: close\r\n" : "") + "\r\n";
        return (head + body).getBytes(StandardCharsets.ISO_8859_1);
    }
}
