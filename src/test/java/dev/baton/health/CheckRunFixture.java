package dev.baton.health;

import dev.baton.support.Sockets;
import dev.baton.config.CheckRuleset;
import dev.baton.config.ConfigException;
import dev.baton.config.ConfigLoader;
import dev.baton.support.BlockingServer;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the rule-engine tests share: the {@link CheckRig} under test and the servers it checks, all closed after
 * each test, and the ruleset of a backend written as configuration lines.
 */
abstract class CheckRunFixture {
    private final List<AutoCloseable> closeLater = new ArrayList<>();
    CheckRig rig;

    @AfterEach
    void closeRigAndServers() throws Exception {
        if (rig != null) {
            rig.close();
        }
        for (final AutoCloseable c : closeLater) {
            c.close();
        }
    }

    /** A scripted server, closed after the test. */
    BlockingServer server(final BlockingServer.Handler h) throws IOException {
        return closeLater(BlockingServer.start("chk", h));
    }

    /** {@code c}, closed after the test. */
    <T extends AutoCloseable> T closeLater(final T c) {
        closeLater.add(c);
        return c;
    }

    /** The ruleset of a backend with {@code lines}. */
    static CheckRuleset rules(final String... lines) throws ConfigException {
        final StringBuilder sb = new StringBuilder("backend b\n");
        for (final String l : lines) {
            sb.append(l).append('\n');
        }
        return ConfigLoader.parse("t.cfg", sb.toString(), Map.of()).proxies().get(0).checks();
    }

    /** Writes {@code greeting} on accept, then answers each line read with {@code reply} until the client leaves. */
    static BlockingServer.Handler speaker(final String greeting, final String reply) {
        return socket -> {
            final OutputStream out = socket.getOutputStream();
            out.write(greeting.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            final InputStream in = socket.getInputStream();
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    out.write(reply.getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
            }
        };
    }

    /** Reads a request up to the end of its head, answers {@code response} and closes. */
    static BlockingServer.Handler responder(final String response) {
        return socket -> {
            final InputStream in = socket.getInputStream();
            int state = 0; // how much of CR LF CR LF has been seen
            int b;
            while (state < 4 && (b = in.read()) >= 0) {
                state = b == (state % 2 == 0 ? '\r' : '\n') ? state + 1 : b == '\r' ? 1 : 0;
            }
            final OutputStream out = socket.getOutputStream();
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        };
    }

    /** A port where a connect is refused. */
    static int closedPort() throws IOException {
        return Sockets.unusedPort();
    }
}
