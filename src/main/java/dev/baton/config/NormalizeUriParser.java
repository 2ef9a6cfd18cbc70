package dev.baton.config;

import dev.baton.http.rules.NormalizeUriRule;
import dev.baton.http.rules.NormalizeUriRule.Normalizer;

import java.util.List;

/**
 * {@code http-request normalize-uri NORMALIZER [full|strict] [COND]}, as HAProxy 2.6 parses it: an experimental
 * action, refused unless the global section said {@code expose-experimental-directives} before; {@code full} only
 * after {@code path-strip-dotdot}, {@code strict} only after the two percent normalizers. A refused line throws
 * {@link LineError}. Stateless.
 */
final class NormalizeUriParser {
    private static final List<String> NAMES = List.of("fragment-encode", "fragment-strip", "path-merge-slashes",
        "path-strip-dot", "path-strip-dotdot", "percent-decode-unreserved", "percent-to-uppercase",
        "query-sort-by-name");

    private NormalizeUriParser() {
    }

    static void rule(final Directive d, final ProxyDraft p, final String context) {
        if (!p.experimental.getAsBoolean()) {
            throw new LineError("'normalize-uri' action is experimental, must be allowed via a global "
                + "'expose-experimental-directives'");
        }
        if (!d.has(2) || ConditionParser.starts(d, 2)) {
            throw new LineError("'" + context + "': missing argument <normalizer>");
        }
        final String name = d.word(2);
        final String option = d.has(3) && !ConditionParser.starts(d, 3) ? d.word(3) : null;
        final Normalizer normalizer;
        switch (name) {
            case "path-strip-dotdot":
                normalizer = option(name, option, "full", Normalizer.PATH_STRIP_DOTDOT,
                    Normalizer.PATH_STRIP_DOTDOT_FULL, context);
                break;
            case "percent-decode-unreserved":
                normalizer = option(name, option, "strict", Normalizer.PERCENT_DECODE_UNRESERVED,
                    Normalizer.PERCENT_DECODE_UNRESERVED_STRICT, context);
                break;
            case "percent-to-uppercase":
                normalizer = option(name, option, "strict", Normalizer.PERCENT_TO_UPPERCASE,
                    Normalizer.PERCENT_TO_UPPERCASE_STRICT, context);
                break;
            default:
                if (!NAMES.contains(name)) {
                    throw new LineError("'" + context + "': unknown normalizer '" + Messages.echo(name) + "'; expected "
                        + String.join(", ", NAMES));
                }
                normalizer = Normalizer.valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
                break;
        }
        final int conditionAt = normalizer.text().contains(" ") ? 4 : 3;
        HttpRuleParser.add(p.http.requestRules, d, conditionAt, context, p, c -> new NormalizeUriRule(normalizer, c));
    }

    private static Normalizer option(final String name, final String option, final String word,
                                     final Normalizer plain, final Normalizer with, final String context) {
        if (option == null) {
            return plain;
        }
        if (!option.equals(word)) {
            throw new LineError("'" + context + "': unknown argument '" + Messages.echo(option) + "' for '" + name
                + "' normalizer");
        }
        return with;
    }
}
