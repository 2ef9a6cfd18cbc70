package dev.baton.config;

import java.util.Map;

/**
 * HAProxy 2.6's global {@code tune.*} keywords that tune a mechanism baton does not have: each is refused with why and
 * what to do instead, rather than taken and ignored (a setting that changes nothing would let a reader believe it
 * does). Every {@code tune.*} keyword of HAProxy 2.6 is either here, implemented, or honoured as
 * {@link TuneKeywords} explains; a {@code tune.*} word that is none of them is an unknown keyword, as for HAProxy.
 * Stateless.
 */
final class RefusedTuneKeywords {
    private static final String LUA = "it tunes HAProxy's Lua engine, and baton runs no Lua ('lua-load' is refused)";
    private static final String VARS = "it caps the memory HAProxy's variables of that scope may take; baton's "
        + "variables have no such accounting, so the cap could not be kept";

    /** The reason each keyword is refused; the message adds "; remove the line". */
    private static final Map<String, String> REASONS = Map.ofEntries(
        Map.entry("tune.runqueue-depth", "it sizes HAProxy's scheduler run queue, which baton does not have (its "
            + "reactors handle every ready event each turn)"),
        Map.entry("tune.sched.low-latency", "it makes HAProxy's scheduler run its task classes by priority; baton "
            + "has no task classes (each reactor turn handles the ready sockets, then its commands, then its due "
            + "timers)"),
        Map.entry("tune.maxpollevents", "it bounds the events HAProxy takes from one epoll_wait call; baton's "
            + "reactors poll through the JDK's selector, which takes up to 1024 events per call and cannot be told "
            + "another number"),
        Map.entry("tune.fd.edge-triggered", "it switches HAProxy's epoll poller to edge-triggered events; baton's "
            + "reactors use the JDK's selector, which is level-triggered and cannot be switched"),
        Map.entry("tune.recv_enough", "it is the read size from which HAProxy deems a socket drained and does not "
            + "read it again at once; baton reads a ready socket once per reactor turn (the selector reports it "
            + "again while bytes wait), so it never reads on such a guess"),
        Map.entry("tune.idletimer", "it is how long an empty buffer takes before HAProxy deems a stream idle, which "
            + "decides its splicing and when it shrinks TLS records back to 'tune.ssl.maxrecord'; baton splices "
            + "nothing and detects no idle streams"),
        Map.entry("tune.buffers.limit", "it caps the buffers HAProxy allocates, sessions waiting for one beyond "
            + "the cap; baton's buffers come from per-reactor pools with no such cap nor waiting (bound the memory "
            + "with 'maxconn' and 'tune.bufsize', and the JVM's -XX:MaxDirectMemorySize)"),
        Map.entry("tune.buffers.reserve", "it keeps buffers aside for when HAProxy's allocations fail; baton has no "
            + "such reserve (its buffers come from per-reactor pools; bound the memory with 'maxconn' and "
            + "'tune.bufsize')"),
        Map.entry("tune.fail-alloc", "it makes HAProxy's memory allocations fail at random, a debugging aid baton "
            + "does not have"),
        Map.entry("tune.lua.forced-yield", LUA),
        Map.entry("tune.lua.maxmem", LUA),
        Map.entry("tune.lua.session-timeout", LUA),
        Map.entry("tune.lua.task-timeout", LUA),
        Map.entry("tune.lua.service-timeout", LUA),
        Map.entry("tune.vars.global-max-size", VARS),
        Map.entry("tune.vars.proc-max-size", VARS),
        Map.entry("tune.vars.sess-max-size", VARS),
        Map.entry("tune.vars.txn-max-size", VARS),
        Map.entry("tune.vars.reqres-max-size", VARS),
        Map.entry("tune.vars.check-max-size", VARS));

    /** HAProxy's QUIC settings ({@code tune.quic.*}), all refused for the same reason. */
    private static final String QUIC_PREFIX = "tune.quic.";

    private RefusedTuneKeywords() {
    }

    /** Every refused keyword but the {@code tune.quic.*} family (the parser registers a handler for each). */
    static Iterable<String> keywords() {
        return REASONS.keySet();
    }

    /** Whether {@code kw} is one of HAProxy's QUIC settings. */
    static boolean isQuic(final String kw) {
        return kw.startsWith(QUIC_PREFIX);
    }

    /** The refusal of {@code kw}, a keyword of {@link #keywords()} or of the QUIC family. */
    static LineError refusal(final String kw) {
        final String reason = isQuic(kw)
            ? "it tunes HAProxy's QUIC listeners, and baton serves no QUIC (HTTP/3)"
            : REASONS.get(kw);
        return new LineError("'" + kw + "' is refused: " + reason + "; remove the line");
    }
}
