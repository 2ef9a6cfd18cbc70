package dev.baton.config;

import java.util.List;
import java.util.Map;

/**
 * One {@code filter spoe [engine NAME] config FILE} line of a proxy: the engine's id (the {@code engine} name, or
 * the agent's name), the file it was read from, its agent, the messages each event sends (events without any are
 * absent), and the names of the groups {@code send-spoe-group} may send. {@code where} is the filter line.
 * Immutable.
 */
public record SpoeEngine(String id, String file, SourceLocation where, SpoeAgent agent,
                         Map<SpoeEvent, List<SpoeMessage>> events, List<String> groups) {
    public SpoeEngine {
        events = Map.copyOf(events);
        groups = List.copyOf(groups);
    }

    /** The messages {@code event} sends, empty when none. */
    public List<SpoeMessage> messages(final SpoeEvent event) {
        return events.getOrDefault(event, List.of());
    }
}
