package dev.baton.tcp;

import dev.baton.config.BindConfig;
import dev.baton.config.ConfigException;
import dev.baton.config.ConfigLoader;
import dev.baton.support.Sockets;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Bind address forms and options as HAProxy reads them: family prefixes, port ranges, name, id, backlog. */
class BindOptionsTest {
    private final TcpRig rig = new TcpRig();

    @AfterEach
    void tearDown() throws Exception {
        rig.close();
    }

    private static List<BindConfig> binds(final String bindLine) throws ConfigException {
        return ConfigLoader.parse("t.cfg", TcpConfigs.header(1) + "listen fe\n    " + bindLine
            + "\n    server s1 127.0.0.1:9\n", Map.of()).frontends().get(0).binds();
    }

    private static List<String> errors(final String bindLine) {
        final ConfigException e = assertThrows(ConfigException.class, () -> binds(bindLine));
        final List<String> out = new ArrayList<>();
        e.errors().forEach(err -> out.add(err.message()));
        return out;
    }

    @Test
    void familyPrefixesRangesAndOptions() throws ConfigException {
        final List<BindConfig> range = binds("bind ipv4@:8000-8002,ipv6@[::1]:9000 name web id 7 backlog 64 v4v6");
        assertEquals(List.of("0.0.0.0:8000", "0.0.0.0:8001", "0.0.0.0:8002", "[::1]:9000"),
            range.stream().map(BindConfig::display).toList());
        assertEquals("web", range.get(0).name());
        assertEquals(7, range.get(3).id());
        assertEquals(64, range.get(1).backlog());
        assertEquals("[::]:80", binds("bind ipv6@:80").get(0).display());
    }

    @Test
    void refusedFormsSayWhy() {
        assertEquals(List.of("bind option 'v6only' needs IPV6_V6ONLY, which the JDK cannot set on a listening "
            + "socket; bind explicit IPv6 addresses, or set net.ipv6.bindv6only=1"), errors("bind :80 v6only"));
        assertEquals(List.of("bind option 'npn' is refused: NPN is obsolete and baton's TLS engine offers ALPN only; "
            + "use 'alpn http/1.1'"), errors("bind :443 ssl crt /x.pem npn h2"));
        assertEquals(List.of("bind address 'unix@/run/x.sock': Unix-socket and inherited-socket binds are not "
            + "supported yet; bind a TCP address"), errors("bind unix@/run/x.sock"));
        assertEquals(List.of("bind address '*:90-80': the port range ends before it starts"), errors("bind *:90-80"));
        assertEquals(1, errors("bind ipv4@[::1]:80").size(), "an IPv6 address under ipv4@");
    }

    @Test
    void everyPortOfARangeServes() throws Exception {
        final int first = twoFreePorts();
        final TcpEchoServer echo = rig.echoServer("s1");
        rig.start(TcpConfigs.header(2) + "listen fe\n    bind ipv4@127.0.0.1:" + first + "-" + (first + 1)
            + " backlog 16\n    server s1 127.0.0.1:" + echo.port() + "\n");
        for (final int port : List.of(first, first + 1)) {
            try (Socket s = Sockets.connect(port)) {
                Sockets.roundTrip(s, "through " + port);
            }
        }
    }

    /** A port whose next port is free too (checked by binding both, then releasing them). */
    private static int twoFreePorts() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            final int p = Sockets.unusedPort();
            if (p >= 65535) {
                continue;
            }
            try (ServerSocket a = new ServerSocket(p); ServerSocket b = new ServerSocket(p + 1)) {
                if (a.getLocalPort() + 1 == b.getLocalPort()) {
                    return p;
                }
            } catch (final IOException taken) {
                // try another
            }
        }
        throw new IOException("no two consecutive free ports");
    }
}
