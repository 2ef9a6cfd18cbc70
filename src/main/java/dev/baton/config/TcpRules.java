package dev.baton.config;

import java.util.List;

/**
 * A proxy's {@code tcp-request} and {@code tcp-response} rules: {@code connection} rules run right after accept
 * (before the PROXY header and the TLS handshake), {@code session} rules once those are done, {@code content} rules
 * on the bytes received, waiting up to {@code inspectDelayMs} ({@code tcp-request inspect-delay}, 0: no wait) for a
 * rule to decide; {@code responseContent} likewise on the server's bytes with {@code responseInspectDelayMs}.
 * Immutable.
 */
public record TcpRules(long inspectDelayMs, List<TcpRule> connection, List<TcpRule> session,
                       List<TcpRule> content, long responseInspectDelayMs, List<TcpRule> responseContent) {
    /** A proxy without tcp rules. */
    public static final TcpRules NONE = new TcpRules(0, List.of(), List.of(), List.of(), 0, List.of());

    public TcpRules {
        connection = List.copyOf(connection);
        session = List.copyOf(session);
        content = List.copyOf(content);
        responseContent = List.copyOf(responseContent);
    }

    /** Whether the request side waits for content: it has content rules. */
    public boolean inspectsContent() {
        return !content.isEmpty();
    }

    /** Whether the response side waits for content. */
    public boolean inspectsResponse() {
        return !responseContent.isEmpty();
    }
}
