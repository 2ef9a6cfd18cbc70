package dev.baton.health;

import dev.baton.backend.CheckStatus;
import dev.baton.config.CheckRule;
import dev.baton.config.CheckRuleset;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Evaluates a {@code tcp-check expect string|rstring|binary|rbinary} rule against the bytes read so far, as HAProxy
 * 2.6's tcpcheck_eval_expect: it waits while fewer bytes than the pattern or than {@code min-recv} have come, and,
 * without {@code min-recv}, while a mismatch might still become a match; a failure is {@code error-status} (else
 * L7RSP) with the {@code on-error} text, HAProxy's generic "TCPCHK did not match content" text for a
 * {@code tcp-check} ruleset (nothing for a protocol check) and the rule's comment. Stateless; reactor thread.
 */
final class ContentMatch {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private ContentMatch() {
    }

    /**
     * @param buf      the bytes read, {@code len} of them
     * @param lastRead no more will come (end of stream, or the buffer is full)
     * @param step     the rule's step number, for the failure text
     */
    static StepResult eval(final CheckRuleset set, final CheckRule.Expect rule, final int step, final byte[] buf,
                           final int len, final boolean lastRead, final StepResult.Verdict out) {
        final boolean last = lastRead || len == buf.length;
        final byte[] needle = rule.bytes();
        if (!last) {
            if (needle != null && len < needle.length) {
                return StepResult.WAIT;
            }
            if (rule.minRecv() > 0 && len < rule.minRecv()) {
                return StepResult.WAIT;
            }
        }
        final boolean match = switch (rule.match()) {
            case STRING, BINARY -> indexOf(buf, len, needle) >= 0;
            case RSTRING -> rule.regex().matcher(new String(buf, 0, Math.min(len, buf.length - 1),
                StandardCharsets.ISO_8859_1)).find();
            case RBINARY -> rule.regex().matcher(HEX.formatHex(buf, 0, len)).find();
            default -> throw new IllegalArgumentException("not a content match: " + rule.match());
        };
        if (!match && !last && rule.minRecv() == -1) {
            return StepResult.WAIT;
        }
        if (match != rule.negated()) {
            return StepResult.CONTINUE;
        }
        return fail(set, rule, step, match, null, buf, len, out);
    }

    /**
     * Stops with {@code rule}'s failure: {@code error-status} (else L7RSP), the info HAProxy composes
     * (tcpcheck_expect_onerror_message): {@code given} if any, else {@code on-error}, else the generic text for a
     * {@code tcp-check} ruleset; then the comment; and the {@code status-code}.
     */
    static StepResult fail(final CheckRuleset set, final CheckRule.Expect rule, final int step, final boolean matched,
                           final String given, final byte[] buf, final int len, final StepResult.Verdict out) {
        statusCode(rule, buf, len, out);
        final CheckStatus status = rule.errorStatus() != null ? CheckStatus.valueOf(rule.errorStatus())
            : CheckStatus.L7RSP;
        return out.stop(status, failText(set, rule, step, matched, given, buf, len));
    }

    /** The info of {@link #fail}, null when empty. */
    static String failText(final CheckRuleset set, final CheckRule.Expect rule, final int step, final boolean matched,
                           final String given, final byte[] buf, final int len) {
        final StringBuilder sb = new StringBuilder(64);
        if (given != null && !given.isEmpty()) {
            sb.append(given);
        } else if (rule.onError() != null) {
            sb.append(rule.onError().render(buf, len));
        } else if (set.kind() == CheckRuleset.Kind.TCP) {
            sb.append(matched ? "TCPCHK matched unwanted content" : "TCPCHK did not match content");
            switch (rule.match()) {
                case STRING -> sb.append(" '").append(rule.text()).append("' at step ").append(step);
                case BINARY -> sb.append(" (binary) at step ").append(step);
                case RSTRING -> sb.append(" (regex) at step ").append(step);
                case RBINARY -> sb.append(" (binary regex) at step ").append(step);
                default -> sb.append(" (custom function) at step ").append(step);
            }
        }
        if (rule.comment() != null) {
            sb.append(" comment: ").append(rule.comment());
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    /** Sets the check's code from {@code status-code}, when the rule has one and it reads as a number. */
    static void statusCode(final CheckRule.Expect rule, final byte[] buf, final int len, final StepResult.Verdict out) {
        if (rule.statusCode() == null) {
            return;
        }
        final String text = rule.statusCode().render(buf, len);
        try {
            out.code = Integer.parseInt(text.trim());
        } catch (final NumberFormatException e) {
            // HAProxy keeps the code when the sample does not cast to an integer
        }
    }

    static int indexOf(final byte[] buf, final int len, final byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= len; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buf[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
