package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.CheckReport;
import dev.baton.backend.Server;
import dev.baton.backend.ServerState;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
import dev.baton.config.CheckRuleset;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.PoolOptions;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.ServerConfig;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;
import dev.baton.io.BufferPool;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.CachedNanoClock;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * One server's check running a given {@link CheckRuleset} on a reactor driven by hand ({@code runOnce(false)})
 * with a hand clock, against real sockets on 127.0.0.1 (inter 1 s, fastinter 200 ms, downinter 5 s, rise 2,
 * fall 3). Test thread only; {@link #close()} stops the check and checks that its sockets were uncounted.
 */
final class CheckRig implements AutoCloseable {
    static final long MS = 1_000_000L;

    final CachedNanoClock clock = new CachedNanoClock();
    final FdBudget fds = new FdBudget(1000);
    final List<String> events = new ArrayList<>();
    final Reactor reactor;
    final Server server;
    final HealthCheck check;

    /**
     * @param timeoutMs the connect's bound; {@code timeouts}: the backend's ({@code timeout check})
     */
    CheckRig(final CheckRuleset rules, final int port, final long timeoutMs, final Timeouts timeouts)
        throws IOException {
        this(rules, port, timeoutMs, timeouts, false);
    }

    /** {@link #CheckRig(CheckRuleset, int, long, Timeouts)} with {@code option log-health-checks} if asked. */
    CheckRig(final CheckRuleset rules, final int port, final long timeoutMs, final Timeouts timeouts,
             final boolean logHealthChecks) throws IOException {
        clock.update(1_000 * MS);
        reactor = new Reactor(0, clock, new BufferPool(1024, 4));
        final SourceLocation where = new SourceLocation("test", 1);
        final Backend backend = new Backend(new ProxyConfig("be", ProxyKind.BACKEND, Mode.TCP, List.of(), 0,
            timeouts, null, BalanceAlgorithm.ROUNDROBIN, 3, Redispatch.OFF, false, false, List.of(),
            HttpOptions.DEFAULT, where, rules).withLogHealthChecks(logHealthChecks));
        final CheckOptions options = new CheckOptions(true, 1000, 200, 5000, 2, 3, 0, null);
        server = new Server(backend, 0, new ServerConfig("s1", "127.0.0.1", port, 1, 0, false, false,
            PoolOptions.DEFAULT, options, where), new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        backend.addServer(server);
        check = new HealthCheck(server, server.address(), reactor, fds, timeoutMs, new CheckEvents() {
            @Override
            public void serverDown(final Server s, final CheckReport report) {
                events.add("DOWN " + report.status());
            }

            @Override
            public void serverUp(final Server s, final CheckReport report) {
                events.add("UP " + report.status());
            }

            @Override
            public void serverStopping(final Server s, final CheckReport report) {
                events.add("NOLB " + report.status());
            }

            @Override
            public void checkLogged(final Server s, final CheckReport report, final ServerState after) {
                events.add(CheckMessages.check(s, report, after));
            }
        });
        reactor.runOnce(false);
        check.start(0);
    }

    /** Advances the clock by {@code ms} and turns until the check that may have begun has its outcome. */
    void advance(final long ms) {
        clock.advance(ms * MS);
        reactor.runOnce(false);
        await().pollInSameThread().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
            .until(() -> {
                reactor.runOnce(false);
                return !check.inProgress();
            });
    }

    /** Turns the reactor, the clock held, until the check's connection is established. */
    void awaitConnected() {
        await().pollInSameThread().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5)).until(() -> {
            reactor.runOnce(false);
            return check.awaitingResponse();
        });
    }

    /** Turns the reactor a few times without moving the clock (lets bytes in flight arrive). */
    void spin(final int turns) {
        for (int i = 0; i < turns; i++) {
            reactor.runOnce(false);
        }
    }

    CheckReport last() {
        return server.lastCheck();
    }

    @Override
    public void close() throws IOException {
        check.stop();
        if (fds.open() != 0) {
            throw new AssertionError("the check's sockets are closed and uncounted, " + fds.open() + " open");
        }
        reactor.selector().close();
    }
}
