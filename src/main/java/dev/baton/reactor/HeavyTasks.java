package dev.baton.reactor;

import org.tinylog.Logger;

import java.util.ArrayDeque;

/**
 * A reactor's heavy work waiting for its slot, oldest first: one task per loop turn, after the turn's events,
 * commands and timers ({@link Reactor#queueHeavy}). Reactor thread only.
 */
final class HeavyTasks {
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    /** A heavy task ran in this turn already: the next one waits for the next turn. */
    private boolean ranThisTurn;

    /** A new turn begins: its heavy slot is free. */
    void newTurn() {
        ranThisTurn = false;
    }

    /** Queues {@code task}; true when it will run in this turn's slot. */
    boolean add(final Runnable task) {
        final boolean thisTurn = queue.isEmpty() && !ranThisTurn;
        queue.addLast(task);
        return thisTurn;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    int size() {
        return queue.size();
    }

    /** Runs the oldest task, if any, in this turn's slot; whether one ran. {@code reactorId}: for the log. */
    boolean runOne(final int reactorId) {
        final Runnable task = queue.pollFirst();
        if (task == null) {
            return false;
        }
        ranThisTurn = true;
        try {
            task.run();
        } catch (final RuntimeException e) {
            Logger.error(e, "reactor {}: heavy task failed", reactorId + 1);
        }
        return true;
    }
}
