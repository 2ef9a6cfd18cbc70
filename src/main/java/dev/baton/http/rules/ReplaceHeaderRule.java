package dev.baton.http.rules;

import dev.baton.http.text.HeaderName;
import dev.baton.sample.Regexes;

/**
 * {@code replace-header NAME REGEX FMT} (each NAME line's whole value) or {@code replace-value NAME REGEX FMT} (each
 * comma-separated value of the NAME lines, one by one): where REGEX is found, the value becomes FMT with
 * {@code \1}..{@code \9} standing for the groups, as HAProxy's {@code http_replace_hdrs}. Either side.
 */
public record ReplaceHeaderRule(Kind kind, HeaderName name, Regexes regex, ValueTemplate value, Condition condition)
    implements HttpRule {
    public ReplaceHeaderRule {
        if (kind != Kind.REPLACE_HEADER && kind != Kind.REPLACE_VALUE) {
            throw new IllegalArgumentException(kind + " is not a replace-header action");
        }
        if (name == null || regex == null || value == null) {
            throw new IllegalArgumentException(kind + " needs a name, a regex and a format");
        }
    }
}
