package dev.baton.config;

import dev.baton.http.rules.AclTerm;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code if|unless COND}, HAProxy's syntax: ACL names, {@code !} negating the next ACL (alone or glued, as
 * many as written), juxtaposition for AND, {@code or} / {@code ||} for OR (AND binds tighter), anonymous
 * ACLs between braces ({@code { path_beg /api }}, braces as separate words). An ACL name must be declared
 * before the line (a later {@code acl} line with that name still adds to it) or be a predefined ACL.
 * Stateless.
 */
final class ConditionParser {
    private ConditionParser() {
    }

    /** Whether word {@code index} starts a condition. */
    static boolean starts(final Directive d, final int index) {
        return d.has(index) && (d.word(index).equals("if") || d.word(index).equals("unless"));
    }

    /**
     * The condition in words {@code at} (on {@code if} or {@code unless}) to the end of the line, or
     * {@link ConditionDraft#NONE} when the line ends before {@code at}.
     */
    static ConditionDraft parse(final Directive d, final int at, final HttpDraft http) {
        if (!d.has(at)) {
            return ConditionDraft.NONE;
        }
        final String keyword = d.word(at);
        final List<List<ConditionDraft.Ref>> suites = new ArrayList<>();
        List<ConditionDraft.Ref> suite = new ArrayList<>();
        boolean negated = false;
        for (int i = at + 1; i < d.size(); i++) {
            String word = d.word(i);
            while (word.startsWith("!")) {
                negated = !negated;
                word = word.substring(1);
            }
            if (word.isEmpty()) {
                continue;
            }
            if (word.equalsIgnoreCase("or") || word.equals("||")) {
                suites.add(suite);
                suite = new ArrayList<>();
            } else if (word.equals("{")) {
                final int close = closingBrace(d, i);
                suite.add(new ConditionDraft.Ref(null, List.of(AclParser.term(d, i + 1, close, http)), negated));
                i = close;
            } else {
                suite.add(named(word, http, negated));
            }
            negated = false;
        }
        suites.add(suite);
        if (suites.stream().allMatch(List::isEmpty)) {
            throw new LineError(Messages.missingValue(keyword, "a condition such as is_api or { path_beg /api }"));
        }
        final List<String> words = new ArrayList<>();
        for (int i = at; i < d.size(); i++) {
            words.add(d.word(i));
        }
        return new ConditionDraft(keyword.equals("unless"), suites, String.join(" ", words), d.where());
    }

    private static int closingBrace(final Directive d, final int open) {
        for (int i = open + 1; i < d.size(); i++) {
            if (d.word(i).equals("}")) {
                if (i == open + 1) {
                    throw new LineError("empty anonymous ACL '{ }' in condition");
                }
                return i;
            }
        }
        throw new LineError("missing closing '}' in condition");
    }

    private static ConditionDraft.Ref named(final String name, final HttpDraft http, final boolean negated) {
        if (http.hasAcl(name)) {
            return new ConditionDraft.Ref(name, null, negated);
        }
        final List<AclTerm> predefined = AclParser.predefined(name);
        if (predefined != null) {
            return new ConditionDraft.Ref(name, predefined, negated);
        }
        if (UnsupportedKeywords.ACL_PREDEFINED.contains(name)) {
            throw new LineError(Messages.notImplemented(name));
        }
        if (name.equals("}")) {
            throw new LineError("unexpected '}' in condition");
        }
        throw new LineError(Messages.unknownAcl(name, KeywordSuggestions.closest(name, http.aclNames())));
    }
}
