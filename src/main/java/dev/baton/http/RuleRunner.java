package dev.baton.http;

import dev.baton.http.rules.HeaderRule;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.MessageView;
import dev.baton.http.rules.PriorityRule;
import dev.baton.http.rules.StatusRule;
import dev.baton.http.rules.VarRule;
import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Applies {@code http-request} / {@code http-response} / {@code http-after-response} rule lists to a head, in order:
 * header rules and {@code set-status} become {@link HeaderEdits} for the head writer, variable rules act on the
 * stream's variables at once; the first matching final rule (allow, deny, redirect,
 * return) stops the list and is returned for the session to act on. One per request workspace; reactor
 * thread only; no allocation (values render into a scratch buffer owned here) but the cache rules', for the requests
 * that use a cache ({@link CacheTxn}).
 */
final class RuleRunner {
    /**
     * What {@link #run} returns when a header rewrite did not fit (the value or the added headers past what a
     * head may hold) while the list is strict: as HAProxy's {@code strict-mode on}, the default each list starts
     * with, the rules stop and the request is answered 500, logged {@code PR--} (on a response: {@code PH--}). After
     * a {@code strict-mode off} of the same list the failed rule is skipped instead. Never matched as a rule:
     * recognised by identity.
     */
    static final HttpRule REWRITE_FAILED = new dev.baton.http.rules.DenyRule(500,
        dev.baton.http.rules.Condition.NONE);

    /**
     * What {@link #run} returns when a strict {@code normalize-uri} refused the request target: 400, logged
     * {@code PR--}, as HAProxy's {@code ACT_RET_INV}. Recognised by identity.
     */
    static final HttpRule BAD_REQUEST = new dev.baton.http.rules.DenyRule(400, dev.baton.http.rules.Condition.NONE);

    private final ByteBuffer scratch = ByteBuffer.allocate(HeaderEdits.DEFAULT_VALUE_BYTES);
    /** The 103 responses of {@code early-hint} rules, made by the first one (few requests need it). */
    private EarlyHints earlyHints;
    /** Where {@code set-src}, {@code set-dst}... rules change the request's addresses. */
    private final dev.baton.http.rules.AddressTarget addresses;

    RuleRunner(final dev.baton.http.rules.AddressTarget addresses) {
        this.addresses = addresses;
    }

    /** The request's cache state, which {@code cache-use} and {@code cache-store} rules act on (set by the workspace). */
    CacheTxn cache;
    /** The request's queue priority as the priority rules left it ({@link #clearPriority} per request). */
    private int priorityClass;
    private int priorityOffsetMs;

    /** The rewrites beyond set/add/del-header, made on the first one (their buffers are not small). */
    private RuleRewrites rewrites;

    private RuleRewrites rewrites() {
        if (rewrites == null) {
            rewrites = new RuleRewrites();
        }
        return rewrites;
    }

    /** The session's capture slots ({@code capture} rules write there), null when its frontend keeps none. */
    dev.baton.log.LogCaptures captures;

    /** The log level set-log-level rules left, as {@link dev.baton.log.HttpLogLine#logLevel}. */
    private int logLevel = dev.baton.log.HttpLogLine.LEVEL_DEFAULT;

    /** The request's server and tunnel timeouts as set-timeout rules left them, -1: the backend's. */
    private long serverTimeoutMs = -1;
    private long tunnelTimeoutMs = -1;

    long serverTimeoutMs() {
        return serverTimeoutMs;
    }

    long tunnelTimeoutMs() {
        return tunnelTimeoutMs;
    }

    /** A new request: priority class and offset back to 0, no log level, the backend's timeouts. */
    void clearPriority() {
        if (earlyHints != null) {
            earlyHints.clear();
        }
        priorityClass = 0;
        priorityOffsetMs = 0;
        serverTimeoutMs = -1;
        tunnelTimeoutMs = -1;
        logLevel = dev.baton.log.HttpLogLine.LEVEL_DEFAULT;
    }

    int logLevel() {
        return logLevel;
    }

    int priorityClass() {
        return priorityClass;
    }

    int priorityOffsetMs() {
        return priorityOffsetMs;
    }

    /**
     * Runs {@code rules} against {@code view} (over {@code head}), recording header changes in
     * {@code edits}. Returns the final rule that matched, or null when the list ran to its end.
     */
    HttpRule run(final List<HttpRule> rules, final MessageView view, final HttpHead head, final HeaderEdits edits) {
        final HttpRule verdict = runRules(rules, view, head, edits);
        if (earlyHints != null) {
            earlyHints.close(); // a run of early-hint rules ends with its list
        }
        return verdict;
    }

    /** The 103 responses early-hint rules built for the request, null when none ran. */
    EarlyHints earlyHints() {
        return earlyHints != null && earlyHints.pending() ? earlyHints : null;
    }

