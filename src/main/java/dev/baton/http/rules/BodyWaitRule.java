package dev.baton.http.rules;

/**
 * {@code http-request|http-response wait-for-body time T [at-least N]}: the message's rules wait, for at most
 * {@code timeMs}, until its whole body is buffered, or {@code atLeast} bytes of it (0: no such bound), or the buffer
 * is full; past {@code timeMs} the request is answered 408 (the response 504). The session decides the wait before
 * the rules run ({@code dev.baton.http.RuleBodyWait}); the rule itself then does nothing.
 */
public record BodyWaitRule(long timeMs, long atLeast, Condition condition) implements HttpRule {
    @Override
    public Kind kind() {
        return Kind.WAIT_FOR_BODY;
    }
}
