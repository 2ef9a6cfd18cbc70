package dev.baton.config;

import dev.baton.config.HttpDraft.RuleDraft;
import dev.baton.http.rules.BodyWaitRule;

import java.util.List;

/**
 * {@code http-request|http-response wait-for-body time T [at-least N] [COND]}, as HAProxy 2.6 reads it: the two
 * options in any order (the last of each wins), {@code time} required (a time 0 means no limit but the client's or
 * server's timeout), {@code at-least} a size (0, the default: the whole body). A refused line throws
 * {@link LineError}. Stateless.
 */
final class BodyWaitRuleParser {
    private static final String EXPECTS = "expects time <time> [ at-least <bytes> ]";

    private BodyWaitRuleParser() {
    }

    static void rule(final Directive d, final ProxyDraft p, final String context, final List<RuleDraft> rules) {
        long timeMs = -1;
        long atLeast = 0;
        int i = 2;
        for (; d.has(i); i += 2) {
            final String option = d.word(i);
            if (!option.equals("time") && !option.equals("at-least")) {
                break;
            }
            if (!d.has(i + 1)) {
                throw new LineError("'" + context + "': missing argument for '" + option + "'");
            }
            final String value = d.word(i + 1);
            try {
                if (option.equals("time")) {
                    timeMs = Durations.parseMs(value);
                } else {
                    atLeast = Sizes.parseBytes(value);
                }
            } catch (final BadValueException e) {
                throw new LineError(Messages.badValue(context + " " + option, e.getMessage(), value));
            }
        }
        if (timeMs < 0) {
            throw new LineError("'" + context + "' " + EXPECTS);
        }
        final long time = timeMs;
        final long bytes = atLeast;
        HttpRuleParser.add(rules, d, i, context, p, c -> new BodyWaitRule(time, bytes, c));
    }
}
