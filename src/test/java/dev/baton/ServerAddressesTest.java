package dev.baton;

import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import dev.baton.support.TcpConfig;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Server address resolution, shared by start-up and {@code baton -c}: both report the same
 * {@code FILE:LINE:} lines, and the daemon refuses to start on them before binding anything.
 */
class ServerAddressesTest {
    private static BatonConfig config(final String servers) throws Exception {
        return ConfigLoader.parse("t.cfg", TcpConfig.of("nbthread 1", 0, servers), Map.of());
    }

    @Test
    void resolvesLiteralsAndNames() throws Exception {
        final BatonConfig config = config("server s1 127.0.0.1:9001\nserver s2 localhost:9002");
        final ServerAddresses addresses = ServerAddresses.resolve(config);

        assertEquals(List.of(), addresses.errors());
        assertEquals(new InetSocketAddress("127.0.0.1", 9001), addresses.of(config.backend("be").servers().get(0)));
        assertEquals(9002, addresses.of(config.backend("be").servers().get(1)).getPort());
    }

    @Test
    void theDaemonRefusesToStartWithTheLinesCheckPrints() throws Exception {
        final BatonConfig config = config("server s1 127.0.0.1:9001\nserver s2 -127.0.0.1:9001");
        final List<String> expected = List.of("t.cfg:13: server 'be/s2': could not resolve address '-127.0.0.1'");
        assertEquals(expected, ServerAddresses.resolve(config).errors());

        final StartupException e = assertThrows(StartupException.class, () -> new Daemon(config).close());
        assertEquals(expected, e.problems());
    }
}
