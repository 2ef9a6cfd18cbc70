package dev.baton.reactor;

/** Something a reactor holds open on behalf of a client, which a stop ends. Reactor thread only. */
public interface Killable {
    /**
     * A graceful stop began: finish what is under way without cutting it, take nothing new, and end as soon
     * as that allows (an idle HTTP keep-alive client at once; a request under way after its response, sent
     * with {@code Connection: close}). What cannot end early (a tcp stream) carries on until it ends or is
     * killed.
     */
    void softStop();

    /**
     * A reload published a new configuration: at its next boundary a stream moves to it (an HTTP keep-alive
     * client's next request) or ends there so that its client comes back on it ({@code Connection: close});
     * nothing is cut, and an idle client is not closed under a request it may be sending. Nothing by default (a tcp
     * stream carries on).
     */
    default void superseded() {
    }

    /** Ends it now, logging it as killed. */
    void kill();

    /** The server this stream is attached to now (HAProxy's srv_conn), or null. */
    default Object attachedServer() {
        return null;
    }

    /**
     * Ends it now because of its server's state, logged with termination cause {@code cause}: 'D' its server
     * went DOWN ({@code on-marked-down shutdown-sessions}), 'U' an active server came UP while it used a backup
     * ({@code on-marked-up shutdown-backup-sessions}).
     */
    default void killForServer(final char cause) {
        kill();
    }
}
