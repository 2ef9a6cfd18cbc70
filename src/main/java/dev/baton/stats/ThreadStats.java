package dev.baton.stats;

/**
 * One reactor's activity counters ({@link dev.baton.reactor.ReactorStats}) and load.
 *
 * @param thread            1-based thread number, as HAProxy numbers threads
 * @param loops             turns of the loop
 * @param wakeups           selector wake-ups requested by other threads
 * @param events            ready keys handled
 * @param accepts           clients accepted
 * @param fdTakeovers       idle server connections taken over from siblings
 * @param takeoverFailures  takeover attempts that found nothing to take
 * @param killsRequested    idle connections handed to a sibling to close
 * @param killsDone         connections closed at a sibling's request
 * @param commandsRejected  commands refused because the inbox was full
 * @param streams           streams alive on it now
 */
public record ThreadStats(int thread, long loops, long wakeups, long events, long accepts, long fdTakeovers,
                          long takeoverFailures, long killsRequested, long killsDone, long commandsRejected,
                          int streams) {
}
