package dev.baton.config;

/**
 * The global keywords that shape how the process starts and stops, as HAProxy 2.6's:
 * <ul>
 * <li>{@code quiet}: nothing printed while starting (warnings, "Configuration file is valid"); errors still are;</li>
 * <li>{@code zero-warning}: a configuration that drew a warning does not start, and {@code -c} fails on it;</li>
 * <li>{@code strict-limits} (the default; {@code no strict-limits} turns it off): a file-descriptor limit that
 *     cannot be raised to what {@code ulimit-n} or {@code maxconn} needs stops the start-up instead of a warning;</li>
 * <li>{@code fd-hard-limit N} (0: none): an upper bound on the descriptors baton uses, whatever the system allows;
 *     {@code maxconn}, when derived, is derived from it;</li>
 * <li>{@code grace TIME} (0: none): on a soft stop, listeners keep accepting for this long before they close;</li>
 * <li>{@code server-state-file FILE} and {@code server-state-base DIR} (null when unset): where the backends that
 *     say {@code load-server-state-from-file} find the server states saved from {@code show servers state}.</li>
 * <li>{@code tune.listener.multi-queue on|off} (on by default, as in HAProxy 2.6): a client accepted on one thread
 *     is served by the least loaded thread of its bind ({@code dev.baton.listener.ListenerGroup}).</li>
 * <li>{@code external-check}: backends may check their servers with a program ({@code option external-check});</li>
 * <li>{@code insecure-fork-wanted}: baton may start programs; without it an external check fails (SOCKERR), as
 *     HAProxy's fork is refused.</li>
 * <li>{@code mworker-max-reloads N} (-1: unset): a stream still running after more than N reloads is killed, as
 *     HAProxy's master kills (SIGTERM) a worker that outlived N reloads; baton reloads in place, so what survives a
 *     reload is its streams, not a process.</li>
 * </ul>
 */
public record ProcessOptions(boolean quiet, boolean zeroWarning, boolean strictLimits, int fdHardLimit,
                             long graceMs, String serverStateFile, String serverStateBase,
                             boolean listenerMultiQueue, boolean externalCheck, boolean insecureForkWanted,
                             int maxReloads) {
    public static final ProcessOptions DEFAULTS = new ProcessOptions(false, false, true, 0, 0, null, null, true, false,
        false, -1);

    /**
     * Where a server-state file named {@code name} is: as written when absolute or without {@code server-state-base},
     * else under that directory (HAProxy's srv_state_get_filepath).
     */
    public String serverStatePath(final String name) {
        if (name.startsWith("/") || serverStateBase == null) {
            return name;
        }
        return serverStateBase.endsWith("/") ? serverStateBase + name : serverStateBase + "/" + name;
    }

    /** {@code limit} bounded by {@code fd-hard-limit}, when one is set. */
    public long boundedFileLimit(final long limit) {
        return fdHardLimit > 0 ? Math.min(limit, fdHardLimit) : limit;
    }
}
