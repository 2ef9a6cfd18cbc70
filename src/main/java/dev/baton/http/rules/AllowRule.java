package dev.baton.http.rules;

/** {@code http-request allow}: the following rules of the list are skipped; the request goes on. */
public record AllowRule(Condition condition) implements HttpRule {
    @Override
    public Kind kind() {
        return Kind.ALLOW;
    }
}
