package dev.baton.config;

import dev.baton.http.rules.AclTerm;
import dev.baton.sample.fetch.AclFetch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code acl(...)} fetches one proxy section made, with where each was written: {@link #scope} opens the
 * section's ACLs to a line being parsed, {@link #bind} binds every fetch to the compiled ACLs once the section is
 * complete and refuses a loop ({@code acl a acl(b)} with {@code acl b acl(a)}), as HAProxy does. Load thread only.
 */
final class AclFetchBindings {
    private record Made(AclFetch fetch, SourceLocation where, String definingAcl) {
    }

    private final List<Made> made = new ArrayList<>();

    /** The scope of line {@code d} of the section whose ACLs {@code http} holds. */
    AclFetch.Scope scope(final HttpDraft http, final Directive d) {
        final String defining = d.keyword().equals("acl") && d.has(1) ? d.word(1) : null;
        return new AclFetch.Scope() {
            @Override
            public boolean known(final String name) {
                return http.hasAcl(name);
            }

            @Override
            public void created(final AclFetch fetch) {
                made.add(new Made(fetch, d.where(), defining));
            }
        };
    }

    /** Binds every fetch to {@code acls} (the section's, complete); a loop is an error at the fetch closing it. */
    void bind(final Map<String, List<AclTerm>> acls, final Diagnostics diag) {
        final Map<String, Set<String>> edges = new HashMap<>();
        for (final Made m : made) {
            // the edges of the lines before this one only: the loop is reported at the line that closes it
            if (m.definingAcl() != null && reaches(edges, m.fetch().names(), m.definingAcl(), new HashSet<>())) {
                diag.error(m.where(), "error detected while parsing ACL '" + m.definingAcl()
                    + "' : have a recursive loop");
                continue;
            }
            if (m.definingAcl() != null) {
                edges.computeIfAbsent(m.definingAcl(), k -> new HashSet<>()).addAll(m.fetch().names());
            }
            m.fetch().bind(name -> acls.getOrDefault(name, List.of()));
        }
    }

    /** Whether {@code target} is among {@code from} or reachable from them through the fetches' names. */
    private static boolean reaches(final Map<String, Set<String>> edges, final Iterable<String> from,
                                   final String target, final Set<String> seen) {
        for (final String n : from) {
            if (n.equals(target)) {
                return true;
            }
            if (seen.add(n) && reaches(edges, edges.getOrDefault(n, Set.of()), target, seen)) {
                return true;
            }
        }
        return false;
    }
}
