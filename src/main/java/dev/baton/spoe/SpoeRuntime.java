package dev.baton.spoe;

import dev.baton.backend.Backend;
import dev.baton.backend.Balancers;
import dev.baton.config.SpoeEngine;
import dev.baton.config.SpoeEvent;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;

import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;

/**
 * An SPOE engine of a configuration as it runs: its configuration, the agent backend, the frames of each event,
 * the variables its agent may set, an engine id sent in HAPROXY-HELLO, and each reactor's {@link SpoeAgentClient}
 * (made by that reactor on first use; slot {@code i} is only ever read and written by reactor {@code i}). Built when
 * a configuration is put to work; shared by reactors.
 */
public final class SpoeRuntime {
    private final SpoeEngine engine;
    private final Backend backend;
    private final SpoeVarTable vars;
    private final Map<SpoeEvent, SpoeFrames> frames = new EnumMap<>(SpoeEvent.class);
    private final String engineId = UUID.randomUUID().toString();
    private final SpoeAgentClient[] clients;

    public SpoeRuntime(final SpoeEngine engine, final Backend backend, final int reactors) {
        this.engine = engine;
        this.backend = backend;
        this.vars = SpoeVarTable.of(engine.agent().varPrefix());
        for (final SpoeEvent e : SpoeEvent.values()) {
            if (!engine.messages(e).isEmpty()) {
                frames.put(e, new SpoeFrames(engine.messages(e)));
            }
        }
        this.clients = new SpoeAgentClient[reactors];
    }

    public SpoeEngine engine() {
        return engine;
    }

    public Backend backend() {
        return backend;
    }

    public SpoeVarTable vars() {
        return vars;
    }

    public String engineId() {
        return engineId;
    }

    /** The frames of {@code event}, or null when it sends nothing. */
    public SpoeFrames frames(final SpoeEvent event) {
        return frames.get(event);
    }

    /** Reactor {@code reactor}'s client of this engine, made on first use. That reactor's thread only. */
    public SpoeAgentClient client(final Reactor reactor, final Balancers balancers, final FdBudget fds) {
        SpoeAgentClient c = clients[reactor.id()];
        if (c == null) {
            c = new SpoeAgentClient(this, reactor, balancers, fds);
            clients[reactor.id()] = c;
        }
        return c;
    }
}
