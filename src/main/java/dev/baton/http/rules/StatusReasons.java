package dev.baton.http.rules;

import java.util.Map;

/**
 * The reason phrase HAProxy 2.6 writes for a status code it sets ({@code http_get_reason}): the registered phrases
 * as HAProxy spells them, else one per class ("Informational", "Success", "Redirection", "Client Error", "Server
 * Error", "Other"). Stateless.
 */
public final class StatusReasons {
    private static final Map<Integer, String> REASONS = Map.ofEntries(
        Map.entry(100, "Continue"), Map.entry(101, "Switching Protocols"), Map.entry(102, "Processing"),
        Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
        Map.entry(203, "Non-Authoritative Information"), Map.entry(204, "No Content"),
        Map.entry(205, "Reset Content"), Map.entry(206, "Partial Content"), Map.entry(207, "Multi-Status"),
        Map.entry(210, "Content Different"), Map.entry(226, "IM Used"), Map.entry(300, "Multiple Choices"),
        Map.entry(301, "Moved Permanently"), Map.entry(302, "Moved Temporarily"), Map.entry(303, "See Other"),
        Map.entry(304, "Not Modified"), Map.entry(305, "Use Proxy"), Map.entry(307, "Temporary Redirect"),
        Map.entry(308, "Permanent Redirect"), Map.entry(310, "Too many Redirects"), Map.entry(400, "Bad Request"),
        Map.entry(401, "Unauthorized"), Map.entry(402, "Payment Required"), Map.entry(403, "Forbidden"),
        Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"), Map.entry(406, "Not Acceptable"),
        Map.entry(407, "Proxy Authentication Required"), Map.entry(408, "Request Time-out"),
        Map.entry(409, "Conflict"), Map.entry(410, "Gone"), Map.entry(411, "Length Required"),
        Map.entry(412, "Precondition Failed"), Map.entry(413, "Request Entity Too Large"),
        Map.entry(414, "Request-URI Too Long"), Map.entry(415, "Unsupported Media Type"),
        Map.entry(416, "Requested range unsatisfiable"), Map.entry(417, "Expectation failed"),
        Map.entry(418, "I'm a teapot"), Map.entry(421, "Misdirected Request"),
        Map.entry(422, "Unprocessable Content"), Map.entry(423, "Locked"), Map.entry(424, "Method failure"),
        Map.entry(425, "Too Early"), Map.entry(426, "Upgrade Required"), Map.entry(428, "Precondition Required"),
        Map.entry(429, "Too Many Requests"), Map.entry(431, "Request Header Fields Too Large"),
        Map.entry(449, "Retry With"), Map.entry(450, "Blocked by Windows Parental Controls"),
        Map.entry(451, "Unavailable For Legal Reasons"), Map.entry(456, "Unrecoverable Error"),
        Map.entry(499, "client has closed connection"), Map.entry(500, "Internal Server Error"),
        Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway or Proxy Error"),
        Map.entry(503, "Service Unavailable"), Map.entry(504, "Gateway Time-out"),
        Map.entry(505, "HTTP Version not supported"), Map.entry(506, "Variant also negotiate"),
        Map.entry(507, "Insufficient storage"), Map.entry(508, "Loop detected"),
        Map.entry(509, "Bandwidth Limit Exceeded"), Map.entry(510, "Not extended"),
        Map.entry(511, "Network authentication required"), Map.entry(520, "Web server is returning an unknown error"));

    private StatusReasons() {
    }

    /** The reason phrase for {@code status}. */
    public static String of(final int status) {
        final String known = REASONS.get(status);
        if (known != null) {
            return known;
        }
        switch (status / 100) {
            case 1:
                return "Informational";
            case 2:
                return "Success";
            case 3:
                return "Redirection";
            case 4:
                return "Client Error";
            case 5:
                return "Server Error";
            default:
                return "Other";
        }
    }
}
