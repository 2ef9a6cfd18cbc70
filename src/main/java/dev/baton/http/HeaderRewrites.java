package dev.baton.http;

import dev.baton.http.rules.HeaderMatchDeleteRule;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.MessageView;
import dev.baton.http.rules.ReplaceHeaderRule;
import dev.baton.http.text.HeaderName;
import dev.baton.sample.Scratch;
import dev.baton.sample.fetch.HeaderValues;

import java.nio.ByteBuffer;
import java.util.regex.Matcher;

/**
 * Runs {@code replace-header}, {@code replace-value} and {@code del-header -m beg|end|sub|reg} on a head through
 * its {@link HeaderEdits}: a value already replaced or added by an earlier rule is the one matched, as HAProxy sees
 * the header its earlier rules left. One per request workspace, made on first use; reactor thread only; its
 * buffers are made once, so a rewrite allocates nothing beyond what a regex match unavoidably costs (none in a
 * steady state: the {@link Matcher} is reused per thread).
 */
final class HeaderRewrites {
    private static final int NO_MATCH = 0;
    private static final int REPLACED = 1;
    private static final int FAILED = -1;

    private final ByteBuffer format = ByteBuffer.allocate(Scratch.SIZE);
    private final ByteBuffer value = ByteBuffer.allocate(Scratch.SIZE);
    private final ByteBuffer out = ByteBuffer.allocate(Scratch.SIZE);

    /** {@code replace-header} / {@code replace-value}; false when a new value did not fit or is not a field value. */
    boolean replace(final ReplaceHeaderRule rule, final MessageView view, final HttpHead head,
                    final HeaderEdits edits) {
        format.clear();
        final int n = rule.value().render(view, format);
        if (n < 0) {
            return false;
        }
        final HeaderName name = rule.name();
        for (int i = head.indexOf(name, 0); i >= 0; i = head.indexOf(name, i + 1)) {
            if (edits.isDropped(i)) {
                continue;
            }
            value.clear();
            if (edits.isReplaced(i)) {
                value.put(edits.arena(), edits.replacementStart(i), edits.replacementLength(i));
            } else {
                value.put(0, head.buffer(), head.valueStart(i), head.valueLength(i)).position(head.valueLength(i));
            }
            final int r = rewrite(rule, view, n);
            if (r == FAILED || r == REPLACED && !edits.replace(i, out.array(), 0, out.position())) {
                return false;
            }
        }
        for (int a = 0; a < edits.addedCount(); a++) {
            if (!edits.addedName(a).equals(name)) {
                continue;
            }
            value.clear();
            value.put(edits.arena(), edits.addedStart(a), edits.addedLength(a));
            final int r = rewrite(rule, view, n);
            if (r == FAILED || r == REPLACED && !edits.replaceAdded(a, out.array(), 0, out.position())) {
                return false;
            }
        }
        return true;
    }

    /** Rewrites {@link #value} into {@link #out}: REPLACED, NO_MATCH (out unused) or FAILED. */
    private int rewrite(final ReplaceHeaderRule rule, final MessageView view, final int formatLength) {
        final int length = value.position();
        out.clear();
        if (rule.kind() == Kind.REPLACE_HEADER) {
            return substitute(rule, view, 0, length, formatLength);
        }
        boolean changed = false;
        int from = 0;
        while (true) {
            final int comma = HeaderValues.nextComma(value, from, length);
            int start = from;
            int end = comma;
            while (start < end && isLws(value.get(start))) {
                start++;
            }
            while (end > start && isLws(value.get(end - 1))) {
                end--;
            }
            final int at = out.position();
            final int r = substitute(rule, view, start, end, formatLength);
            if (r == FAILED) {
                return FAILED;
            }
            if (r == NO_MATCH) {
                out.position(at); // the element as it was, its spaces included
                if (!copy(from, comma)) {
                    return FAILED;
                }
            }
            changed |= r == REPLACED; // a replaced element loses the spaces around it, as in HAProxy
            if (comma == length) {
                return changed ? REPLACED : NO_MATCH;
            }
            if (!out.hasRemaining()) {
                return FAILED;
            }
            out.put((byte) ',');
            from = comma + 1;
        }
    }

    /** When the regex is found in {@code value[start, end)}, appends the expanded format to {@link #out}. */
    private int substitute(final ReplaceHeaderRule rule, final MessageView view, final int start, final int end,
                           final int formatLength) {
        final Matcher m = rule.regex().matcher(view.scratch(), view.scratch().chars2(value, start, end - start));
        if (!m.find()) {
            return NO_MATCH;
        }
        return RegexSubstitution.expand(format.array(), formatLength, m, value, start, out) ? REPLACED : FAILED;
    }

    private boolean copy(final int from, final int to) {
        if (out.remaining() < to - from) {
            return false;
        }
        out.put(out.position(), value, from, to - from).position(out.position() + to - from);
        return true;
    }

    private static boolean isLws(final byte b) {
        return b == ' ' || b == '\t';
    }

    /** {@code del-header PATTERN -m beg|end|sub|reg}: drops every header whose name matches. */
    void delete(final HeaderMatchDeleteRule rule, final MessageView view, final HttpHead head,
                final HeaderEdits edits) {
        final ByteBuffer buf = head.buffer();
        for (int i = 0; i < head.headerCount(); i++) {
            if (matches(rule, view, buf, head.nameStart(i), head.nameLength(i))) {
                edits.drop(i);
            }
        }
        for (int a = edits.addedCount() - 1; a >= 0; a--) {
            final byte[] name = edits.addedName(a).bytes();
            value.clear();
            value.put(name, 0, Math.min(name.length, value.capacity()));
            if (matches(rule, view, value, 0, value.position())) {
                edits.removeAdded(a);
            }
        }
    }

    /** Whether the name at {@code buf[start, start + length)} matches the rule's pattern. */
    private boolean matches(final HeaderMatchDeleteRule rule, final MessageView view, final ByteBuffer buf,
                            final int start, final int length) {
        final byte[] p = rule.lowerPattern();
        switch (rule.match()) {
            case BEG:
                return lowerEquals(buf, start, length, p);
            case END:
                return length >= p.length && lowerEquals(buf, start + length - p.length, p.length, p);
            case SUB:
                return contains(buf, start, length, p);
            default: // HAProxy matches the name as its HTX holds it: lower-case
                return rule.regex().matcher(view.scratch(), view.scratch().lowerChars(buf, start, length)).find();
        }
    }

    /** Whether {@code buf[at, at + p.length)} equals lower-case {@code p}, any case; false when it runs out. */
    private static boolean lowerEquals(final ByteBuffer buf, final int at, final int available, final byte[] p) {
        if (available < p.length || at < 0) {
            return false;
        }
        for (int k = 0; k < p.length; k++) {
            final byte b = buf.get(at + k);
            if ((b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b) != p[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean contains(final ByteBuffer buf, final int start, final int length, final byte[] p) {
        for (int at = start; at + p.length <= start + length; at++) {
            if (lowerEquals(buf, at, p.length, p)) {
                return true;
            }
        }
        return false;
    }
}
