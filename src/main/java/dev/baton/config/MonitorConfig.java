package dev.baton.config;

import dev.baton.http.rules.Condition;

import java.util.List;

/**
 * {@code monitor-uri URI} and {@code monitor fail if|unless COND} of a {@code mode http} frontend: a request whose
 * path is exactly {@code uri} is answered by baton itself, never forwarded nor logged, as HAProxy does: 200, or 503
 * when one of the {@code failIf} conditions holds (they are tested in order). {@code uri} may be null when only
 * {@code monitor fail} was written (then nothing is intercepted).
 */
public record MonitorConfig(String uri, List<Condition> failIf) {
    public MonitorConfig {
        failIf = List.copyOf(failIf);
    }
}
