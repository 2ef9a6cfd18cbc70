package dev.baton.h2;

import dev.baton.io.BufferPool;
import dev.baton.reactor.ReactorTimers;

/**
 * What an {@link H2Connection} needs of the reactor it lives on: its clock, its timers, its buffers, a way to run
 * work after the event being handled (stream readiness is told from there, never from inside a stream's own call),
 * and who serves each new stream. The daemon passes its reactor's; tests pass a hand-driven one. Reactor thread.
 */
public interface H2Host {
    long nowNs();

    ReactorTimers timers();

    /** The reactor's pool; a stream's request body waits in one of its buffers. */
    BufferPool buffers();

    /** The reactor's scratch for HTTP/2 ({@link H2Scratch}): the same for all its connections. */
    H2Scratch scratch();

    /** Runs {@code task} on this thread once the event being handled is done, before the reactor blocks again. */
    void later(Runnable task);

    /**
     * A new stream's request head is there: start what serves it (an {@code HttpSession} in the daemon), which
     * sets itself as the stream's handler and reads the request from it.
     */
    void startStream(H2Stream stream);

    /** The connection closed (its endpoint is closed; its streams fail or already went). */
    default void connectionClosed() {
    }

    /**
     * The stick counters of the client connection, shared by its streams (each request a stream of them, the
     * connection one session), or null.
     */
    default dev.baton.stick.StickCounters connectionCounters() {
        return null;
    }
}
