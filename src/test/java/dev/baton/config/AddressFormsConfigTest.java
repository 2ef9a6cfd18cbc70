package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parsing of the address forms and their companions: server addresses (Unix, abstract, mapped ports) with
 * HAProxy's refusals, checks of mapped-port servers, global {@code unix-bind}, proxy {@code backlog}, and binds
 * sharing an address on disjoint threads.
 */
class AddressFormsConfigTest {
    private static final String HEAD = "defaults\n    timeout connect 1s\n    timeout client 1s\n    timeout server 1s";

    private static List<ServerConfig> servers(final String... serverLines) throws ConfigException {
        final String[] all = new String[serverLines.length + 3];
        all[0] = HEAD;
        all[1] = "listen fe";
        all[2] = "    bind 127.0.0.1:8000";
        for (int i = 0; i < serverLines.length; i++) {
            all[3 + i] = "    " + serverLines[i];
        }
        return ConfigTexts.parse(all).proxies().get(0).servers();
    }

    @Test
    void serverAddressForms() throws ConfigException {
        final List<ServerConfig> s = servers("server a unix@/run/a.sock", "server b /run/b.sock",
            "server c abns@app", "server d 10.0.0.1", "server e 10.0.0.1:+100", "server f ipv4@10.0.0.1:-5",
            "server g 10.0.0.1:", "server h app.internal:80");
        assertEquals("/run/a.sock", s.get(0).path());
        assertEquals("/run/b.sock", s.get(1).path());
        assertEquals(List.of(true, true, true, false), s.subList(0, 4).stream().map(ServerConfig::isUnix).toList());
        assertEquals(true, s.get(2).abns());
        assertEquals(List.of(false, false, false, true, true, true, true, false),
            s.stream().map(ServerConfig::mapPorts).toList());
        assertEquals(List.of(0, 100, -5, 0, 80), s.subList(3, 8).stream().map(ServerConfig::port).toList());
    }

    @Test
    void theWildcardAddressIsThisHostAsInHaproxy() throws ConfigException {
        // HAProxy 2.6's 'show servers state' shows these as 0.0.0.0, 0.0.0.0 and ::; Linux connects them locally.
        final List<ServerConfig> s = servers("server a *:9900", "server b :9901", "server c ipv6@*:9902",
            "server d *");
        assertEquals(List.of("0.0.0.0:9900", "0.0.0.0:9901", ":::9902", "0.0.0.0:0"),
            s.stream().map(x -> x.host() + ":" + x.port()).toList());
        assertEquals(true, s.get(3).mapPorts());
    }

    @Test
    void serverAddressRefusals() {
        assertEquals(List.of("t.cfg:7: a file descriptor is not acceptable here in 'fd@3'"),
            ConfigTexts.errors(HEAD, "listen fe", "    bind 127.0.0.1:8000", "    server a fd@3"));
        assertEquals(1, ConfigTexts.errors(HEAD, "listen fe", "    bind 127.0.0.1:8000", "    server a sockpair@3")
            .size());
        assertEquals(List.of("t.cfg:7: invalid character '+' in port number '+x' in '10.0.0.1:+x'"),
            ConfigTexts.errors(HEAD, "listen fe", "    bind 127.0.0.1:8000", "    server a 10.0.0.1:+x"));
    }

    @Test
    void aCheckedServerFollowingTheClientsPortNeedsACheckPort() throws ConfigException {
        assertEquals(List.of("t.cfg:7: config: listen 'fe': server 'a' has neither service port nor check port."),
            ConfigTexts.errors(HEAD, "listen fe", "    bind 127.0.0.1:8000", "    server a 10.0.0.1 check"));
        assertEquals(List.of("t.cfg:7: config: listen 'fe': server 'a' has neither service port nor check port "
                + "nor tcp_check rule 'connect' with port information."),
            ConfigTexts.errors(HEAD, "listen fe", "    bind 127.0.0.1:8000", "    server a 10.0.0.1:+1 check",
                "    option tcp-check", "    tcp-check send ping\\r\\n"));
        assertEquals(2, servers("server a 10.0.0.1 check port 80", "server u unix@/run/u.sock check").size(),
            "a check port, or a Unix server, is enough");
        assertEquals(1, ConfigTexts.parse(HEAD, "listen fe", "    bind 127.0.0.1:8000", "    option tcp-check",
            "    tcp-check connect port 81", "    server a 10.0.0.1 check").proxies().get(0).servers().size());
    }

    @Test
    void unixBindGlobalAndProxyBacklog() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse("global", "    unix-bind prefix /run/baton/ mode 770 uid 5 gid 6",
            HEAD, "    backlog 77", "frontend fe", "    bind 127.0.0.1:8000", "    bind 127.0.0.1:8001 backlog 5",
            "    default_backend be", "backend be", "    server s 127.0.0.1:80");
        assertEquals(new UnixBindSettings("/run/baton/", 0770, 5, 6), c.global().unixBind());
        assertEquals(List.of(77, 5), c.frontends().get(0).binds().stream().map(BindConfig::backlog).toList());
        assertEquals("/run/baton/app.sock", c.global().unixBind().path("app.sock"));
        assertEquals(List.of("t.cfg:2: 'unix-bind' only supports the 'prefix', 'mode', 'uid', 'gid', 'user' and "
            + "'group' options."), ConfigTexts.errors("global", "    unix-bind frob 1"));
        assertEquals(List.of("t.cfg:2: 'unix-bind user' : unknown user name 'no-such-user'"),
            ConfigTexts.errors("global", "    unix-bind user no-such-user"));
    }

    @Test
    void bindsMayShareAnAddressOnDisjointThreads() throws ConfigException {
        assertEquals(2, ConfigTexts.parse(HEAD, "frontend fe", "    bind 127.0.0.1:8000 thread 1",
            "    bind 127.0.0.1:8000 thread 2", "    default_backend be", "backend be", "    server s 127.0.0.1:80")
            .frontends().get(0).binds().size());
        assertEquals(1, ConfigTexts.errors(HEAD, "frontend fe", "    bind 127.0.0.1:8000 thread 1-2",
            "    bind 127.0.0.1:8000 thread 2", "    default_backend be", "backend be", "    server s 127.0.0.1:80")
            .size());
        assertEquals(1, ConfigTexts.errors(HEAD, "frontend fe", "    bind unix@/run/x.sock",
            "    bind /run/x.sock", "    default_backend be", "backend be", "    server s 127.0.0.1:80").size());
    }

    @Test
    void streamPrefixesOfHaproxy26() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(HEAD, "listen fe", "    bind tcp4@:8000,tcp6@[::1]:8001,tcp@127.0.0.1:8002",
            "    server a tcp@10.0.0.1:80", "    server b ip@10.0.0.2:81");
        assertEquals(List.of("0.0.0.0:8000", "[::1]:8001", "127.0.0.1:8002"),
            c.proxies().get(0).binds().stream().map(BindConfig::display).toList());
        assertEquals(List.of("10.0.0.1", "10.0.0.2"), c.proxies().get(0).servers().stream().map(ServerConfig::host)
            .toList());
        final StatsSocketConfig every = ConfigTexts.parseGlobal("stats socket *:9999 level user").statsSockets().get(0);
        assertEquals("", every.host());
        assertEquals(9999, every.port());
    }
}
