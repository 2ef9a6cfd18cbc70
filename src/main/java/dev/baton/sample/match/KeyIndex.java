package dev.baton.sample.match;

import dev.baton.sample.Sample;
import dev.baton.sample.Scratch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys of a map file compiled for one match method, answering which key a sample matches ({@link #find}), as
 * HAProxy's {@code map_*} converters look them up: exact strings in a hash set, prefixes and suffixes in a trie and
 * addresses per prefix length (the longest key wins, as HAProxy's trees answer), the other methods in file order
 * (the first key wins). Built at load; immutable, shared by reactors; lookups allocate nothing.
 */
public final class KeyIndex {
    private final MatchMethod method;
    private final StringSet exact;
    private final PrefixTree prefixes;
    private final IpTable addresses;
    private final Patterns[] inOrder;

    private KeyIndex(final MatchMethod method, final StringSet exact, final PrefixTree prefixes,
                     final IpTable addresses, final Patterns[] inOrder) {
        this.method = method;
        this.exact = exact;
        this.prefixes = prefixes;
        this.addresses = addresses;
        this.inOrder = inOrder;
    }

    /** The index of {@code keys} for {@code method}; a bad key throws {@link dev.baton.sample.SampleException}. */
    public static KeyIndex of(final MatchMethod method, final boolean ignoreCase, final List<String> keys) {
        final List<byte[]> bytes = new ArrayList<>();
        for (final String k : keys) {
            bytes.add(k.getBytes(StandardCharsets.UTF_8));
        }
        switch (method) {
            case STR:
                return new KeyIndex(method, new StringSet(bytes, ignoreCase), null, null, null);
            case BEG:
            case END:
                return new KeyIndex(method, null, new PrefixTree(bytes, method == MatchMethod.END, ignoreCase), null,
                    null);
            case IP:
                return new KeyIndex(method, null, null, new IpTable(keys), null);
            default:
                final Patterns[] each = new Patterns[keys.size()];
                for (int i = 0; i < each.length; i++) {
                    each[i] = PatternCompiler.compile(method, ignoreCase, List.of(keys.get(i)));
                }
                return new KeyIndex(method, null, null, null, each);
        }
    }

    /** The match method the keys are compared with (the sample is cast to its input type first). */
    public MatchMethod method() {
        return method;
    }

    /** The index of the key {@code s} matches, or -1. */
    public int find(final Sample s, final Scratch scratch) {
        if (exact != null) {
            return exact.find(s);
        }
        if (prefixes != null) {
            return prefixes.find(s, true);
        }
        if (addresses != null) {
            return addresses.find(s);
        }
        for (int i = 0; i < inOrder.length; i++) {
            if (inOrder[i].matches(s, scratch)) {
                return i;
            }
        }
        return -1;
    }
}
