package dev.baton.http.rules;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code http-request early-hint NAME FMT}: a header line of a {@code 103 Early Hints} interim response sent to an
 * HTTP/1.1 client before the final one (RFC 8297). Consecutive early-hint rules of a list build one such response
 * (a rule with a condition starts a new one), as HAProxy 2.6.12's {@code http_action_early_hint}; the list goes on. {@code name} is kept in lower case, as HAProxy
 * writes header names it made.
 */
public record EarlyHintRule(byte[] name, ValueTemplate value, Condition condition) implements HttpRule {
    /** A rule adding header {@code name} (any case) with the value {@code value} renders. */
    public static EarlyHintRule of(final String name, final ValueTemplate value, final Condition condition) {
        return new EarlyHintRule(name.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII), value, condition);
    }

    @Override
    public Kind kind() {
        return Kind.EARLY_HINT;
    }
}
