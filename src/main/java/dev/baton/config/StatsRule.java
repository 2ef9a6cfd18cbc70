package dev.baton.config;

import dev.baton.http.rules.Condition;

/**
 * One {@code stats http-request allow|deny [if|unless COND]} line: the first rule whose condition holds decides
 * whether the stats page is served ({@code allow}) or refused with 403 ({@code deny}).
 */
public record StatsRule(boolean allow, Condition condition) {
}
