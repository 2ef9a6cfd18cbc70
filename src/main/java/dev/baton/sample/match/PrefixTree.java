package dev.baton.sample.match;

import dev.baton.sample.Sample;
import dev.baton.sample.Scratch;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Prefix ({@code -m beg}) or suffix ({@code -m end}, the tree built on reversed bytes and walked from the sample's
 * last byte) patterns in a byte trie: a lookup costs the sample's length times a binary search among a node's
 * children, whatever the pattern count. Built at load from a map-based trie, then flattened into arrays. Immutable;
 * allocation-free lookups.
 */
final class PrefixTree implements Patterns {
    /** Per node: its children's labels (sorted) and indexes, and whether a pattern ends there. */
    private final byte[][] labels;
    private final int[][] children;
    /** Per node: the index of the first pattern that ends there, or -1. */
    private final int[] terminal;
    private final boolean suffix;
    private final boolean ignoreCase;
    private final int size;

    private static final class Node {
        final TreeMap<Byte, Node> next = new TreeMap<>();
        int end = -1;
    }

    PrefixTree(final List<byte[]> patterns, final boolean suffix, final boolean ignoreCase) {
        this.suffix = suffix;
        this.ignoreCase = ignoreCase;
        final Node root = new Node();
        for (int k = 0; k < patterns.size(); k++) {
            final byte[] raw = patterns.get(k);
            final byte[] p = ignoreCase ? StringSet.lower(raw) : raw;
            Node n = root;
            for (int i = 0; i < p.length; i++) {
                final byte c = suffix ? p[p.length - 1 - i] : p[i];
                n = n.next.computeIfAbsent(c, key -> new Node());
            }
            if (n.end < 0) {
                n.end = k;
            }
        }
        final List<Node> order = new ArrayList<>();
        order.add(root);
        for (int i = 0; i < order.size(); i++) {
            order.addAll(order.get(i).next.values());
        }
        labels = new byte[order.size()][];
        children = new int[order.size()][];
        terminal = new int[order.size()];
        final java.util.IdentityHashMap<Node, Integer> index = new java.util.IdentityHashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i), i);
        }
        for (int i = 0; i < order.size(); i++) {
            final Node n = order.get(i);
            terminal[i] = n.end;
            labels[i] = new byte[n.next.size()];
            children[i] = new int[n.next.size()];
            int k = 0;
            for (final var e : n.next.entrySet()) {
                labels[i][k] = e.getKey();
                children[i][k] = index.get(e.getValue());
                k++;
            }
        }
        this.size = patterns.size();
    }

    @Override
    public boolean matches(final Sample s, final Scratch scratch) {
        return find(s, false) >= 0;
    }

    /** The index of the longest pattern that prefixes (suffixes) the sample, or -1; {@code longest} false: any. */
    int find(final Sample s, final boolean longest) {
        final ByteBuffer b = s.buffer();
        final int off = s.offset();
        final int len = s.length();
        int node = 0;
        int found = -1;
        for (int i = 0; ; i++) {
            if (terminal[node] >= 0) {
                found = terminal[node];
                if (!longest) {
                    return found;
                }
            }
            if (i == len) {
                return found;
            }
            byte c = b.get(suffix ? off + len - 1 - i : off + i);
            if (ignoreCase && c >= 'A' && c <= 'Z') {
                c += 32;
            }
            final int k = search(labels[node], c);
            if (k < 0) {
                return found;
            }
            node = children[node][k];
        }
    }

    /** Binary search of {@code c} among labels sorted as signed bytes (TreeMap's order of Byte). */
    private static int search(final byte[] a, final byte c) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo <= hi) {
            final int mid = (lo + hi) >>> 1;
            if (a[mid] < c) {
                lo = mid + 1;
            } else if (a[mid] > c) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }
}
