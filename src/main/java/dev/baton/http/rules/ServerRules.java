package dev.baton.http.rules;

import java.util.List;

/**
 * A backend's {@code use-server} and {@code force-persist}/{@code ignore-persist} rules, in file order. Persistence
 * rules run first (the first that matches sets the request's flag); then, unless the request is already assigned,
 * the first {@code use-server} rule whose condition matches and whose server is up (or forced) assigns it, before
 * cookie persistence, as HAProxy's {@code process_server_rules} does. Immutable; read by reactors.
 */
public record ServerRules(List<UseServer> useServers, List<PersistRule> persistRules) {
    public static final ServerRules NONE = new ServerRules(List.of(), List.of());

    public ServerRules {
        useServers = List.copyOf(useServers);
        persistRules = List.copyOf(persistRules);
    }

    /**
     * {@code use-server NAME if|unless COND}: {@code name} a server of the backend, or null when {@code dynamic} (a
     * log-format such as {@code %[req.hdr(x-server)]}) names it per request.
     */
    public record UseServer(String name, ValueTemplate dynamic, Condition condition) {
    }

    /** {@code force-persist} ({@code force}) or {@code ignore-persist} with its condition. */
    public record PersistRule(boolean force, Condition condition) {
    }

    public boolean isEmpty() {
        return useServers.isEmpty() && persistRules.isEmpty();
    }
}
