package dev.baton.config;

import dev.baton.http.rules.Condition;
import dev.baton.sample.SampleExpr;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A backend's server persistence by stick table, in the order written: {@code request} holds {@code stick match},
 * {@code stick store-request} and {@code stick on} (both), run once the request (mode http: its head; mode tcp: the
 * connection and its inspected bytes) goes to the backend; {@code response} holds {@code stick store-response},
 * run on the response head (mode http). Each names its table (the backend's own when not written). Immutable.
 */
public record StickServerRules(List<Rule> request, List<Rule> response) {
    /** A backend without stick rules. */
    public static final StickServerRules NONE = new StickServerRules(List.of(), List.of());

    /** One rule: {@code match} looks the key up, {@code store} stores the server chosen; {@code stick on}: both. */
    public record Rule(boolean match, boolean store, SampleExpr expr, String table, Condition condition) {
    }

    public StickServerRules {
        request = List.copyOf(request);
        response = List.copyOf(response);
    }

    public boolean isEmpty() {
        return request.isEmpty() && response.isEmpty();
    }

    /** The tables the rules name: they store {@code server_id} and {@code server_key}. */
    public Set<String> tables() {
        final Set<String> names = new LinkedHashSet<>();
        for (final Rule r : request) {
            names.add(r.table());
        }
        for (final Rule r : response) {
            names.add(r.table());
        }
        return names;
    }
}
