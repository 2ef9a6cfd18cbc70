package dev.baton.sample.vars;

import dev.baton.sample.SampleException;

import java.util.HashMap;
import java.util.Map;

/**
 * The process's variable names, each resolved once to a slot of its scope: a configuration's expressions and rules
 * carry {@link VarName}s, so that a request reaches its variables by index and never by name. Names are only ever
 * added (a reload that drops a name keeps its slot unused), so slot numbers stay valid for every configuration the
 * process has loaded, and storage made before a name was added grows when it is first written ({@link VarStore}).
 *
 * <p>Checked as HAProxy 2.6 checks them ({@code vars_hash_name}): a scope prefix {@code proc.}, {@code sess.},
 * {@code txn.}, {@code req.} or {@code res.}, then at least one character among {@code a-z A-Z 0-9 _ .}. HAProxy's
 * {@code check.} scope belongs to {@code http-check}/{@code tcp-check} rules that set variables, which baton does
 * not run: refused with that reason.
 *
 * <p>Thread-safety: {@link #resolve} runs on the loading thread under this class's lock; {@link #count} is read by
 * any thread (a volatile array element, published after the name's registration).
 */
public final class VarNames {
    private static final Map<String, VarName> NAMES = new HashMap<>();
    /** Slots per scope, by {@link VarScope#ordinal()}; replaced (never written in place) under the class lock. */
    private static volatile int[] counts = new int[VarScope.values().length];
    /** The process-wide variables ({@code proc.*}). */
    private static final VarStore PROC = new VarStore(VarScope.PROC, true);

    private VarNames() {
    }

    /**
     * The slot of {@code text} ({@code scope.name}), registered on first sight; a bad name is a
     * {@link SampleException} with HAProxy's words.
     */
    public static synchronized VarName resolve(final String text) {
        final VarName known = NAMES.get(text);
        if (known != null) {
            return known;
        }
        final VarScope scope = scopeOf(text);
        final String name = text.substring(scope.prefix().length() + 1);
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.')) {
                throw new SampleException("invalid syntax at char '" + name.substring(i) + "'");
            }
        }
        final int[] next = counts.clone();
        final VarName v = new VarName(scope, next[scope.ordinal()]++, text);
        NAMES.put(text, v);
        counts = next;
        if (scope == VarScope.PROC) {
            PROC.create(v.slot()); // as HAProxy: a proc variable exists (unset) once the configuration names it
        }
        return v;
    }

    private static VarScope scopeOf(final String text) {
        if (text.isEmpty()) {
            throw new SampleException("Empty variable name cannot be accepted");
        }
        for (final VarScope s : VarScope.values()) {
            if (text.length() > s.prefix().length() + 1 && text.startsWith(s.prefix() + ".")) {
                return s;
            }
        }
        if (text.startsWith("check.") && text.length() > 6) {
            throw new SampleException("variable '" + text + "': the 'check' scope belongs to http-check and "
                + "tcp-check rules that set variables, which baton does not run; use 'txn', 'sess' or 'proc'");
        }
        throw new SampleException("invalid variable name '" + text + "'. A variable name must be start by its scope."
            + " The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'");
    }

    /**
     * The names registered so far that start with {@code prefix} (such as {@code txn.waf.}), for a table built once
     * at start-up (an SPOE agent's variables). Loading or start-up thread: it takes the class lock.
     */
    public static synchronized java.util.List<VarName> startingWith(final String prefix) {
        final java.util.List<VarName> out = new java.util.ArrayList<>();
        for (final VarName v : NAMES.values()) {
            if (v.text().startsWith(prefix)) {
                out.add(v);
            }
        }
        return out;
    }

    /** How many names {@code scope} has (the size of its storage). Any thread. */
    public static int count(final VarScope scope) {
        return counts[scope.ordinal()];
    }

    /** The process-wide variables. Any thread (the store locks itself). */
    public static VarStore proc() {
        return PROC;
    }
}
