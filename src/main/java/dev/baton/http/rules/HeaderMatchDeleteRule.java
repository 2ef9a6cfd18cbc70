package dev.baton.http.rules;

import dev.baton.sample.Regexes;

import java.nio.charset.StandardCharsets;

/**
 * {@code del-header PATTERN -m beg|end|sub|reg}: removes every header whose name starts with, ends with or
 * contains PATTERN (any case, as HAProxy's {@code http_find_pfx/sfx/sub_header}), or in which the regex is found
 * (case-sensitive, as HAProxy compiles it). {@code -m str} is {@link HeaderRule}'s {@code del-header}.
 */
public record HeaderMatchDeleteRule(Match match, byte[] lowerPattern, Regexes regex, Condition condition)
    implements HttpRule {
    /** How PATTERN is compared with a header name. */
    public enum Match { BEG, END, SUB, REG }

    public HeaderMatchDeleteRule {
        if ((regex != null) != (match == Match.REG) || (regex == null) == (lowerPattern == null)) {
            throw new IllegalArgumentException("-m reg takes a regex, the others a pattern");
        }
    }

    /** A rule of {@code match} (not REG) for {@code pattern}. */
    public static HeaderMatchDeleteRule of(final Match match, final String pattern, final Condition condition) {
        return new HeaderMatchDeleteRule(match, pattern.toLowerCase(java.util.Locale.ROOT)
            .getBytes(StandardCharsets.ISO_8859_1), null, condition);
    }

    @Override
    public Kind kind() {
        return Kind.DEL_HEADER_MATCHING;
    }
}
