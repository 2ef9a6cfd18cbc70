package dev.baton.queue;

import dev.baton.backend.Server;

/**
 * The stream side of a {@link QueueEntry}: told, on its own reactor's thread, how its wait ended when the end
 * came from another stream or thread (a slot handed over, a redistribution). Endings the waiter causes itself
 * (its timeout, its client's abort) go through {@link BackendQueues#cancel} instead and are never reported here.
 */
public interface QueueWaiter {
    /**
     * A slot of {@code server} is now held for this waiter (counted in its {@code currConns}): connect to it.
     * Owner reactor's thread, from {@link QueueInbox}'s drain; never re-entrant into another stream's call.
     */
    void onQueueGranted(Server server);

    /**
     * The waiter left its queue without a slot (its server went DOWN or into maintenance, or the last usable
     * server went): run the balancer again. Owner reactor's thread, from {@link QueueInbox}'s drain.
     */
    void onQueueRequeued();
}
