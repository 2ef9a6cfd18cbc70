package dev.baton.stats;

/**
 * The frontend side of a proxy; fields named after the {@code show stat} columns.
 *
 * @param scur     clients connected now
 * @param smax     most clients connected at once
 * @param slim     the limit in force: the frontend's {@code maxconn}, else the global one
 * @param stot     sessions started
 * @param bin      bytes received from clients
 * @param bout     bytes sent to clients
 * @param connTot  connections accepted
 * @param status   {@code OPEN}, or {@code STOP} once its listeners are closed
 * @param reqTot   HTTP requests received (0 on a TCP frontend, which receives none)
 */
public record FrontendStats(int scur, int smax, int slim, long stot, long bin, long bout, long connTot,
                            String status, long reqTot) {
}
