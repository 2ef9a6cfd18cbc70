package dev.baton.stick;

import java.util.ArrayList;
import java.util.List;

/**
 * The stick tables a configuration's rules and fetches name, collected while it is parsed so that a name without a
 * table is refused at load, as HAProxy refuses it: the parser says which proxy's line it is reading
 * ({@link #enter}), a rule or fetch that names a table (or none: the proxy's own) calls {@link #table}, and the
 * validator checks every reference once all proxies are known ({@link #drain}). Load time only, per parsing thread.
 */
public final class StickReferences {
    /** One named table: the proxy and line that named it ({@code where}: the parser's location object). */
    public record Reference(String table, String proxy, Object where, String what) {
    }

    private static final class State {
        String proxy;
        Object where;
        final List<Reference> refs = new ArrayList<>();
    }

    private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

    private StickReferences() {
    }

    /** Lines of proxy {@code proxy} are parsed now, this one at {@code where}; null: outside any proxy. */
    public static void enter(final String proxy, final Object where) {
        final State s = STATE.get();
        s.proxy = proxy;
        s.where = where;
    }

    /**
     * The table {@code name} names ({@code null}: the current proxy's), recorded for validation by {@code what}
     * (such as {@code "track-sc0"} or {@code "src_conn_cur"}). Outside a proxy, null stays null (no table).
     */
    public static String table(final String name, final String what) {
        final State s = STATE.get();
        final String t = name != null && !name.isEmpty() ? name : s.proxy;
        if (t != null) {
            s.refs.add(new Reference(t, s.proxy, s.where, what));
        }
        return t;
    }

    /** The references recorded since the last drain, forgotten here. */
    public static List<Reference> drain() {
        final State s = STATE.get();
        final List<Reference> out = List.copyOf(s.refs);
        s.refs.clear();
        s.proxy = null;
        s.where = null;
        return out;
    }
}
