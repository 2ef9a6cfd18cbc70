package dev.baton.listener;

import dev.baton.io.Endpoint;
import dev.baton.reactor.Reactor;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;

/** What the tests that drive a listener's reactor by hand share. Test thread (the reactor's). */
final class HandDriven {
    /** One frontend on 127.0.0.1 (the tests bind their own listener) and a backend nobody reaches. */
    static final String CONFIG = """
        frontend fe
            bind 127.0.0.1:8080
            default_backend be
        backend be
            server s1 127.0.0.1:9
        """;

    private HandDriven() {
    }

    /** Closes what a test opened: the clients it accepted and connected, the listener, then the reactor's selector. */
    static void closeAll(final List<Endpoint> accepted, final List<SocketChannel> clients, final Listener listener,
                         final Reactor reactor) throws IOException {
        accepted.forEach(Endpoint::close);
        for (final SocketChannel c : clients) {
            c.close();
        }
        listener.close();
        reactor.runOnce(false);
        reactor.selector().close();
    }
}
