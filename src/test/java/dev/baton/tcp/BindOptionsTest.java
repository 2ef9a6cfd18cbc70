package dev.baton.tcp;

import dev.baton.config.BindConfig;
import dev.baton.config.BindOptions;
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
        assertEquals(List.of("bind option 'npn' is refused: NPN is obsolete and baton's TLS engine offers ALPN only; "
            + "use 'alpn http/1.1'"), errors("bind :443 ssl crt /x.pem npn h2"));
        assertEquals(List.of("bind address '*:90-80': the port range ends before it starts"), errors("bind *:90-80"));
        assertEquals(1, errors("bind ipv4@[::1]:80").size(), "an IPv6 address under ipv4@");
        assertEquals(List.of("address 'sockpair@3': sockpair@ receives sockets over a socketpair from HAProxy's "
            + "master process, which baton does not have; have the supervisor pass a listening socket as fd@N, or "
            + "bind unix@PATH"), errors("bind sockpair@3"));
        assertEquals(List.of("file descriptor 'x' is not a valid integer in 'fd@x'"), errors("bind fd@x"));
        assertEquals(List.of("socket path 'unix@/" + "x".repeat(58) + "...' too long (max 97)"),
            errors("bind unix@/" + "x".repeat(97))); // echo cut at 64
        assertEquals(List.of("bind option 'namespace' is not supported: the JVM cannot open one socket in another "
            + "network namespace; run baton inside that namespace (ip netns exec NAME, or systemd's "
            + "NetworkNamespacePath=)"), errors("bind :80 namespace blue"));
        assertEquals(1, errors("bind :80 nice 10").size());
        assertEquals(1, errors("bind :80 accept-netscaler-cip 1234").size());
        assertEquals(List.of("'bind thread' expects a thread set such as 1, 2-4, all, odd or even, got '3-1'"),
            errors("bind :80 thread 3-1"));
        assertEquals(List.of("'process 2': only process 1 exists"), errors("bind :80 process 2"));
        assertEquals(List.of("'bind user' : unknown user name 'no-such-user'"),
            errors("bind /run/x.sock user no-such-user"));
        assertEquals(List.of("'bind mode' expects an octal mode such as 660, got '8'"), errors("bind /run/x mode 8"));
    }

    @Test
    void unixAbstractAndInheritedAddressesAndSocketOptions() throws ConfigException {
        final List<BindConfig> b = binds("bind unix@/run/a.sock,/run/b.sock,abns@web,fd@3 mode 660 uid 7 gid 8 "
            + "maxconn 5 thread 2-3 defer-accept tfo mss -40 transparent interface eth0 tcp-ut 2s v6only");
        assertEquals(List.of("unix@/run/a.sock", "unix@/run/b.sock", "abns@web", "fd@3"),
            b.stream().map(BindConfig::display).toList());
        assertEquals(List.of(BindConfig.Family.UNIX, BindConfig.Family.UNIX, BindConfig.Family.ABNS,
            BindConfig.Family.FD), b.stream().map(BindConfig::family).toList());
        final BindOptions o = b.get(0).options();
        assertEquals(new BindOptions(5, 0b110, true, true, "eth0", -40, true, true, 2000, 0660, 7, 8), o);
        assertEquals(0x5555555555555555L, binds("bind :80 thread odd").get(0).options().threads());
        assertEquals(1L << 63 | 1L << 62, binds("bind :80 thread 63-").get(0).options().threads());
        assertEquals(0b10, binds("bind :80 process 1/2").get(0).options().threads());
        assertEquals(0b1, binds("bind :80 thread 1/1").get(0).options().threads());
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
