package dev.baton.config;

import dev.baton.sample.vars.VarName;

import java.util.List;

/**
 * A {@code spoe-agent} section of an SPOE configuration file: the agent an engine talks to and how.
 * {@code backend} is the {@code use-backend} name (a {@code mode tcp} backend of the configuration); the timeouts are
 * in milliseconds, 0 when unset (no limit, as HAProxy's eternity); {@code varPrefix} is put between a variable's
 * scope and the name an agent gives; {@code onError}, {@code processTime} and {@code totalTime} are the {@code txn}
 * variables of {@code option set-on-error|set-process-time|set-total-time} (null when unset); {@code pipelining}
 * is whether baton offers several NOTIFY frames in flight on one connection; {@code continueOnError} is
 * {@code option continue-on-error}; {@code maxFrameSize} the largest frame baton offers (the agent may lower it);
 * {@code maxWaitingFrames} the most frames awaiting their ACK on one connection; {@code maxConnRate} and
 * {@code maxErrRate} per second, 0 for no limit; {@code logs} the agent's loggers ({@code log} lines; empty: none);
 * {@code dontLogNormal} is {@code option dontlog-normal}. Immutable.
 */
public record SpoeAgent(String name, SourceLocation where, String backend, long helloTimeoutMs, long idleTimeoutMs,
                        long processingTimeoutMs, String varPrefix, VarName onError, VarName processTime,
                        VarName totalTime, boolean pipelining, boolean continueOnError, boolean forceSetVar,
                        int maxFrameSize, int maxWaitingFrames, int maxConnRate, int maxErrRate,
                        List<LogTarget> logs, boolean dontLogNormal) {
    /** The smallest frame size SPOP allows. */
    public static final int MIN_FRAME_SIZE = 256;

    public SpoeAgent {
        logs = List.copyOf(logs);
    }
}
