package dev.baton.config;

import dev.baton.http.rules.Condition;
import dev.baton.sample.SampleExpr;

import java.util.List;

/**
 * A {@code spoe-message} section as one place sends it: its name (the message name on the wire), its arguments in
 * order, and the condition under which it is sent ({@link Condition#NONE}: always), compiled for the place: the
 * event's ({@link SpoeEvent#side}) or the {@code send-spoe-group} rule's. {@code event} is null for a message sent
 * by a group. Immutable.
 */
public record SpoeMessage(String name, SourceLocation where, List<Arg> args, SpoeEvent event, Condition condition) {
    /** An argument: {@code name} (empty for an unnamed one, sent as an empty name) and its expression. */
    public record Arg(String name, SampleExpr expr) {
    }

    public SpoeMessage {
        args = List.copyOf(args);
    }
}