    private HttpRule runRules(final List<HttpRule> rules, final MessageView view, final HttpHead head,
                              final HeaderEdits edits) {
        boolean strict = true; // each list starts in strict mode, as HAProxy's http_{req,res}_get_intercept_rule
        for (int i = 0; i < rules.size(); i++) {
            final HttpRule rule = rules.get(i);
            if (earlyHints != null && !(rule instanceof dev.baton.http.rules.EarlyHintRule)) {
                earlyHints.close(); // a run of early-hint rules ends here
            }
            if (!rule.condition().test(view)) {
                continue;
            }
            if (rule.kind().isFinal()) {
                return rule;
            }
            if (rule instanceof dev.baton.http.rules.CacheRule c) {
                if (c.kind() == HttpRule.Kind.CACHE_USE) {
                    cache.use(c, head);
                } else {
                    cache.store(c, head, edits);
                }
                continue;
            }
            if (rule instanceof dev.baton.http.rules.StrictModeRule m) {
                strict = m.on();
                continue;
            }
            if (rule instanceof VarRule v) {
                v.apply(view, scratch);
                continue;
            }
            if (rule instanceof StatusRule st) {
                if (edits.statusLine(head, st.status(), st.reason())) {
                    head.status(st.status());
                } else if (strict) {
                    return REWRITE_FAILED;
                }
                continue;
            }
            if (rule instanceof dev.baton.http.rules.TimeoutRule t) {
                if (t.tunnel()) {
                    tunnelTimeoutMs = t.evaluate(view, tunnelTimeoutMs);
                } else {
                    serverTimeoutMs = t.evaluate(view, serverTimeoutMs);
                }
                continue;
            }
            if (rule instanceof dev.baton.http.rules.CaptureRule c) {
                c.apply(view, captures);
                continue;
            }
            if (rule instanceof dev.baton.http.rules.StickRule st) {
                st.action().apply(view, false, head.isRequest() ? 0 : head.status());
                continue;
            }
            if (rule instanceof dev.baton.http.rules.BodyWaitRule) {
                continue; // the wait happened before the rules ran (RuleBodyWait)
            }
            if (rule instanceof dev.baton.http.rules.EarlyHintRule e) {
                if (head.version() >= 11) { // HTTP/1.0 clients get none, as from HAProxy
                    if (earlyHints == null) {
                        earlyHints = new EarlyHints();
                    }
                    earlyHints.add(e, view, scratch);
                    if (i + 1 == rules.size() || !(rules.get(i + 1) instanceof dev.baton.http.rules.EarlyHintRule)
                        || rules.get(i + 1).condition() != dev.baton.http.rules.Condition.NONE) {
                        earlyHints.close(); // as HAProxy 2.6.12: a conditional early-hint starts a new 103
                    }
                }
                continue;
            }
            if (rule instanceof dev.baton.http.rules.NormalizeUriRule nu) {
                final int r = rewrites().normalize(nu, head);
                if (r == RuleRewrites.BAD_REQUEST) {
                    return BAD_REQUEST; // a refused target, not a failed rewrite: strict-mode has no say
                }
                if (r != RuleRewrites.NORMALIZED && strict) {
                    return REWRITE_FAILED;
                }
                continue;
            }
            if (rule instanceof dev.baton.http.rules.AddressRule a) {
                a.apply(view, addresses);
                continue;
            }
            if (rule instanceof dev.baton.http.rules.PatternUpdateRule u) {
                u.apply(view, scratch); // set-map, add-acl...: queued for the pattern updates thread
                continue;
            }
            if (rule instanceof dev.baton.http.rules.SocketMarkRule m) {
                m.apply(view.clientConnection()); // set-tos, set-mark
                continue;
            }
            if (rule instanceof dev.baton.http.rules.LogLevelRule l) {
                logLevel = l.level();
                continue;
            }
            if (rule instanceof PriorityRule p) {
                if (p.kind() == HttpRule.Kind.SET_PRIORITY_CLASS) {
                    priorityClass = p.evaluate(view, priorityClass);
                } else {
                    priorityOffsetMs = p.evaluate(view, priorityOffsetMs);
                }
                continue;
            }
            final boolean done = rule instanceof HeaderRule h ? apply(h, view, head, edits)
                : rewrites().apply(rule, view, head, edits);
            if (!done && strict) {
                return REWRITE_FAILED;
            }
        }
        return null;
    }

    /** One header rule; false when its rewrite did not fit. */
    private boolean apply(final HeaderRule rule, final MessageView view, final HttpHead head,
                          final HeaderEdits edits) {
        final HeaderName name = rule.name();
        if (rule.kind() != HttpRule.Kind.ADD_HEADER) {
            edits.dropAll(head, name);
            edits.removeAdded(name); // one an earlier rule added goes too, as in HAProxy
        }
        if (rule.kind() == HttpRule.Kind.DEL_HEADER) {
            return true;
        }
        return addRendered(name, rule.value(), view, edits);
    }

    /**
     * Renders {@code value} and adds it as a header line; false when it does not fit (nothing added), or when it
     * holds a byte a header value may not.
     */
    boolean addRendered(final HeaderName name, final dev.baton.http.rules.ValueTemplate value, final MessageView view,
                        final HeaderEdits edits) {
        scratch.clear();
        final int n = value.render(view, scratch);
        return n >= 0 && edits.add(name, scratch.array(), 0, n);
    }
}
