package dev.baton.spoe;

import dev.baton.sample.vars.VarName;
import dev.baton.sample.vars.VarNames;
import dev.baton.sample.vars.VarScope;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The variables an agent may set or unset, by the scope byte and name an ACK gives: every configured variable
 * named {@code SCOPE.PREFIX.NAME} ({@code PREFIX} is the agent's {@code option var-prefix}). A name nothing in the
 * configuration reads has no slot in baton, so an action on it changes nothing anyone can see, as HAProxy, which
 * would store it, shows nothing of it either; a {@code proc} variable must exist (be named by the configuration)
 * unless {@code option force-set-var}, which changes nothing more here. Built once per engine at start-up;
 * immutable, shared by reactors; {@link #find} allocates nothing.
 */
public final class SpoeVarTable {
    private final int[] scopes;
    private final byte[][] names;
    private final VarName[] vars;

    private SpoeVarTable(final List<Integer> scopes, final List<byte[]> names, final List<VarName> vars) {
        this.scopes = scopes.stream().mapToInt(Integer::intValue).toArray();
        this.names = names.toArray(new byte[0][]);
        this.vars = vars.toArray(new VarName[0]);
    }

    /** The table of {@code prefix}'s variables as the configuration names them now. */
    public static SpoeVarTable of(final String prefix) {
        final List<Integer> scopes = new ArrayList<>();
        final List<byte[]> names = new ArrayList<>();
        final List<VarName> vars = new ArrayList<>();
        for (final VarScope scope : VarScope.values()) {
            final String head = scope.prefix() + "." + prefix + ".";
            for (final VarName v : VarNames.startingWith(head)) {
                scopes.add(wireScope(scope));
                names.add(v.text().substring(head.length()).getBytes(StandardCharsets.UTF_8));
                vars.add(v);
            }
        }
        return new SpoeVarTable(scopes, names, vars);
    }

    private static int wireScope(final VarScope scope) {
        switch (scope) {
            case PROC:
                return Spop.SCOPE_PROC;
            case SESS:
                return Spop.SCOPE_SESS;
            case TXN:
                return Spop.SCOPE_TXN;
            case REQ:
                return Spop.SCOPE_REQ;
            default:
                return Spop.SCOPE_RES;
        }
    }

    /** The variable of wire scope {@code scope} named by the {@code length} bytes at {@code off} of {@code b}. */
    public VarName find(final int scope, final ByteBuffer b, final int off, final int length) {
        for (int i = 0; i < vars.length; i++) {
            if (scopes[i] != scope || names[i].length != length) {
                continue;
            }
            final byte[] n = names[i];
            int j = 0;
            while (j < length && b.get(off + j) == n[j]) {
                j++;
            }
            if (j == length) {
                return vars[i];
            }
        }
        return null;
    }

    /** How many variables the agent may reach. */
    public int size() {
        return vars.length;
    }
}
