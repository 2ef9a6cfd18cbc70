package dev.baton.sample.fetch;

import dev.baton.http.rules.Condition;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.Uses;

import java.util.List;

/**
 * {@code acl([!]NAME[,...])}: true when every named ACL of the proxy is (each one inverted by a leading {@code !}),
 * false otherwise; no sample when a test cannot tell yet (content inspection still waiting). HAProxy added this
 * fetch in 2.9; baton follows that version's meaning: up to 12 names, each an ACL the proxy declared on an earlier
 * line (later lines of the same name still count), usable everywhere, a loop of ACLs through it refused.
 *
 * <p>A sample expression is parsed without knowing its proxy, so the configuration loader opens a {@link Scope} for
 * each line of a proxy section: the fetch checks its names against it and registers there, and the loader
 * {@link #bind binds} it to the proxy's compiled ACLs once the section is complete, before any traffic. After that
 * the fetch is read-only and shared by reactors; evaluation allocates nothing (the ACLs' tests borrow samples from
 * the thread's scratch stack).
 */
public final class AclFetch {
    /** What the configuration loader offers while it parses one line of a proxy section. Load thread only. */
    public interface Scope {
        /** Whether the proxy declared ACL {@code name} before this line. */
        boolean known(String name);

        /** A fetch this line made, to bind once the proxy's ACLs are complete. */
        void created(AclFetch fetch);
    }

    private static final ThreadLocal<Scope> SCOPE = new ThreadLocal<>();
    private static final int MAX_NAMES = 12;

    private final List<String> names;
    private final boolean[] negated;
    /** Set once by {@link #bind}, before the configuration is published to the reactors. */
    private Condition condition;

    private AclFetch(final List<String> names, final boolean[] negated) {
        this.names = names;
        this.negated = negated;
    }

    public static void register(final SampleRegistry r) {
        r.fetch("acl", SampleType.BOOL, Uses.INTERNAL | Uses.L4 | Uses.REQ | Uses.RES | Uses.END
            | Uses.REQ_PAYLOAD | Uses.RES_PAYLOAD, 1, MAX_NAMES, a -> {
                final AclFetch f = parse(a.all());
                return (ctx, out) -> {
                    final int result = f.condition.decide(ctx);
                    return result != Condition.MISS && out.setBool(result == Condition.PASS) != null;
                };
            });
    }

    /** Runs {@code parse} (one configuration line) with {@code scope} open on this thread. */
    public static void within(final Scope scope, final Runnable parse) {
        final Scope outer = SCOPE.get();
        SCOPE.set(scope);
        try {
            parse.run();
        } finally {
            SCOPE.set(outer);
        }
    }

    private static AclFetch parse(final List<String> args) {
        final Scope scope = SCOPE.get();
        if (scope == null) {
            throw new SampleException("acl() is only available where the proxy's ACLs are (rules, log formats and "
                + "ACLs of a frontend, backend or listen section)");
        }
        final String[] names = new String[args.size()];
        final boolean[] negated = new boolean[args.size()];
        for (int i = 0; i < names.length; i++) {
            String name = args.get(i);
            if (name.startsWith("!")) {
                negated[i] = true;
                name = name.substring(1);
            }
            if (!scope.known(name)) {
                throw new SampleException("ACL '" + name + "' not found");
            }
            names[i] = name;
        }
        final AclFetch f = new AclFetch(List.of(names), negated);
        scope.created(f);
        return f;
    }

    /** The ACL names the fetch reads, in order (for the loader's loop check). */
    public List<String> names() {
        return names;
    }

    /** Binds the fetch to the proxy's ACLs: {@code terms} gives each name's tests. Load thread, once. */
    public void bind(final java.util.function.Function<String, List<dev.baton.http.rules.AclTerm>> terms) {
        final Condition.Builder b = new Condition.Builder();
        for (int i = 0; i < names.size(); i++) {
            b.acl(terms.apply(names.get(i)), negated[i]);
        }
        final StringBuilder text = new StringBuilder("acl(");
        for (int i = 0; i < names.size(); i++) {
            text.append(i == 0 ? "" : ",").append(negated[i] ? "!" : "").append(names.get(i));
        }
        condition = b.build(false, text.append(')').toString());
    }
}
