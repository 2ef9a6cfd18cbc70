package dev.baton.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code resolvers} sections and the server keywords of name resolution: values, defaults and errors. */
class ResolversSectionTest {
    @TempDir
    Path dir;

    private static final List<String> BACKEND = List.of(
        "backend b",
        "    timeout connect 1s",
        "    timeout server 1s");

    @Test
    void defaultsAreHaproxys() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(BACKEND,
            "    server s app.example:80 resolvers dns",
            "resolvers dns",
            "    nameserver ns1 10.0.0.2:53"));
        final ResolversConfig r = c.resolvers().get("dns");
        assertEquals(List.of(new InetSocketAddress("10.0.0.2", 53)), r.nameservers());
        assertEquals(3, r.resolveRetries());
        assertEquals(1000, r.timeoutResolveMs());
        assertEquals(1000, r.timeoutRetryMs());
        assertEquals(10_000, r.holdValidMs());
        assertEquals(30_000, r.holdNxMs());
        assertEquals(30_000, r.holdOtherMs());
        assertEquals(30_000, r.holdRefusedMs());
        assertEquals(30_000, r.holdTimeoutMs());
        assertEquals(0, r.holdObsoleteMs());
        assertEquals(512, r.acceptedPayloadSize());
        final ServerDns dns = c.backend("b").servers().get(0).dns();
        assertEquals("dns", dns.resolvers());
        assertTrue(dns.preferIpv6(), "HAProxy prefers IPv6");
        assertTrue(dns.preventDupIp(), "HAProxy prevents duplicate addresses");
        assertEquals(List.of(), dns.initAddr(), "no init-addr written");
        assertEquals(List.of("last", "libc", "none"), dns.startMethods(), "HAProxy appends none with resolvers");
    }

    @Test
    void everySettingIsRead() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(BACKEND,
            "    default-server init-addr last,libc,none resolvers dns",
            "    server s app.example:80 resolve-prefer ipv4 resolve-opts allow-dup-ip,ignore-weight",
            "    server t app.example:80 init-addr 10.1.1.1 resolvers other",
            "resolvers dns",
            "    nameserver ns1 udp@10.0.0.2:5353",
            "    nameserver ns2 [2001:db8::1]:53",
            "    resolve_retries 5",
            "    timeout resolve 2s",
            "    timeout retry 300ms",
            "    hold valid 20s",
            "    hold nx 5s",
            "    hold refused 6s",
            "    hold timeout 7s",
            "    hold other 8s",
            "    hold obsolete 9s",
            "    accepted_payload_size 8192",
            "resolvers other",
            "    nameserver a 127.0.0.1:53"));
        final ResolversConfig r = c.resolvers().get("dns");
        assertEquals(List.of(new InetSocketAddress("10.0.0.2", 5353), new InetSocketAddress("2001:db8::1", 53)),
            r.nameservers());
        assertEquals(List.of("ns1", "ns2"), r.nameserverIds());
        assertEquals(List.of(5, 2000L, 300L, 20_000L, 5000L, 6000L, 7000L, 8000L, 9000L, 8192),
            List.of(r.resolveRetries(), r.timeoutResolveMs(), r.timeoutRetryMs(), r.holdValidMs(), r.holdNxMs(),
                r.holdRefusedMs(), r.holdTimeoutMs(), r.holdOtherMs(), r.holdObsoleteMs(), r.acceptedPayloadSize()));
        final ServerDns s = c.backend("b").servers().get(0).dns();
        assertEquals("dns", s.resolvers());
        assertEquals(false, s.preferIpv6());
        assertEquals(false, s.preventDupIp());
        assertEquals(List.of("last", "libc", "none"), s.initAddr());
        final ServerDns t = c.backend("b").servers().get(1).dns();
        assertEquals("other", t.resolvers());
        assertEquals(List.of("10.1.1.1"), t.initAddr());
    }

    @Test
    void anSrvNameTakesItsPortFromTheRecordsNotTheClient() throws Exception {
        final BatonConfig c = ConfigLoader.parse("t.cfg", String.join("\n",
            "backend b",
            "    mode tcp",
            "    server-template www 2 _http._tcp.app.example resolvers dns resolve-opts ignore-weight",
            "    server plain app.example resolvers dns",
            "resolvers dns",
            "    nameserver ns1 127.0.0.1:53"), Map.of());
        final ServerConfig www = c.backend("b").servers().get(1);
        assertEquals(List.of(true, 0, false, true), List.of(www.isSrv(), www.port(), www.mapPorts(),
            www.dns().ignoreWeight()));
        final ServerConfig plain = c.backend("b").servers().get(2);
        assertEquals(List.of(false, true, false), List.of(plain.isSrv(), plain.mapPorts(), plain.dns().ignoreWeight()));
    }

    @Test
    void parseResolvConfReadsItsNameservers() throws Exception {
        final Path conf = dir.resolve("resolv.conf");
        Files.writeString(conf, "# comment\nsearch example\nnameserver 10.9.9.9\nnameserver ::1\noptions x\n");
        final ResolversSections sections = new ResolversSections(conf);
        final Diagnostics diag = new Diagnostics();
        final SourceLocation at = new SourceLocation("t.cfg", 1);
        sections.open(new Directive(List.of("resolvers", "sys"), at, diag));
        sections.line(new Directive(List.of("parse-resolv-conf"), at, diag));
        assertEquals(List.of(new InetSocketAddress("10.9.9.9", 53), new InetSocketAddress("::1", 53)),
            sections.finish().get("sys").nameservers());
        assertEquals(List.of("10.9.9.9", "::1"), sections.finish().get("sys").nameserverIds());
    }

    @Test
    void errorsNameTheLine() {
        assertEquals(List.of(
            "t.cfg:5: 'init-addr' : unknown init-addr method 'dns', supported methods are 'libc', 'last', 'none'.",
            "t.cfg:6: 'resolve-opts' : unknown resolve-opts option 'x', supported methods are 'allow-dup-ip', "
                + "'ignore-weight', and 'prevent-dup-ip'.",
            "t.cfg:7: server keyword 'resolve-net' is not implemented yet",
            "t.cfg:10: 'nameserver ns1': baton queries name servers over UDP only; write the address without "
                + "'tcp@' (or with 'udp@')",
            "t.cfg:11: nameserver 'ns2' has same name as another nameserver (declared at t.cfg:9)",
            "t.cfg:12: 'nameserver ns3' expects a name and an IP address with a port such as 10.0.0.2:53, got "
                + "'dns.example:53'",
            "t.cfg:13: 'hold' expects one of valid, nx, refused, timeout, other, obsolete, got 'forever'",
            "t.cfg:14: 'accepted_payload_size' expects an integer between 12 and 65535, got '70000'",
            "t.cfg:15: unknown keyword 'bogus' in 'resolvers' section; baton knows nameserver, parse-resolv-conf, "
                + "resolve_retries, timeout, hold and accepted_payload_size",
            "t.cfg:16: resolvers section 'dns' already exists (declared at t.cfg:8)",
            "t.cfg:18: backend 'c', server 'u': unable to find required resolvers 'missing'"),
            ConfigTexts.errors(ConfigTexts.concat(BACKEND,
                "    server-template s 3 _http._tcp.app.example resolvers dns",   // 4: an SRV name is accepted
                "    server t1 app.example:80 init-addr libc,dns",                // 5
                "    server t2 app.example:80 resolve-opts x",                    // 6
                "    server t3 app.example:80 resolve-net 10.0.0.0/8",            // 7
                "resolvers dns",                                                  // 8
                "    nameserver ns2 10.0.0.3:53",                                 // 9
                "    nameserver ns1 tcp@10.0.0.2:53",                             // 10
                "    nameserver ns2 10.0.0.4:53",                                 // 11
                "    nameserver ns3 dns.example:53",                              // 12
                "    hold forever 1s",                                            // 13
                "    accepted_payload_size 70000",                                // 14
                "    bogus 1",                                                    // 15
                "resolvers dns",                                                  // 16
                "backend c",                                                      // 17
                "    server u app.example:80 resolvers missing")));               // 18
    }

    @Test
    void aServerWithoutResolversHasNone() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(ConfigTexts.concat(BACKEND, "    server s 127.0.0.1:80"));
        assertNull(c.backend("b").servers().get(0).dns().resolvers());
        assertTrue(c.resolvers().isEmpty());
    }
}
