package dev.baton.health;

import dev.baton.backend.Backend;
import dev.baton.backend.CheckReport;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import dev.baton.config.CheckOptions;
import dev.baton.config.HttpOptions;
import dev.baton.config.Mode;
import dev.baton.config.PoolOptions;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ProxyKind;
import dev.baton.config.Redispatch;
import dev.baton.config.ServerConfig;
import dev.baton.config.ServerReactions;
import dev.baton.config.SourceLocation;
import dev.baton.config.Timeouts;
import dev.baton.io.BufferPool;
import dev.baton.io.FdBudget;
import dev.baton.reactor.Reactor;
import org.agrona.concurrent.CachedNanoClock;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * What the server-state tests share: a hand clock at 1000 s, a reactor turned by hand on it, an FD budget, HTTP
 * backends built in memory, and {@link CheckEvents} that record HAProxy's lines ({@link CheckMessages}) in
 * {@link #events}. Test thread only; {@link #close} closes the reactor's selector.
 */
final class StateRig implements AutoCloseable {
    static final long MS = 1_000_000L;
    static final SourceLocation WHERE = new SourceLocation("test", 1);

    final CachedNanoClock clock = new CachedNanoClock();
    final FdBudget fds = new FdBudget(1000);
    final List<String> events = new ArrayList<>();
    final Reactor reactor;
    final CheckEvents recorder = new CheckEvents() {
        @Override
        public void serverDown(final Server s, final CheckReport report) {
            events.add(CheckMessages.down(s, report));
        }

        @Override
        public void serverUp(final Server s, final CheckReport report) {
            events.add(CheckMessages.up(s, report));
        }

        @Override
        public void serverStopping(final Server s, final CheckReport report) {
            events.add(CheckMessages.stopping(s, report));
        }
    };

    StateRig() throws IOException {
        clock.update(1_000_000 * MS);
        reactor = new Reactor(0, clock, new BufferPool(1024, 4));
        reactor.runOnce(false);
    }

    /** An HTTP backend named {@code name}, balanced by {@code algorithm}. */
    static Backend backend(final String name, final BalanceAlgorithm algorithm) {
        return new Backend(new ProxyConfig(name, ProxyKind.BACKEND, Mode.HTTP, List.of(), 0, Timeouts.NONE, null,
            algorithm, 3, Redispatch.OFF, false, false, List.of(), HttpOptions.DEFAULT, WHERE, null));
    }

    /** Adds server {@code name} to {@code backend}, at 127.0.0.1:{@code port}. */
    static Server server(final Backend backend, final String name, final int port, final int weight,
                         final boolean backup, final CheckOptions check, final ServerReactions reactions) {
        final Server s = new Server(backend, backend.servers().size(), new ServerConfig(name, "127.0.0.1", port, weight,
            0, backup, false, PoolOptions.DEFAULT, check, reactions, WHERE),
            new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        backend.addServer(s);
        return s;
    }

    @Override
    public void close() throws IOException {
        reactor.selector().close();
    }
}
