package dev.baton.http.rules;

import dev.baton.sample.Regexes;

/**
 * A rewrite of the request line: {@code set-method FMT}, {@code set-path FMT}, {@code set-pathq FMT},
 * {@code set-query FMT}, {@code set-uri FMT} ({@code regex} null), or {@code replace-path REGEX FMT},
 * {@code replace-pathq REGEX FMT}, {@code replace-uri REGEX FMT}: when REGEX is found in the part, the whole part
 * becomes FMT with {@code \1}..{@code \9} standing for the groups (HAProxy's {@code exp_replace}). Later rules and
 * fetches see the new line, and it is what the server receives. Request side only.
 */
public record RequestLineRule(Kind kind, ValueTemplate value, Regexes regex, Condition condition) implements HttpRule {
    public RequestLineRule {
        final boolean replace = kind == Kind.REPLACE_PATH || kind == Kind.REPLACE_PATHQ || kind == Kind.REPLACE_URI;
        final boolean set = kind == Kind.SET_METHOD || kind == Kind.SET_PATH || kind == Kind.SET_PATHQ
            || kind == Kind.SET_QUERY || kind == Kind.SET_URI;
        if (!replace && !set) {
            throw new IllegalArgumentException(kind + " is not a request line action");
        }
        if (value == null || (regex == null) == replace) {
            throw new IllegalArgumentException(kind + (replace ? " needs" : " takes no") + " regex");
        }
    }
}
