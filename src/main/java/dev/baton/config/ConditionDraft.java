package dev.baton.config;

import dev.baton.http.rules.AclTerm;
import dev.baton.http.rules.Condition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@code if|unless} condition as parsed, before compiling: ACL references grouped in suites. Named ACLs
 * are looked up when the proxy is built, so that {@code acl} lines after the rule still count (the name had
 * to exist at the rule's line, as in HAProxy); predefined and anonymous ACLs carry their terms.
 */
record ConditionDraft(boolean unless, List<List<Ref>> suites, String text, SourceLocation where) {
    /** The condition of a rule written without one. */
    static final ConditionDraft NONE = new ConditionDraft(false, List.of(), "", null);

    /** One ACL in a suite: a proxy ACL by {@code name} (terms null), or predefined or anonymous terms. */
    record Ref(String name, List<AclTerm> terms, boolean negated) {
    }

    /**
     * The condition for rules that run on {@code side} ({@code rules} names them in warnings): terms that read
     * the other side can never match there and are dropped, with HAProxy's warnings.
     */
    Condition compile(final Map<String, List<AclTerm>> acls, final AclTerm.Side side, final String rules,
                      final Diagnostics diag) {
        if (this == NONE) {
            return Condition.NONE;
        }
        final Condition.Builder b = new Condition.Builder();
        for (final List<Ref> suite : suites) {
            for (final Ref ref : suite) {
                final List<AclTerm> all = ref.terms() != null ? ref.terms() : acls.get(ref.name());
                b.acl(usable(ref, all, side, rules, diag), ref.negated());
            }
            b.or();
        }
        return b.build(unless, text);
    }

    private List<AclTerm> usable(final Ref ref, final List<AclTerm> all, final AclTerm.Side side, final String rules,
                                 final Diagnostics diag) {
        final List<AclTerm> kept = new ArrayList<>();
        String dropped = null;
        for (final AclTerm t : all) {
            final String httpLength = dev.baton.sample.SampleParser.httpLengthError(t.keyword(), t.uses(),
                side.offered());
            if (httpLength != null) {
                diag.error(where, httpLength); // HAProxy measures its HTX message there: no value to match
            } else if ((t.uses() & side.offered()) != 0) {
                kept.add(t);
            } else if (dropped == null) {
                dropped = t.keyword();
            }
        }
        if (dropped != null) {
            final String acl = ref.name() == null ? "anonymous acl" : "acl '" + ref.name() + "'";
            diag.warning(where, kept.isEmpty()
                ? acl + " will never match because it only involves keywords that are incompatible with " + rules
                : acl + " involves keyword '" + dropped + "' which is incompatible with " + rules);
        }
        return kept;
    }
}
