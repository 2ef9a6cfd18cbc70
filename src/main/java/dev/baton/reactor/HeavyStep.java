package dev.baton.reactor;

/**
 * One connection's heavy work (its TLS handshake steps) as it asks for the reactor's heavy slot
 * ({@link Reactor#queueHeavy}): at most once in the queue whatever the number of readiness events meanwhile, and
 * telling its owner when the step waits past the current turn, so that the owner stops polling its socket until
 * the step runs (a level-triggered selector would otherwise report the same readiness every turn). The step itself
 * asks for the socket's events again. Owner reactor's thread only.
 */
public final class HeavyStep {
    private final Runnable body;
    private final Runnable run = this::run;
    private boolean queued;

    /** {@code body}: the step, run on the owner reactor in its heavy slot. */
    public HeavyStep(final Runnable body) {
        this.body = body;
    }

    /**
     * A readiness event: queues the step on {@code reactor} unless it is queued already. True when the caller must stop
     * polling the socket meanwhile: the step will not run in this turn.
     */
    public boolean request(final Reactor reactor) {
        final boolean waits = queued || !reactor.queueHeavy(run);
        queued = true;
        return waits;
    }

    private void run() {
        queued = false;
        body.run();
    }
}
