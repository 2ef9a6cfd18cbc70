package dev.baton.sample.match;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleException;
import dev.baton.sample.Scratch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The patterns of one ACL test, live: the union of its {@link PatternRef}s (its {@code -f} files and its inline
 * patterns), each compiled for the test's match method into a snapshot that the runtime API's changes replace. A
 * reactor's {@link #matches} reads each reference's snapshot once (volatile) and allocates nothing; rebuilds run on
 * the thread that changes the reference.
 */
public final class LivePatterns implements Patterns {
    private final MatchMethod method;
    private final boolean ignoreCase;
    private final Slot[] slots;

    /** One reference's compiled patterns, replaced whole after each change. */
    private final class Slot implements PatternRef.User {
        private final String where;
        private volatile Patterns compiled;
        private volatile List<PatternRef.Entry> keys = List.of();

        Slot(final String where) {
            this.where = where;
        }

        @Override
        public void rebuild(final List<PatternRef.Entry> visible) {
            final Patterns next = compile(visible);
            keys = List.copyOf(visible);
            compiled = next;
        }

        @Override
        public void check(final List<PatternRef.Entry> entries) {
            compile(entries);
        }

        private Patterns compile(final List<PatternRef.Entry> entries) {
            final List<String> patterns = new ArrayList<>(entries.size());
            for (final PatternRef.Entry e : entries) {
                patterns.add(e.key());
            }
            return PatternCompiler.compile(method, ignoreCase, patterns);
        }

        @Override
        public String kind() {
            return "acl";
        }

        @Override
        public String where() {
            return where;
        }

        /** HAProxy's {@code get acl} line: the method, the case, whether it matched and the first pattern that did. */
        @Override
        public String lookup(final String value) {
            final StringBuilder b = new StringBuilder("type=").append(method.text()).append(", case=")
                .append(ignoreCase ? "insensitive" : "sensitive");
            final Scratch scratch = new Scratch();
            final Sample s = textSample(value, method, scratch);
            for (final PatternRef.Entry e : keys) {
                if (s != null && PatternCompiler.compile(method, ignoreCase, List.of(e.key())).matches(s, scratch)) {
                    return b.append(", match=yes, idx=").append(method.indexName()).append(", pattern=\"")
                        .append(e.key()).append('"').toString();
                }
            }
            return b.append(", match=no").toString();
        }
    }

    private LivePatterns(final MatchMethod method, final boolean ignoreCase, final int size) {
        this.method = method;
        this.ignoreCase = ignoreCase;
        this.slots = new Slot[size];
    }

    /**
     * The test's patterns over {@code refs} (each compiled now, with {@code where} the test's configuration line); a
     * bad pattern throws {@link SampleException}.
     */
    public static LivePatterns over(final MatchMethod method, final boolean ignoreCase, final List<PatternRef> refs,
                                    final String where) {
        final LivePatterns live = new LivePatterns(method, ignoreCase, refs.size());
        for (int i = 0; i < refs.size(); i++) {
            live.slots[i] = live.new Slot(where);
            refs.get(i).attach(live.slots[i]);
        }
        return live;
    }

    @Override
    public boolean matches(final Sample s, final Scratch scratch) {
        for (final Slot slot : slots) {
            if (slot.compiled.matches(s, scratch)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        int n = 0;
        for (final Slot slot : slots) {
            n += slot.compiled.size();
        }
        return n;
    }

    /**
     * {@code value} (a runtime API argument) as a sample of {@code method}'s input type, or null when it cannot be one.
     * CLI thread; allocates.
     */
    public static Sample textSample(final String value, final MatchMethod method, final Scratch scratch) {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        final Sample s = new Sample().setString(ByteBuffer.wrap(bytes), 0, bytes.length);
        return s.cast(method.input(), scratch) ? s : null;
    }
}
