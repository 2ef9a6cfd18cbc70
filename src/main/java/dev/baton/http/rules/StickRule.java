package dev.baton.http.rules;

import dev.baton.stick.StickAction;

/**
 * {@code http-request|http-response track-scN KEY [table NAME]}, {@code sc-inc-gpc0(N)}, {@code sc-inc-gpc1(N)}
 * and {@code sc-set-gpt0(N) VALUE}: a {@link StickAction} under a condition. Never final: the list goes on.
 */
public record StickRule(Kind kind, StickAction action, Condition condition) implements HttpRule {
    public StickRule {
        if (kind != Kind.TRACK_SC && kind != Kind.SC_INC_GPC && kind != Kind.SC_SET_GPT) {
            throw new IllegalArgumentException(kind + " is not a stick counter action");
        }
    }
}
