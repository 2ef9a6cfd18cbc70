package dev.baton.http.rules;

/**
 * {@code http-request reject} ({@link Kind#REJECT}: the client connection is closed at once with no response, as
 * {@code tcp-request content reject}) and {@code http-request|http-response silent-drop} ({@link Kind#SILENT_DROP}:
 * it is dropped so that the client is not told, {@code dev.baton.io.Endpoint#silentDrop}). Final: the rules stop.
 */
public record DropRule(Kind kind, Condition condition) implements HttpRule {
    public DropRule {
        if (kind != Kind.REJECT && kind != Kind.SILENT_DROP) {
            throw new IllegalArgumentException(kind.name());
        }
    }
}
