package dev.baton.config;

import dev.baton.http.rules.Condition;

import java.util.List;

/**
 * The statistics page of a {@code mode http} proxy ({@code stats enable}, {@code stats uri}, {@code stats
 * refresh}, {@code stats auth}, {@code stats admin}). {@code uri} is matched as a prefix of the request's path
 * and query, as HAProxy does; {@code refreshSeconds} 0 means no refresh; {@code credentials} are the
 * {@code USER:PASS} pairs of {@code stats auth} (empty: no authentication); {@code admin} is the condition of
 * {@code stats admin}, or null (when it holds, the page has admin forms; else a POST gets 403).
 */
public record StatsPageConfig(String uri, int refreshSeconds, List<String> credentials, Condition admin) {
    /** HAProxy's default {@code stats uri}. */
    public static final String DEFAULT_URI = "/haproxy?stats";
    /** HAProxy's default {@code stats realm}. */
    public static final String REALM = "HAProxy Statistics";

    public StatsPageConfig {
        credentials = List.copyOf(credentials);
    }
}
