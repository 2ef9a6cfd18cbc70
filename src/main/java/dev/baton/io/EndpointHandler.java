package dev.baton.io;

/** The protocol side of an {@link Endpoint}: told when it is ready. Reactor thread only. */
public interface EndpointHandler {
    /** {@code endpoint} is ready for {@code readyOps}; the handler reads, writes or finishes a connect. */
    void onReady(Endpoint endpoint, int readyOps);
}
