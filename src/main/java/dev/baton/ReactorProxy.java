package dev.baton;

import dev.baton.listener.Listener;
import dev.baton.listener.ListenerRoute;
import dev.baton.pool.ReactorPool;
import dev.baton.reactor.CoalescedCommand;
import dev.baton.reactor.LiveSet;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.ReactorStats;
import dev.baton.stats.cli.RuntimeApi;

/**
 * The one way other threads ask a reactor to do something (DESIGN.md rule 1 and §5 "Reactor proxy", after Aeron's
 * typed proxies): one named method per control command, which runs the owner-side handler on the reactor's thread,
 * at once when called from that thread (as Netty's {@code inEventLoop() ? x() : execute(...)}), else through its
 * command inbox. Every method says what becomes of a command that meets a full inbox:
 * <ul>
 *   <li><b>coalesced</b>: "look again" requests ({@link #resumeListener}, {@link #cleanupToRemove}) go as
 *       {@link CoalescedCommand}s, never refused and never lost, whatever the inbox holds;</li>
 *   <li><b>retried</b>: stop-time commands that must not be lost ({@link #closeListener}, {@link #softStop},
 *       {@link #killAll}, {@link #closeIdlePool}, {@link #closeRuntimeApi}) are retried for up to
 *       {@link #CONTROL_TIMEOUT_MS} ({@link Reactor#executeSurely}); false means the reactor never took it (logged),
 *       and the caller stops waiting for it. They wait, so they are sent from a control thread (the daemon's), never
 *       from another reactor.</li>
 * </ul>
 * No command today may be dropped; one that may (a statistics refresh, say) would use {@link Reactor#execute} and
 * let {@link ReactorStats#commandsRejected} count the refusal. Each refused attempt counts there, retried or not.
 *
 * <p>The one exception to "commands only" is a pool's {@code toRemove} inbox (see {@link ReactorPool}): siblings
 * hand it connections to close under its owner's lock; only the wake-up to drain it goes through here.
 *
 * <p>It sits with the daemon, above the packages whose objects it names, so that {@code reactor/} depends on
 * none of them. The two "look again" wake-ups are also sent by their owners themselves ({@link Listener} when a
 * slot frees, {@link ReactorPool} after a hand-over), with the same coalesced command.
 *
 * <p>Any thread. One per reactor; the targets passed must belong to that reactor.
 */
public final class ReactorProxy {
    /** How long a retried control command may wait for room in the inbox. */
    public static final long CONTROL_TIMEOUT_MS = 1_000;

    private final Reactor reactor;

    public ReactorProxy(final Reactor reactor) {
        this.reactor = reactor;
    }

    /**
     * Asks {@code listener}, paused on {@code maxconn}, to accept again if room is back
     * ({@code Listener#resumeIfRoom}). Coalesced: the listener has left the parked queue already, so this request is
     * the only thing that will wake it.
     */
    public void resumeListener(final Listener listener) {
        assert listener.reactor() == reactor : listener + " sent to " + reactor;
        reactor.executeCoalesced(listener.resumeCommand());
    }

    /**
     * Asks the reactor to run {@code stamp}, a {@link ReactorHeartbeat}'s proof that it still turns its loop.
     * Coalesced: a reactor that is stuck holds one pending beat, however often it is asked.
     */
    public void heartbeat(final CoalescedCommand stamp) {
        reactor.executeCoalesced(stamp);
    }

    /**
     * Gives {@code listener} the route of a reloaded configuration ({@link Listener#reroute}): the next accept
     * follows it. Retried; false if never taken (the listener keeps its old route).
     */
    public boolean reroute(final Listener listener, final ListenerRoute route) {
        assert listener.reactor() == reactor : listener + " sent to " + reactor;
        return reactor.executeSurely(r -> listener.reroute(route), CONTROL_TIMEOUT_MS);
    }

    /**
     * Registers {@code listener}, bound by a reload, so that its reactor accepts from it ({@link Listener#register}).
     * Retried; false if never taken or the registration failed (logged).
     */
    public boolean openListener(final Listener listener) {
        assert listener.reactor() == reactor : listener + " sent to " + reactor;
        return reactor.executeSurely(r -> {
            try {
                listener.register();
            } catch (final java.io.IOException e) {
                org.tinylog.Logger.error("{}: cannot accept: {}", listener, e.getMessage());
                listener.close();
            }
        }, CONTROL_TIMEOUT_MS);
    }

    /** Runs {@code command} on the reactor for a reload's switch (balancers, pools of dropped servers). Retried. */
    public boolean reloadStep(final dev.baton.reactor.ReactorCommand command) {
        return reactor.executeSurely(command, CONTROL_TIMEOUT_MS);
    }

    /** Closes {@code listener} ({@link Listener#close()}): a stop. Retried; false if never taken. */
    public boolean closeListener(final Listener listener) {
        assert listener.reactor() == reactor : listener + " sent to " + reactor;
        return reactor.executeSurely(r -> listener.close(), CONTROL_TIMEOUT_MS);
    }

    /**
     * Asks every stream of the reactor to stop gracefully ({@link LiveSet#softStopAll}); {@code onDrained} runs on
     * the reactor once none is left. Retried; false if never taken (then {@code onDrained} never runs).
     */
    public boolean softStop(final Runnable onDrained) {
        return reactor.executeSurely(r -> r.live().softStopAll(onDrained), CONTROL_TIMEOUT_MS);
    }

    /**
     * Kills every stream of the reactor ({@link LiveSet#killAll}), then runs {@code onDone} on it. Retried; false if
     * never taken (then {@code onDone} never runs).
     */
    public boolean killAll(final Runnable onDone) {
        return reactor.executeSurely(r -> {
            r.live().killAll();
            onDone.run();
        }, CONTROL_TIMEOUT_MS);
    }

    /** Closes every idle connection of {@code pool}, this reactor's ({@link ReactorPool#closeAll}). Retried. */
    public boolean closeIdlePool(final ReactorPool pool) {
        assert pool.reactor() == reactor : "pool of " + pool.reactor() + " sent to " + reactor;
        return reactor.executeSurely(r -> pool.closeAll(), CONTROL_TIMEOUT_MS);
    }

    /**
     * Closes the runtime API's sockets and sessions ({@link RuntimeApi#close()}), which live on reactor 0 (this
     * proxy's reactor must be it). Retried; false if never taken.
     */
    public boolean closeRuntimeApi(final RuntimeApi api) {
        assert reactor.id() == 0 : "the runtime API runs on reactor 0, not " + reactor;
        return reactor.executeSurely(r -> api.close(), CONTROL_TIMEOUT_MS);
    }

    /**
     * Asks the reactor to close what siblings handed to {@code pool}'s {@code toRemove} inbox. Coalesced: many
     * hand-overs, one drain; never lost, so nothing handed over waits for the next hand-over or the stop.
     */
    public void cleanupToRemove(final ReactorPool pool) {
        assert pool.reactor() == reactor : "pool of " + pool.reactor() + " sent to " + reactor;
        reactor.executeCoalesced(pool.cleanupCommand());
    }

    /** Asks the loop to end after its current turn ({@link Reactor#requestStop()}): a flag, never refused. */
    public void stop() {
        reactor.requestStop();
    }

    @Override
    public String toString() {
        return "proxy[" + reactor + "]";
    }
}
