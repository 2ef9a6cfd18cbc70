package dev.baton.http.rules;

import dev.baton.http.text.HeaderName;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The response an {@code http-request return}, {@code deny} or {@code tarpit} rule sends, as HAProxy 2.6's http
 * reply: {@code status} is the one the request is logged with in every case.
 * <ul>
 * <li>{@link Type#PAYLOAD}: built from {@code status}, the {@code hdr} headers in order (a header whose value renders
 * empty is left out), {@code Content-Length}, and, when the body is not empty, {@code Content-Type: contentType} and
 * the body: {@code body} (string, file; empty when there is none) or {@code bodyFormat} rendered per request
 * (lf-string, lf-file; {@code body} is then empty). {@code contentType} is null when there is no body.</li>
 * <li>{@link Type#PROXY_ERRORS} ({@code default-errorfiles}): the error reply for {@code status} of the proxy in
 * charge (its {@code errorfile}s, else baton's own).</li>
 * <li>{@link Type#MESSAGE} ({@code errorfile FILE}, or {@code errorfiles NAME} whose section declares the status):
 * {@code message}, a whole HTTP response sent as it is (empty: nothing is sent).</li>
 * </ul>
 * The arrays are shared and must not be modified. Immutable.
 */
public record HttpReply(Type type, int status, byte[] contentType, byte[] body, List<Header> headers,
                        ValueTemplate bodyFormat, byte[] message) {
    /** What the reply is made of. */
    public enum Type { PAYLOAD, PROXY_ERRORS, MESSAGE }

    /** A {@code hdr NAME FMT} argument. */
    public record Header(HeaderName name, ValueTemplate value) {
    }

    public HttpReply {
        headers = List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    /** {@code default-errorfiles}: the proxy's error reply for {@code status}. */
    public static HttpReply proxyErrors(final int status) {
        return new HttpReply(Type.PROXY_ERRORS, status, null, null, List.of(), null, null);
    }

    /** Whether the reply is made per request (its headers or body use the request), not a fixed byte string. */
    public boolean rendered() {
        return type == Type.PAYLOAD;
    }

    @Override
    public boolean equals(final Object o) {
        if (!(o instanceof HttpReply)) {
            return false;
        }
        final HttpReply r = (HttpReply) o;
        return type == r.type && status == r.status && Arrays.equals(contentType, r.contentType)
            && Arrays.equals(body, r.body) && headers.equals(r.headers) && Objects.equals(bodyFormat, r.bodyFormat)
            && Arrays.equals(message, r.message);
    }

    @Override
    public int hashCode() {
        return (type.hashCode() * 31 + status) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "HttpReply[" + type + ", status=" + status + ", contentType="
            + (contentType == null ? null : new String(contentType, StandardCharsets.UTF_8)) + ", body="
            + new String(body, StandardCharsets.UTF_8) + ", headers=" + headers + (message == null ? ""
            : ", message=" + message.length + " bytes") + "]";
    }
}
