package dev.baton.sample;

import dev.baton.http.rules.FakeRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The map converters: file loading, each match method, defaults, typed outputs, large maps. */
class MapConvertersTest {
    private static final FakeRequest REQ = FakeRequest.of("GET /api/v2/users?id=7 HTTP/1.1", "Host: shop.example.com",
        "X-N: 42").from("10.20.30.40");

    @TempDir
    Path dir;

    private String file(final String name, final String... lines) throws IOException {
        return Files.write(dir.resolve(name), java.util.List.of(lines)).toString();
    }

    private static String eval(final String expr) {
        return SampleEngineTest.eval(expr, REQ);
    }

    @Test
    void eachMatchMethodFindsItsKey() throws IOException {
        final String hosts = file("hosts.map", "# comment", "", "shop.example.com   be_shop", "www.example.com be_www");
        assertEquals("be_shop", eval("req.hdr(host),map(" + hosts + ")"));
        assertEquals("be_shop", eval("req.hdr(host),map_str(" + hosts + ",none)"));
        assertEquals("none", eval("str(other),map_str(" + hosts + ",none)"), "the default when no key matches");
        assertNull(eval("str(other),map(" + hosts + ")"), "no sample without a default");

        final String paths = file("paths.map", "/api v-api", "/api/v2 v-api2", "/ v-root");
        assertEquals("v-api2", eval("path,map_beg(" + paths + ")"), "the longest prefix wins");
        final String ends = file("ends.map", ".com com", "example.com excom");
        assertEquals("excom", eval("req.hdr(host),map_end(" + ends + ")"));
        final String subs = file("subs.map", "v9 nine", "users u", "api a");
        assertEquals("u", eval("path,map_sub(" + subs + ")"), "the first key in file order wins");
        final String doms = file("doms.map", "example x", "shop s");
        assertEquals("x", eval("req.hdr(host),map_dom(" + doms + ")"));
        final String dirs = file("dirs.map", "v2 two");
        assertEquals("two", eval("path,map_dir(" + dirs + ")"));
        final String regs = file("regs.map", "^/api/v[0-9]+/ versioned", "^/ any");
        assertEquals("versioned", eval("path,map_reg(" + regs + ")"));

        final String nets = file("nets.map", "10.0.0.0/8 wide", "10.20.0.0/16 narrow", "2001:db8::/32 v6");
        assertEquals("narrow", eval("src,map_ip(" + nets + ")"), "the longest network wins");
        assertEquals("wide", eval("ipv4(10.9.9.9),map_ip(" + nets + ")"));
        assertEquals("v6", eval("ipv6(2001:db8::1),map_ip(" + nets + ")"));
        assertEquals("42", eval("req.hdr_val(x-n),map_int(" + file("ints.map", "41 no", "42 42") + ")"));

        final String weights = file("weights.map", "shop.example.com 30", "www.example.com 70");
        assertEquals("31", eval("req.hdr(host),map_str_int(" + weights + "),add(1)"), "an integer output");
        final String targets = file("targets.map", "/api 192.0.2.10");
        assertEquals("192.0.2.0", eval("path,map_beg_ip(" + targets + "),ipmask(24)"), "an address output");
    }

    @Test
    void badMapsAreRefusedAtLoad() throws IOException {
        assertTrue(assertThrows(SampleException.class, () -> SampleParser.parse("path,map(/nonexistent/x.map)",
            Uses.HTTP_REQUEST)).getMessage().contains("failed to load map file '/nonexistent/x.map'"));
        final String bad = file("bad.map", "/a notanumber");
        assertTrue(assertThrows(SampleException.class, () -> SampleParser.parse("path,map_beg_int(" + bad + ")",
            Uses.HTTP_REQUEST)).getMessage().contains("'notanumber' in " + bad + " is not an integer"));
        final String nets = file("badnets.map", "10.0.0/8 x");
        assertThrows(SampleException.class, () -> SampleParser.parse("src,map_ip(" + nets + ")", Uses.HTTP_REQUEST));
    }

    @Test
    void hundredThousandEntryIpAndPrefixMapsAnswerRight() throws IOException {
        final StringBuilder ips = new StringBuilder();
        final StringBuilder prefixes = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            ips.append(i >> 16 & 0xff).append('.').append(i >> 8 & 0xff).append('.').append(i & 0xff).append(".0/24 n")
                .append(i).append('\n');
            prefixes.append("/p").append(i).append("/ p").append(i).append('\n');
        }
        final Path ipMap = Files.writeString(dir.resolve("big-ip.map"), ips);
        final Path begMap = Files.writeString(dir.resolve("big-beg.map"), prefixes);
        final SampleExpr ip = SampleParser.parse("req.hdr(x-ip),map_ip(" + ipMap + ",none)", Uses.HTTP_REQUEST);
        final SampleExpr beg = SampleParser.parse("path,map_beg(" + begMap + ",none)", Uses.HTTP_REQUEST);
        final Sample s = new Sample();
        for (final int i : new int[] {0, 1, 255, 256, 65_535, 65_536, 99_999}) {
            final FakeRequest r = FakeRequest.of("GET /p" + i + "/x HTTP/1.1",
                "X-Ip: " + (i >> 16 & 0xff) + "." + (i >> 8 & 0xff) + "." + (i & 0xff) + ".77");
            assertTrue(ip.eval(r, s));
            assertEquals("n" + i, s.toString());
            assertTrue(beg.eval(r, s));
            assertEquals("p" + i, s.toString());
        }
        final FakeRequest miss = FakeRequest.of("GET /q1/x HTTP/1.1", "X-Ip: 200.1.1.1");
        assertTrue(ip.eval(miss, s));
        assertEquals("none", s.toString());
        assertTrue(beg.eval(miss, s));
        assertEquals("none", s.toString());
    }
}
