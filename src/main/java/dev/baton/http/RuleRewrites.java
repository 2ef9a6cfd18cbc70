package dev.baton.http;

import dev.baton.http.rules.HeaderMatchDeleteRule;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.MessageView;
import dev.baton.http.rules.ReplaceHeaderRule;
import dev.baton.http.rules.RequestLineRule;

/**
 * The rewriting rules {@link RuleRunner} hands on: request line rewrites ({@link StartLineRewriter}), regex header
 * replacements and header deletion by name pattern ({@link HeaderRewrites}). Each part is made on its first use.
 * One per request workspace; reactor thread only.
 */
final class RuleRewrites {
    private StartLineRewriter line;
    private HeaderRewrites headers;

    private UriNormalizer normalizer;

    /** Results of {@link #normalize}. */
    static final int NORMALIZED = 0;
    static final int REWRITE_FAILED = 1;
    static final int BAD_REQUEST = 2;

    /**
     * {@code normalize-uri}: the normalizer on the request target of {@code head}: {@link #NORMALIZED} (also when
     * there is no path to work on: {@code *}, an authority), {@link #BAD_REQUEST} (a strict normalizer refused the
     * target) or {@link #REWRITE_FAILED}.
     */
    int normalize(final dev.baton.http.rules.NormalizeUriRule rule, final HttpHead head) {
        if (head.pathLength() == 0 && head.schemeLength() == 0) {
            return NORMALIZED; // '*' or an authority: HAProxy finds no path either
        }
        if (normalizer == null) {
            normalizer = new UriNormalizer();
        }
        final dev.baton.http.rules.NormalizeUriRule.Normalizer n = rule.normalizer();
        final int targetEnd = head.targetStart() + head.targetLength();
        int from = head.pathStart();
        int to = n.pathOnly() ? from + head.pathLength() : targetEnd;
        if (n == dev.baton.http.rules.NormalizeUriRule.Normalizer.QUERY_SORT_BY_NAME) {
            from = from + head.pathLength();
            if (from == targetEnd) {
                return NORMALIZED; // no query
            }
        }
        if (line == null) {
            line = new StartLineRewriter();
        }
        final int length = normalizer.normalize(n, head.buffer(), from, to);
        if (length == UriNormalizer.INVALID) {
            return BAD_REQUEST;
        }
        return length >= 0 && line.replace(head, from, to, normalizer.out, length) ? NORMALIZED : REWRITE_FAILED;
    }

    /** Applies {@code rule}, a rewrite other than set/add/del-header; false when the rewrite failed. */
    boolean apply(final HttpRule rule, final MessageView view, final HttpHead head, final HeaderEdits edits) {
        if (rule instanceof RequestLineRule l) {
            if (line == null) {
                line = new StartLineRewriter();
            }
            return line.apply(l, view, head);
        }
        if (headers == null) {
            headers = new HeaderRewrites();
        }
        if (rule instanceof ReplaceHeaderRule r) {
            return headers.replace(r, view, head, edits);
        }
        headers.delete((HeaderMatchDeleteRule) rule, view, head, edits);
        return true;
    }
}
