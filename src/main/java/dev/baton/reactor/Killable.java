package dev.baton.reactor;

/** Something a reactor holds open on behalf of a client, which a hard stop may end. Reactor thread only. */
public interface Killable {
    /** Ends it now, logging it as killed. */
    void kill();
}
