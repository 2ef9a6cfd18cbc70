package dev.baton.backend;

/**
 * What a stream saw of its server, as HAProxy's passive health analysis names it (check.c, analyze_statuses),
 * with how {@code observe layer4} and {@code observe layer7} count it: an error, a success (which resets the
 * count of consecutive errors) or nothing.
 */
public enum Observed {
    /** The connection to the server was established. */
    L4_OK("L4 successful connection", Verdict.SUCCESS, Verdict.IGNORED),
    /** A connect attempt failed: refused, reset, timed out, no socket. */
    L4_ERR("L4 unsuccessful connection", Verdict.ERROR, Verdict.ERROR),
    /** A response whose status is below 500, or 501 or 505 (which the client's request provokes). */
    HTTP_OK("Correct http response", Verdict.IGNORED, Verdict.SUCCESS),
    /** A response with another 5xx status. */
    HTTP_STS("Wrong http response", Verdict.IGNORED, Verdict.ERROR),
    /** A response whose head could not be parsed. */
    HTTP_HDRRSP("Invalid http response (headers)", Verdict.IGNORED, Verdict.ERROR),
    /** A response refused after its head. */
    HTTP_RSP("Invalid http response", Verdict.IGNORED, Verdict.ERROR),
    /** A read error before the response. */
    HTTP_READ_ERROR("Read error (http)", Verdict.IGNORED, Verdict.ERROR),
    /** {@code timeout server} struck before the response. */
    HTTP_READ_TIMEOUT("Read timeout (http)", Verdict.IGNORED, Verdict.ERROR),
    /** The server closed before the response. */
    HTTP_BROKEN_PIPE("Close from server (http)", Verdict.IGNORED, Verdict.ERROR);

    /** How one observation counts. */
    public enum Verdict {
        IGNORED, SUCCESS, ERROR
    }

    private final String description;
    private final Verdict layer4;
    private final Verdict layer7;

    Observed(final String description, final Verdict layer4, final Verdict layer7) {
        this.description = description;
        this.layer4 = layer4;
        this.layer7 = layer7;
    }

    /** HAProxy's text, given as the "last one was" of the on-error line. */
    public String description() {
        return description;
    }

    /** How it counts under {@code observe layer7} ({@code layer7}) or {@code layer4}. */
    public Verdict verdict(final boolean layer7) {
        return layer7 ? this.layer7 : layer4;
    }

    /** HAProxy's classification of a final response's status: 501 and 505 are the client's doing. */
    public static Observed ofStatus(final int status) {
        return status >= 100 && (status < 500 || status == 501 || status == 505) ? HTTP_OK : HTTP_STS;
    }
}
