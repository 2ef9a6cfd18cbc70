package dev.baton.config;

import java.util.List;

/**
 * A {@code spoe-group} as one {@code send-spoe-group} rule sends it: the group's name and its messages, their
 * conditions compiled for the rule's place. Immutable.
 */
public record SpoeGroup(String name, List<SpoeMessage> messages) {
    public SpoeGroup {
        messages = List.copyOf(messages);
    }
}
