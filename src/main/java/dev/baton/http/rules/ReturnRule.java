package dev.baton.http.rules;

import dev.baton.http.text.HeaderName;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code http-request return [status STATUS] [content-type TYPE] [string TEXT|lf-string FMT|file F|lf-file F]
 * [hdr NAME FMT]...}: answers at once with {@code status} (200 by default), the extra headers in order, and, when
 * the body is not empty, {@code Content-Type: contentType} and the body: {@code body} (string, file), or
 * {@code bodyFormat} rendered per request (lf-string, lf-file; {@code body} is then empty). {@code contentType} is
 * null when there is no body. The arrays are shared and must not be modified.
 */
public record ReturnRule(int status, byte[] contentType, byte[] body, List<Header> headers, Condition condition,
                         ValueTemplate bodyFormat)
    implements HttpRule {
    public static final int DEFAULT_STATUS = 200;

    /** A {@code hdr NAME FMT} argument. */
    public record Header(HeaderName name, ValueTemplate value) {
    }

    public ReturnRule {
        headers = List.copyOf(headers);
    }

    /** A rule with a fixed body (or none). */
    public ReturnRule(final int status, final byte[] contentType, final byte[] body, final List<Header> headers,
                      final Condition condition) {
        this(status, contentType, body, headers, condition, null);
    }

    @Override
    public Kind kind() {
        return Kind.RETURN;
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof ReturnRule)) {
            return false;
        }
        final ReturnRule r = (ReturnRule) o;
        return status == r.status && Arrays.equals(contentType, r.contentType) && Arrays.equals(body, r.body)
            && headers.equals(r.headers) && condition.equals(r.condition)
            && java.util.Objects.equals(bodyFormat, r.bodyFormat);
    }

    @Override
    public int hashCode() {
        return status * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "ReturnRule[status=" + status + ", contentType="
            + (contentType == null ? null : new String(contentType, StandardCharsets.UTF_8)) + ", body="
            + new String(body, StandardCharsets.UTF_8) + ", headers=" + headers + ", condition=" + condition + "]";
    }
}
