package dev.baton.http.rules;

import dev.baton.http.text.HeaderName;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * {@code http-request return [status STATUS] [content-type TYPE] [string TEXT] [hdr NAME FMT]...}: answers
 * at once with {@code status} (200 by default), the extra headers in order, and, when {@code body} is not
 * empty, {@code Content-Type: contentType} and the body. {@code contentType} is null when the body is
 * empty. The arrays are shared and must not be modified.
 */
public record ReturnRule(int status, byte[] contentType, byte[] body, List<Header> headers, Condition condition)
    implements HttpRule {
    public static final int DEFAULT_STATUS = 200;

    /** A {@code hdr NAME FMT} argument. */
    public record Header(HeaderName name, ValueTemplate value) {
    }

    public ReturnRule {
        headers = List.copyOf(headers);
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
            && headers.equals(r.headers) && condition.equals(r.condition);
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
