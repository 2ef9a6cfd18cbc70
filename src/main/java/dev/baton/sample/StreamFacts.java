package dev.baton.sample;

/**
 * The proxies, server and counters a stream's fetches read ({@code fe_name}, {@code be_id}, {@code srv_name},
 * {@code fe_conn}, {@code nbsrv(BE)}, {@code srv_is_up(BE/S)}, {@code queue(BE)}...). Names are bytes so that a
 * fetch makes no string. A backend argument is the name as written in the configuration (resolved per call: the
 * configuration's objects do not exist yet when expressions compile); an unknown one gives "no sample". -1 means
 * unknown throughout. Called on the stream's thread.
 */
public interface StreamFacts {
    byte[] frontendName();

    int frontendId();

    /** The backend of the stream, or null before one is chosen. */
    byte[] backendName();

    int backendId();

    /** The server serving the stream, or null. */
    byte[] serverName();

    int serverId();

    /** The name of the cache whose object answers the stream ({@code res.cache_name}), or null. */
    default byte[] cacheName() {
        return null;
    }

    /** The listener's id ({@code so_id}). */
    default int listenerId() {
        return -1;
    }

    /** Current connections of the frontend. */
    long frontendConnections();

    /** Current connections of {@code backend} (null: the stream's own). */
    long backendConnections(String backend);

    /** Usable servers of {@code backend} (null: the stream's own) ({@code nbsrv}). */
    long usableServers(String backend);

    /** Whether server {@code server} of {@code backend} is up; false when unknown. */
    boolean serverUp(String backend, String server);

    /** Free connection slots of {@code backend}: the sum over its servers of maxconn + maxqueue minus in use; -1 unlimited. */
    long connectionSlots(String backend);

    /** Requests queued in {@code backend}, its own queue and its servers'. */
    long queued(String backend);

    /** {@link #queued} divided by the usable servers (all queued when none). */
    default long averageQueue(final String backend) {
        final long servers = usableServers(backend);
        final long q = queued(backend);
        return q < 0 ? -1 : servers > 0 ? q / servers : q;
    }

    /** The stick counters the stream tracks and the generation's stick tables, or null where there are none. */
    default dev.baton.stick.StickCounters trackedCounters() {
        return null;
    }
}
