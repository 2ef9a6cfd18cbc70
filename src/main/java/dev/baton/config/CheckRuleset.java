package dev.baton.config;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A backend's health check as the sequence of rules its servers' checks run (HAProxy's tcpcheck ruleset), with
 * the kind of check that produced it, which decides how outcomes are worded. Immutable.
 *
 * @param kind         which option made it
 * @param rules        the rules, starting with a connect
 * @param steps        each rule's step number in HAProxy's messages: its line's place among the section's
 *                     {@code tcp-check} lines (comments count) plus one, 0 for an implicit first connect
 * @param disableOn404 {@code http-check disable-on-404}: a 404 on a running server is a conditional pass (NOLB)
 */
public record CheckRuleset(Kind kind, List<CheckRule> rules, List<Integer> steps, boolean disableOn404,
                           ExternalCheck external) {
    /** A plain {@code check}: one implicit connect. */
    public static final CheckRuleset LAYER4 = new CheckRuleset(Kind.LAYER4, List.of(CheckRule.Connect.IMPLICIT), List.of(0), false);

    /** A ruleset run over a connection (every kind but {@link Kind#EXTERNAL}). */
    public CheckRuleset(final Kind kind, final List<CheckRule> rules, final List<Integer> steps,
                        final boolean disableOn404) {
        this(kind, rules, steps, disableOn404, null);
    }

    /** {@code option external-check}: no rules, the program {@code external} names. */
    static CheckRuleset external(final ExternalCheck external) {
        return new CheckRuleset(Kind.EXTERNAL, List.of(), List.of(), false, external);
    }

    public CheckRuleset {
        rules = List.copyOf(rules);
        steps = List.copyOf(steps);
        if (steps.size() != rules.size()) {
            throw new IllegalArgumentException("one step number per rule");
        }
    }

    /** The option that chose the check; HAProxy words a {@code tcp-check} ruleset's outcomes with step numbers. */
    public enum Kind {
        /** No check option: a TCP connect. */
        LAYER4,
        /** {@code option tcp-check} with {@code tcp-check} rules. */
        TCP,
        /** {@code option httpchk} with {@code http-check} rules. */
        HTTP,
        /** {@code option redis-check}. */
        REDIS,
        /** {@code option mysql-check}. */
        MYSQL,
        /** {@code option pgsql-check}. */
        PGSQL,
        /** {@code option smtpchk}. */
        SMTP,
        /** {@code option ldap-check}. */
        LDAP,
        /** {@code option ssl-hello-chk}. */
        SSL3,
        /** A server's {@code agent-check} (not a backend's option: built per server, see {@link #agent}). */
        AGENT,
        /** {@code option external-check}: a program judges the server ({@link #external()}). */
        EXTERNAL
    }

    /**
     * The ruleset of an {@code option httpchk} backend with one request and at most one expectation (the form
     * before HAProxy 2.2): connect, send {@code http}'s request, expect its expectation.
     */
    public static CheckRuleset http(final HttpCheckConfig http) {
        return new CheckRuleset(Kind.HTTP, List.of(CheckRule.Connect.IMPLICIT, new CheckRule.Send(http.request(), null),
            CheckRule.Expect.http(http.expect(), null)), List.of(0, 1, 2), http.disableOn404());
    }

    /**
     * A server's agent check, as HAProxy builds it: connect to the agent's address, write {@code send} when it is
     * not empty, read one line and hand it to the agent check. The connection ends with a FIN ({@code linger}),
     * as baton's agent checks always have.
     *
     * @param send the {@code agent-send} text (ISO-8859-1), null or empty for none
     */
    public static CheckRuleset agent(final String send) {
        final CheckRule connect = new CheckRule.Connect(0, null, true, true, null);
        final CheckRule expect = CheckRule.Expect.custom(CheckRule.Match.AGENT);
        if (send == null || send.isEmpty()) {
            return new CheckRuleset(Kind.AGENT, List.of(connect, expect), List.of(0, 1), false);
        }
        final CheckRule write = new CheckRule.Send(send.getBytes(StandardCharsets.ISO_8859_1), null);
        return new CheckRuleset(Kind.AGENT, List.of(connect, write, expect), List.of(0, 1, 2), false);
    }

    /** HAProxy's step number of {@code rules.get(index)}. */
    public int step(final int index) {
        return steps.get(index);
    }
}
