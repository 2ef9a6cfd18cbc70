package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;

/**
 * The {@link CheckEvents} of a server with {@code slowstart}: its {@link SlowStart} hears each transition first
 * (a warm-up starts at UP, stops at DOWN), then the events it wraps. On the check's reactor, the slowstart's owner.
 */
final class SlowStartEvents implements CheckEvents {
    private final SlowStart slowStart;
    private final CheckEvents next;

    SlowStartEvents(final SlowStart slowStart, final CheckEvents next) {
        this.slowStart = slowStart;
        this.next = next;
    }

    @Override
    public void serverDown(final Server server, final CheckReport report) {
        slowStart.down();
        next.serverDown(server, report);
    }

    @Override
    public void serverUp(final Server server, final CheckReport report) {
        slowStart.up(slowStart.owner().nowNs());
        next.serverUp(server, report);
    }

    @Override
    public void serverStopping(final Server server, final CheckReport report) {
        next.serverStopping(server, report);
    }

    @Override
    public void checkLogged(final Server server, final CheckReport report, final ServerState after) {
        next.checkLogged(server, report, after);
    }
}
