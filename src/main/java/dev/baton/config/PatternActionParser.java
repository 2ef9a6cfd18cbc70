package dev.baton.config;

import dev.baton.http.rules.AclTerm.Side;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.PatternUpdateRule;
import dev.baton.http.rules.ValueTemplate;
import dev.baton.sample.match.PatternRefs;

import java.util.List;

/**
 * {@code set-map(FILE) KEY VALUE}, {@code del-map(FILE) KEY}, {@code add-acl(FILE) KEY} and {@code del-acl(FILE) KEY}
 * in {@code http-request} and {@code http-response} rules, as HAProxy 2.6 parses them: KEY and VALUE are log-format
 * values; FILE is looked up, when the rule runs, among the map and pattern files the configuration loaded (one it
 * does not load is no error, as in HAProxy: the rule then changes nothing). A refused line throws
 * {@link LineError}. Stateless.
 */
final class PatternActionParser {
    private PatternActionParser() {
    }

    /** Whether {@code action} (word 1 of an http rule) is parsed here. */
    static boolean handles(final String action) {
        return action.startsWith("set-map(") || action.startsWith("del-map(") || action.startsWith("add-acl(")
            || action.startsWith("del-acl(");
    }

    /** {@code KW ACTION(FILE) KEY [VALUE] [COND]} into {@code rules}. */
    static void http(final Directive d, final ProxyDraft p, final String kw, final Side side,
                     final List<HttpDraft.RuleDraft> rules) {
        final String action = d.word(1);
        final String name = action.substring(0, action.indexOf('('));
        final String context = kw + " " + name;
        if (!action.endsWith(")") || action.length() == name.length() + 2) {
            throw new LineError("'" + context + "' expects a file name in parentheses: " + name + "(FILE), got '"
                + Messages.echo(action) + "'");
        }
        final String file = action.substring(name.length() + 1, action.length() - 1);
        final Kind kind = switch (name) {
            case "set-map" -> Kind.SET_MAP;
            case "del-map" -> Kind.DEL_MAP;
            case "add-acl" -> Kind.ADD_ACL;
            default -> Kind.DEL_ACL;
        };
        final boolean twoArguments = kind == Kind.SET_MAP;
        if (!d.has(2) || isCondition(d.word(2)) || twoArguments && (!d.has(3) || isCondition(d.word(3)))) {
            throw new LineError("'" + context + "' expects exactly " + (twoArguments ? "2 arguments" : "1 arguments"));
        }
        final ValueTemplate key = ValueTemplateParser.parse(d.word(2), side, context, false);
        final ValueTemplate value = twoArguments ? ValueTemplateParser.parse(d.word(3), side, context, false) : null;
        final PatternRefs refs = PatternRefs.loading();
        HttpRuleParser.add(rules, d, twoArguments ? 4 : 3, context, p,
            c -> new PatternUpdateRule(kind, file, refs, key, value, c));
    }

    private static boolean isCondition(final String word) {
        return word.equals("if") || word.equals("unless");
    }
}
