package dev.baton.config;

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
public record CheckRuleset(Kind kind, List<CheckRule> rules, List<Integer> steps, boolean disableOn404) {
    /** A plain {@code check}: one implicit connect. */
    public static final CheckRuleset LAYER4 = new CheckRuleset(Kind.LAYER4, List.of(CheckRule.Connect.IMPLICIT), List.of(0), false);

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
        LDAP
    }

    /**
     * The ruleset of an {@code option httpchk} backend with one request and at most one expectation (the form
     * before HAProxy 2.2): connect, send {@code http}'s request, expect its expectation.
     */
    public static CheckRuleset http(final HttpCheckConfig http) {
        return new CheckRuleset(Kind.HTTP, List.of(CheckRule.Connect.IMPLICIT, new CheckRule.Send(http.request(), null),
            CheckRule.Expect.http(http.expect(), null)), List.of(0, 1, 2), http.disableOn404());
    }

    /** HAProxy's step number of {@code rules.get(index)}. */
    public int step(final int index) {
        return steps.get(index);
    }
}
