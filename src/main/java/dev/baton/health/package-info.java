/**
 * Active health checks (HAProxy's {@code check}) and agent checks ({@code agent-check}): every check type (Layer 4,
 * {@code option httpchk}, {@code option tcp-check}, the redis, MySQL, PostgreSQL, SMTP and LDAP checks, the agent)
 * is a ruleset run by one engine, {@link dev.baton.health.CheckRun}, on the reactors' timers, for a
 * {@link dev.baton.health.HealthCheck} or an {@link dev.baton.health.AgentCheck} (their shared timer and bounds in
 * {@link dev.baton.health.ActiveCheck}, each applying its own outcome to the server); the log lines of a server going UP, DOWN or stopping
 * (NOLB), and what a transition asks of the pools and the streams ({@code on-marked-down}/{@code on-marked-up});
 * the passive checks' {@code on-error} ({@link dev.baton.health.ObservedErrors}), {@code slowstart}'s ramp
 * ({@link dev.baton.health.SlowStart}), {@code track}'s propagation and {@code spread-checks}. The state machine
 * itself is
 * {@link dev.baton.backend.ServerState#afterCheck}.
 */
package dev.baton.health;
