package dev.baton.pool;

/** {@code http-reuse}: which idle connections a request may use (DESIGN.md §3 table). */
public enum ReuseMode {
    /** Connections are private to their client session. */
    NEVER,
    /** A session's first request opens a new connection; later ones take idle, then safe connections. */
    SAFE,
    /** First requests may take safe (proven) connections; later ones idle, then safe. */
    AGGRESSIVE,
    /** Every request may take any idle connection, safe ones first for a first request. */
    ALWAYS
}
