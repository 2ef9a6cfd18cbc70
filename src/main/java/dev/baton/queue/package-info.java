/**
 * Server and backend queues: streams waiting for a free slot of a server with {@code maxconn} (issue 12,
 * design in docs/queues.md).
 *
 * <p>Contract of the package so far (step 3 of the note's order of work):
 * <ul>
 *   <li>{@link dev.baton.queue.QueueEntry}: one waiting stream; linked in at most one queue at a time, and it
 *       knows which one and at which heap index.</li>
 *   <li>{@link dev.baton.queue.PendingQueue}: the waiting entries of one server or one backend, served
 *       smallest key first: priority class, then enqueue time in ms plus priority offset, then insertion
 *       order (HAProxy's order, docs/queues.md Q6). Add, poll and the removal of an arbitrary entry (a client
 *       that aborts while queued) are O(log n) and allocate nothing once the array has grown.</li>
 * </ul>
 * Nothing here is thread-safe by itself: every queue of a backend and the queue fields of every entry linked
 * in them are guarded by that backend's queue lock (docs/queues.md §2.2), which the owner of the queues
 * (a later step) holds around every call. Nothing outside this package uses it yet.
 */
package dev.baton.queue;
