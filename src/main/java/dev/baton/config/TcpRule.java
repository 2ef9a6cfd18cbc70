package dev.baton.config;

import dev.baton.http.rules.Condition;

/**
 * One {@code tcp-request connection|session|content} or {@code tcp-response content} rule: its {@link Action} when
 * its condition holds. Immutable, shared by reactors.
 */
public record TcpRule(Action action, Condition condition, SourceLocation where) {
    /** What a rule does when its condition holds; each ends the evaluation of its rule set. */
    public enum Action {
        /** Stop evaluating this set: the connection goes on. */
        ACCEPT,
        /** Close the connection, counted as denied. */
        REJECT
    }
}
