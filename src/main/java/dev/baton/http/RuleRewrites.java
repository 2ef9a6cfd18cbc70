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
