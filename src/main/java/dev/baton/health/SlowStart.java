package dev.baton.health;

import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.reactor.CoalescedCommand;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.TimerHandler;

/**
 * {@code slowstart T} for one server, HAProxy's server_recalc_eweight and its warm-up task: when the server
 * comes back UP or out of maintenance (never at start-up), its effective weight starts at one sixteenth of its weight and grows with
 * the whole seconds elapsed, {@code factor = (16 * elapsed + T) / T} sixteenths, to the full weight once
 * {@code T} seconds have passed; it is recomputed every second. Only HAProxy's dynamic algorithms (roundrobin,
 * leastconn, first, random) ramp; static-rr and source give the full weight at once.
 *
 * <p>While the server is DOWN or in maintenance its factor rests at the first step, so that every reactor's balancer, which reads
 * it on each pick ({@link Server#eweight()}), sees the ramp from the instant the server is UP again, before this
 * object hears of it. The one writer of the factor is the reactor that owns the server's check, where the
 * transitions are reported; the timer runs there too.
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
    /** Whether the server was in maintenance when the owner last looked (see {@link #maintChanged}). */
    private boolean inMaint;
    private final CoalescedCommand lookAtMaint = new CoalescedCommand(r -> maintChanged(r.nowNs()));

    SlowStart(final Server server, final Reactor owner) {
        this.server = server;
        this.owner = owner;
        this.seconds = server.config().reactions().slowstartSec();
        this.ramps = dynamic(server.backend().config().balance());
        this.inMaint = server.isDisabled();
        if (inMaint && ramps) {
            server.rampFactor(factor(0, seconds)); // start-up, before the reactors: rests as in any maintenance
        }
    }

    /** Starts listening to the server's maintenance: leaving it is coming back UP, as HAProxy warms it up. */
    void listen() {
        server.onMaintChange(() -> owner.executeCoalesced(lookAtMaint));
    }

    /**
     * The server entered or left maintenance (told from any thread, looked at here on the owner): entering it
     * rests the ramp as DOWN does; leaving it, UP, starts the warm-up. Owner reactor.
     */
    void maintChanged(final long nowNs) {
        final boolean now = server.isDisabled();
        if (now == inMaint) {
            return;
        }
        inMaint = now;
        if (now) {
            down();
        } else if (server.isRunning()) {
            up(nowNs);
        }
    }

    /** The reactor that owns the server's check, and this. */
    Reactor owner() {
        return owner;
    }

    /** Whether HAProxy's algorithm {@code a} is a dynamic one (BE_LB_PROP_DYN), the kind slowstart ramps. */
    static boolean dynamic(final BalanceAlgorithm a) {
        return a != BalanceAlgorithm.STATIC_RR && a != BalanceAlgorithm.SOURCE;
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
        cancel();
        if (ramps) {
            server.rampFactor(factor(0, seconds));
        }
    }

    /** The server came UP at {@code nowNs}: the warm-up starts. Owner reactor. */
    void up(final long nowNs) {
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
