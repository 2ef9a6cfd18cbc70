package dev.baton.http.rules;

import dev.baton.http.text.HeaderName;

/**
 * {@code set-header NAME FMT}, {@code add-header NAME FMT} or {@code del-header NAME}. {@code value} is null
 * for {@link HttpRule.Kind#DEL_HEADER}. For set-header the value is rendered before the old lines are
 * removed, so it may quote them (HAProxy's order).
 */
public record HeaderRule(Kind kind, HeaderName name, ValueTemplate value, Condition condition) implements HttpRule {
    public HeaderRule {
        if (kind != Kind.SET_HEADER && kind != Kind.ADD_HEADER && kind != Kind.DEL_HEADER) {
            throw new IllegalArgumentException(kind + " is not a header action");
        }
        if ((value == null) != (kind == Kind.DEL_HEADER)) {
            throw new IllegalArgumentException(kind + (value == null ? " needs a value" : " takes no value"));
        }
    }
}
