package dev.baton.config;

import dev.baton.http.rules.Condition;

import java.util.List;

/**
 * The statistics page of a {@code mode http} proxy ({@code stats enable}, {@code stats uri}, {@code stats
 * refresh}, {@code stats auth}, {@code stats admin}, {@code stats realm}, {@code stats hide-version},
 * {@code stats show-node}, {@code stats show-desc}, {@code stats show-legends}). {@code uri} is matched as a
 * prefix of the request's path and query, as HAProxy does; {@code refreshSeconds} 0 means no refresh;
 * {@code credentials} are the {@code USER:PASS} pairs of {@code stats auth} (empty: no authentication);
 * {@code admin} is the condition of {@code stats admin}, or null (when it holds, the page has admin forms; else
 * a POST gets 403). {@code realm} is the Basic realm a refused request is told. {@code showNode} and
 * {@code showDesc} are null when the page does not show them, "" when it shows the global {@code node} (the
 * host's name when unset) or {@code description}, else the text to show. {@code showLegends}: the proxy and
 * server tables carry their capabilities, ids and addresses. {@code scopes}: the {@code stats scope} proxy names
 * ({@code .}: the proxy serving the page), empty for every proxy. {@code rules}: the {@code stats http-request}
 * rules in order, the first whose condition holds decides (none: allowed). {@code showModules}
 * ({@code stats show-modules}): each table ends with HAProxy's "Extra modules" columns, one per statistics module.
 */
public record StatsPageConfig(String uri, int refreshSeconds, List<String> credentials, Condition admin,
                              String realm, boolean hideVersion, String showNode, String showDesc,
                              boolean showLegends, List<String> scopes, List<StatsRule> rules,
                              boolean showModules) {
    /** HAProxy's default {@code stats uri}. */
    public static final String DEFAULT_URI = "/haproxy?stats";
    /** HAProxy's default {@code stats realm}. */
    public static final String REALM = "HAProxy Statistics";
    /** {@code showNode}/{@code showDesc}: show the global value. */
    public static final String GLOBAL = "";

    public StatsPageConfig {
        credentials = List.copyOf(credentials);
        scopes = List.copyOf(scopes);
        rules = List.copyOf(rules);
    }

    /** A page without {@code stats show-modules}. */
    public StatsPageConfig(final String uri, final int refreshSeconds, final List<String> credentials,
                           final Condition admin, final String realm, final boolean hideVersion, final String showNode,
                           final String showDesc, final boolean showLegends, final List<String> scopes,
                           final List<StatsRule> rules) {
        this(uri, refreshSeconds, credentials, admin, realm, hideVersion, showNode, showDesc, showLegends, scopes, rules,
            false);
    }

    /** A page without {@code stats scope} nor {@code stats http-request}. */
    public StatsPageConfig(final String uri, final int refreshSeconds, final List<String> credentials,
                           final Condition admin, final String realm, final boolean hideVersion, final String showNode,
                           final String showDesc, final boolean showLegends) {
        this(uri, refreshSeconds, credentials, admin, realm, hideVersion, showNode, showDesc, showLegends, List.of(),
            List.of());
    }

    /** Whether the page lists proxy {@code name}; {@code self} is the proxy serving the page. */
    public boolean inScope(final String name, final String self) {
        if (scopes.isEmpty()) {
            return true;
        }
        for (final String s : scopes) {
            if (s.equals(name) || s.equals(".") && name.equals(self)) {
                return true;
            }
        }
        return false;
    }

    /** A page with HAProxy's realm, the version shown, and neither node, description nor legends. */
    public StatsPageConfig(final String uri, final int refreshSeconds, final List<String> credentials,
                           final Condition admin) {
        this(uri, refreshSeconds, credentials, admin, REALM, false, null, null, false);
    }
}
