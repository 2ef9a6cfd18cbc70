package dev.baton.health;

import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.BalanceParams;
import dev.baton.reactor.CoalescedCommand;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code slowstart T} for one server, HAProxy's server_recalc_eweight and its warm-up task: when the server
 * comes back UP (by its check, its tracked server or the runtime API: checked or not, as HAProxy's srv_set_running)
 * or out of maintenance (never at start-up), its effective weight starts at one sixteenth of its weight and grows with
 * the whole seconds elapsed, {@code factor = (16 * elapsed + T) / T} sixteenths, to the full weight once
 * {@code T} seconds have passed; it is recomputed every second. Only HAProxy's dynamic algorithms (roundrobin,
 * leastconn, first, random) ramp; static-rr and source give the full weight at once.
 *
 * <p>While the server is DOWN or in maintenance its factor rests at the first step, so that every reactor's balancer, which reads
 * it on each pick ({@link Server#eweight()}), sees the ramp from the instant the server is UP again, before this
 * object hears of it. The one writer of the factor is its owner reactor ({@link CheckTransitions} chooses it),
 * told of each transition by {@link #changed}; the timer runs there too.
 */
final class SlowStart implements TimerHandler {
    /** HAProxy steps the warm-up at most once a second (MAX(1000 ms, T / 20) with T in seconds). */
    static final long STEP_NS = 1_000_000_000L;

    private final Server server;
    private final Reactor owner;
    private final int seconds;
    private final boolean ramps;
    private long startNs;
    private long timerId = -1;
    /** Whether the server was UP and out of maintenance when the owner last looked (see {@link #look}). */
    private boolean serving;
    /** How many times the server was told UP ({@link #cameUp}); any thread writes, the owner reads. */
    private final AtomicInteger upsTold = new AtomicInteger();
    /** {@link #upsTold} when the owner last looked. Owner only. */
    private int upsSeen;
    private final CoalescedCommand lookCommand = new CoalescedCommand(r -> look(r.nowNs()));

    /** Start-up, before the reactors run; {@code owner} is the reactor that will own the warm-up's timer. */
    SlowStart(final Server server, final Reactor owner) {
        this.server = server;
        this.owner = owner;
        this.seconds = server.config().reactions().slowstartSec();
        this.ramps = !server.backend().config().extras().balanceParams().isStatic(server.backend().config().balance());
        this.serving = server.isRunning() && !server.isDisabled();
        if (!serving && ramps) {
            server.rampFactor(factor(0, seconds)); // rests as in any DOWN or maintenance
        }
    }

    /** Starts listening to the server's maintenance: leaving it is coming back UP, as HAProxy warms it up. */
    void listen() {
        server.onMaintChange(this::changed);
    }

    /**
     * The server's state changed (any thread): the owner looks at it, at once when this is the owner's thread,
     * else through a coalesced command that is never refused.
     */
    void changed() {
        if (owner.inReactorThread()) {
            look(owner.nowNs());
        } else {
            owner.executeCoalesced(lookCommand);
        }
    }

    /** The server was told UP (a check, the runtime API, its tracked server): a warm-up starts over. Any thread. */
    void cameUp() {
        upsTold.incrementAndGet();
        changed();
    }

    /**
     * Compares the server's state with the one last seen: UP out of maintenance after an UP or after leaving
     * maintenance starts the warm-up, DOWN or in maintenance rests it. Owner reactor.
     */
    void look(final long nowNs) {
        final boolean now = server.isRunning() && !server.isDisabled();
        final int ups = upsTold.get();
        if (now && (!serving || ups != upsSeen)) {
            up(nowNs);
        } else if (!now && serving) {
            down();
        }
        upsSeen = ups;
    }

    /**
     * Whether HAProxy's algorithm {@code a} is a dynamic one (BE_LB_PROP_DYN), the kind slowstart ramps, under the
     * default {@code hash-type} (map-based: the hashes are static; consistent hashing is dynamic).
     */
    static boolean dynamic(final BalanceAlgorithm a) {
        return !BalanceParams.DEFAULT.isStatic(a);
    }

    /** The factor, in sixteenths, {@code elapsedNs} after the server came UP, for a slowstart of {@code t} s. */
    static int factor(final long elapsedNs, final int t) {
        final long elapsedSec = elapsedNs / 1_000_000_000L;
        if (elapsedSec >= t) {
            return Server.FULL_RAMP;
        }
        return (int) ((Server.FULL_RAMP * elapsedSec + t) / t);
    }

    /** The server went DOWN: any warm-up stops, the factor rests at the first step. Owner reactor. */
    void down() {
        serving = false;
        cancel();
        if (ramps) {
            server.rampFactor(factor(0, seconds));
        }
    }

    /** The server came UP at {@code nowNs}: the warm-up starts. Owner reactor. */
    void up(final long nowNs) {
        serving = true;
        cancel();
        if (!ramps) {
            return;
        }
        startNs = nowNs;
        step(nowNs);
    }

    @Override
    public void onTimer(final long nowNs, final long firedId) {
        if (firedId != timerId) {
            return;
        }
        timerId = -1;
        step(nowNs);
    }

    /** Whether the warm-up is under way. Owner reactor (tests). */
    boolean warming() {
        return timerId != -1;
    }

    private void step(final long nowNs) {
        final int f = factor(nowNs - startNs, seconds);
        server.rampFactor(f);
        if (f < Server.FULL_RAMP) {
            timerId = owner.timers().schedule(nowNs + STEP_NS, this);
        }
    }

    private void cancel() {
        if (timerId != -1) {
            owner.timers().cancel(timerId);
            timerId = -1;
        }
    }
}
