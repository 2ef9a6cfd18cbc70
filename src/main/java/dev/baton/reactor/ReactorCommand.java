package dev.baton.reactor;

/**
 * Work submitted to a reactor from any thread and run on that reactor's thread, in submission order.
 * Commands are for control (start, stop, resume a listener, runtime changes), never per I/O event; other threads
 * send them through the reactor's {@code dev.baton.ReactorProxy}, which names each one.
 */
@FunctionalInterface
public interface ReactorCommand {
    /** Runs on the owning reactor's thread. Must not block. */
    void run(Reactor reactor);
}
