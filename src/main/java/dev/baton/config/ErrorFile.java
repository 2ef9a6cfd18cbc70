package dev.baton.config;

import java.util.Arrays;

/**
 * {@code errorfile STATUS FILE}: the complete HTTP response (status line, headers, body) sent instead of
 * baton's own for {@code status}, read and checked at load. An empty file means: close without answering.
 * {@code response} is shared and must not be modified.
 */
public record ErrorFile(int status, String path, byte[] response, SourceLocation where) {
    /** The statuses baton answers by itself, and so the ones an errorfile may replace. */
    public static final int[] STATUSES = {200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501, 502,
        503, 504};

    static final String EXPECTED_STATUS = "one of the statuses baton answers itself: "
        + Arrays.toString(STATUSES).replace("[", "").replace("]", "");

    /** Whether baton answers {@code status} by itself. */
    public static boolean isKnown(final int status) {
        return Arrays.binarySearch(STATUSES, status) >= 0;
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof ErrorFile)) {
            return false;
        }
        final ErrorFile e = (ErrorFile) o;
        return status == e.status && path.equals(e.path) && Arrays.equals(response, e.response)
            && where.equals(e.where);
    }

    @Override
    public int hashCode() {
        return status * 31 + Arrays.hashCode(response);
    }

    @Override
    public String toString() {
        return "ErrorFile[status=" + status + ", path=" + path + ", " + response.length + " bytes, where=" + where
            + "]";
    }
}
