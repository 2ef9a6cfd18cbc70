package dev.baton.http.rules;

import java.util.List;

/**
 * {@code http-request return [status STATUS] [content-type TYPE] [string TEXT|lf-string FMT|file F|lf-file F|
 * errorfile F|errorfiles NAME|default-errorfiles] [hdr NAME FMT]...}: answers at once with {@code reply} (200 by
 * default), and the request goes on on the same connection when it can.
 */
public record ReturnRule(HttpReply reply, Condition condition) implements HttpRule {
    public static final int DEFAULT_STATUS = 200;

    @Override
    public Kind kind() {
        return Kind.RETURN;
    }

    public int status() {
        return reply.status();
    }

    /** The {@link HttpReply#contentType()}; null without a body. */
    public byte[] contentType() {
        return reply.contentType();
    }

    public byte[] body() {
        return reply.body();
    }

    public List<HttpReply.Header> headers() {
        return reply.headers();
    }

    public ValueTemplate bodyFormat() {
        return reply.bodyFormat();
    }
}
