package dev.baton.io;

/** The protocol side of a {@link SocketEndpoint}: told when its channel is ready. Reactor thread only. */
public interface EndpointHandler {
    /** The endpoint's key is ready for {@code readyOps}; the handler reads, writes or finishes a connect. */
    void onReady(SocketEndpoint endpoint, int readyOps);
}
