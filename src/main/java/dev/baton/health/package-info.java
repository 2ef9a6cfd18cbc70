/**
 * Active health checks (HAProxy's {@code check}): Layer 4 connects and HTTP checks ({@code option httpchk}) on
 * the reactors' timers, the log lines of a server going UP, DOWN or stopping (NOLB), and what a transition asks
 * of the pools. The state machine itself is
 * {@link dev.baton.backend.ServerState#afterCheck}.
 */
package dev.baton.health;
