package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Observed;
import dev.baton.backend.PassiveHealth;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.ServerReactions.OnError;
import dev.baton.reactor.CoalescedCommand;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code on-error} for one checked server with {@code observe}, HAProxy's health_adjust once the traffic's
 * consecutive errors reach {@code error-limit}: the stream's reactor that saw the last error records it and
 * asks, through a coalesced command made once, the reactor that owns the server's check to act, so that the
 * check's state is only ever touched by its owner (DESIGN.md §2). There, {@code fail-check},
 * {@code sudden-death} and {@code mark-down} apply a failed check of status {@link CheckStatus#HANA}
 * ("Health analyze", info {@code Detected N consecutive errors, last one was: ...}, no duration) through
 * {@link Server#applyObserved}, logged and reported as a check's failure is; every mode then brings the next
 * check forward to {@code fastinter} when it is set. Limits reached before the owner runs are each applied, with
 * the last one's figures in the text.
 */
final class ObservedErrors implements PassiveHealth.LimitAction {
    private final HealthCheck check;
    private final CheckEvents events;
    private final OnError onError;
    private final CoalescedCommand act = new CoalescedCommand(r -> act(r.nowNs()));
    /** Limits reached and not yet acted on: each is one failed check, as in HAProxy. */
    private final AtomicInteger pending = new AtomicInteger();
    /** The figures of the last limit reached; written by a stream's reactor, read by the owner's command. */
    private volatile int count;
    private volatile Observed last;

    private ObservedErrors(final HealthCheck check, final CheckEvents events) {
        this.check = check;
        this.events = events;
        this.onError = check.server().config().reactions().onError();
    }

    /** Connects {@code check}'s server's passive analysis, if it observes, to the check. Start-up. */
    static void wire(final HealthCheck check, final CheckEvents events) {
        final PassiveHealth passive = check.server().passive();
        if (passive.observing()) {
            passive.onLimit(new ObservedErrors(check, events));
        }
    }

    /** The limit was reached on a stream's reactor: the check's owner acts. Must not block; allocates nothing. */
    @Override
    public void reached(final int errors, final Observed lastError) {
        this.last = lastError;
        this.count = errors;
        pending.incrementAndGet();
        check.reactor().executeCoalesced(act);
    }

    /** Applies {@code on-error}. The check's owner reactor. */
    void act(final long nowNs) {
        for (int n = pending.getAndSet(0); n > 0; n--) {
            apply(nowNs);
        }
        check.hasten(nowNs);
    }

    private void apply(final long nowNs) {
        if (onError != OnError.FASTINTER) {
            final Server server = check.server();
            final CheckReport report = new CheckReport(CheckStatus.HANA, -1, info(count, last));
            final ServerState[] change = server.applyObserved(onError == OnError.SUDDEN_DEATH,
                onError == OnError.MARK_DOWN, report, nowNs);
            if (server.backend().config().logHealthChecks()
                && CheckMessages.logsCheck(server, report, change[0], change[1])) {
                events.checkLogged(server, report, change[1]);
            }
            if (change[0].running() && !change[1].running()) {
                events.serverDown(server, report);
            }
        }
    }

    /** HAProxy's info text of the failure on-error makes. */
    static String info(final int errors, final Observed lastError) {
        return "Detected " + errors + " consecutive errors, last one was: " + lastError.description();
    }
}
