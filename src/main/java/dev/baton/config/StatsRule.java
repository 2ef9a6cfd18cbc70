package dev.baton.config;

import dev.baton.http.rules.Condition;

/**
 * One {@code stats http-request allow|deny|auth [realm R] [if|unless COND]} line: the first rule whose condition
 * holds decides whether the stats page is served ({@code allow}), refused with 403 ({@code deny}) or answered with a
 * 401 asking for Basic credentials in {@code realm} ({@code auth}; null for the other verdicts).
 */
public record StatsRule(Verdict verdict, String realm, Condition condition) {
    /** What a rule whose condition holds does. */
    public enum Verdict { ALLOW, DENY, AUTH }
}
