package dev.baton.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code stats} lines of a proxy section, which serve the statistics page in {@code mode http}:
 * {@code stats enable}, {@code stats uri PREFIX}, {@code stats refresh TIME} (seconds when no unit is
 * written, as in HAProxy), {@code stats auth USER:PASS} (repeatable) and {@code stats admin if|unless COND}.
 * Any of the first four turns the page on, with HAProxy's defaults for the others. In a proxy that is not in
 * {@code mode http} they are ignored with HAProxy's warning. A refused line throws {@link LineError}.
 * Stateless.
 */
final class ProxyStatsParser {
    static final String EXPECTED =
        "one of enable, uri, refresh, auth, admin, realm, hide-version, show-node, show-desc, show-legends,"
            + " show-modules, scope, http-request";
    static final String EXPECTED_REALM = "a realm name (escape spaces with a backslash)";
    static final String EXPECTED_URI = "a URI prefix such as /stats";
    static final String EXPECTED_AUTH = "a USER:PASSWORD account";
    static final String ADMIN_NEEDS_CONDITION = "'stats admin' requires 'if' or 'unless' followed by a condition";

    /** HAProxy's {@code stats} keywords of the {@code global} section. */
    private static final Set<String> GLOBAL_ONLY = Set.of("socket", "timeout", "maxconn", "bind-process");

    private ProxyStatsParser() {
    }

    static void stats(final Directive d, final ProxyDraft p) {
        final String sub = d.require(1, "stats", EXPECTED);
        final String kw = "stats " + sub;
        final HttpDraft h = p.http;
        switch (sub) {
            case "enable":
                d.noMoreThan(2, kw);
                break;
            case "uri": {
                final String uri = d.require(2, kw, EXPECTED_URI);
                d.noMoreThan(3, kw);
                h.statsUri = uri;
                break;
            }
            case "refresh":
                h.statsRefreshSeconds = refreshSeconds(d, kw);
                break;
            case "auth": {
                final String account = d.require(2, kw, EXPECTED_AUTH);
                final int colon = account.indexOf(':');
                if (colon <= 0) {
                    throw new LineError(Messages.badValue(kw, EXPECTED_AUTH, account));
                }
                d.noMoreThan(3, kw);
                final List<String> all = new ArrayList<>(h.statsAuth);
                all.add(account);
                h.statsAuth = List.copyOf(all);
                break;
            }
            case "realm":
                h.statsRealm = d.require(2, kw, EXPECTED_REALM);
                if (d.has(3)) { // HAProxy takes the first word and says nothing of the rest
                    d.warning("'" + kw + "' uses its first word only ('" + h.statsRealm + "'); escape the spaces with"
                        + " backslashes to have '" + d.textFrom(2, kw, EXPECTED_REALM) + "'");
                }
                h.statsRealmWritten = true;
                break;
            case "scope": {
                final String proxy = d.require(2, kw, "a proxy name, or '.' for this proxy");
                d.noMoreThan(3, kw);
                final List<String> all = new ArrayList<>(h.statsScopes);
                all.add(proxy);
                h.statsScopes = List.copyOf(all);
                break;
            }
            case "http-request":
                StatsRuleParser.rule(d, p);
                break;
            case "hide-version":
                d.noMoreThan(2, kw);
                h.statsHideVersion = true;
                break;
            case "show-node":
                h.statsShowNode = d.has(2) ? GlobalSectionParser.nodeName(d, 2, kw) : StatsPageConfig.GLOBAL;
                d.noMoreThan(3, kw);
                break;
            case "show-desc":
                // HAProxy takes the rest of the line as the text
                h.statsShowDesc = d.has(2) ? d.textFrom(2, kw, "a text") : StatsPageConfig.GLOBAL;
                break;
            case "show-legends":
                d.noMoreThan(2, kw);
                h.statsShowLegends = true;
                break;
            case "show-modules":
                d.noMoreThan(2, kw);
                h.statsShowModules = true;
                break;
            case "admin":
                if (p.section == Section.DEFAULTS) {
                    throw new LineError(Messages.notAllowed(kw, Section.DEFAULTS));
                }
                if (!ConditionParser.starts(d, 2)) {
                    throw new LineError(ADMIN_NEEDS_CONDITION);
                }
                h.statsAdmin = ConditionParser.parse(d, 2, h);
                noteHttpOnly(d, p);
                return; // admin alone does not turn the page on
            default:
                if (GLOBAL_ONLY.contains(sub)) {
                    throw new LineError(Messages.notAllowed(kw, p.section));
                }
                throw new LineError(Messages.badValue("stats", EXPECTED, sub));
        }
        h.statsEnabled = true;
        noteHttpOnly(d, p);
    }

    /** HAProxy's warning, once per section, when the proxy turns out not to be in {@code mode http}. */
    private static void noteHttpOnly(final Directive d, final ProxyDraft p) {
        if (!p.http.statsLineSeen) {
            p.http.statsLineSeen = true;
            p.http.httpOnly("stats", d);
        }
    }

    /** {@code stats refresh TIME}: whole seconds, rounded up; a bare number is in seconds. */
    private static int refreshSeconds(final Directive d, final String kw) {
        final String text = d.require(2, kw, Durations.EXPECTED);
        d.noMoreThan(3, kw);
        final boolean bare = !text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9');
        try {
            final long ms = Durations.parseMs(bare ? text + "s" : text);
            return (int) ((ms + 999) / 1000);
        } catch (final BadValueException e) {
            throw Directive.badValue(kw, e, text);
        }
    }
}
