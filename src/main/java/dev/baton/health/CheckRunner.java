package dev.baton.health;

/**
 * What an {@link ActiveCheck} drives once per turn: a {@link CheckRun} over a connection, or an
 * {@link ExternalCheckRun} (a program). It reports its outcome with {@link ActiveCheck#finish}. Owner reactor's
 * thread only.
 */
interface CheckRunner {
    /** Starts a run now; the owner has raised its flag and armed its timer ({@link #boundNs}). */
    void start(long nowNs);

    /** True while a run is under way. */
    boolean inProgress();

    /** True once a run's connection is established (an external run never is). */
    boolean established();

    /** The owner's timer ended the run: it is judged as timed out and finished. */
    void timedOut(long nowNs);

    /** The check stops: the run under way, if any, is dropped without an outcome. */
    void abandon();

    /** How long a run may last before {@link #timedOut}, given the owner's connect bound. */
    default long boundNs(final long connectBoundNs) {
        return connectBoundNs;
    }
}
