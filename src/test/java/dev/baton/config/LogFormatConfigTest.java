package dev.baton.config;

import dev.baton.log.BuiltinLogFormats;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.baton.config.ConfigTexts.errors;
import static dev.baton.config.ConfigTexts.parse;
import static dev.baton.config.ConfigTexts.warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code log-format} and its companions: which format a frontend ends up with, and the errors, at their lines. */
class LogFormatConfigTest {
    private static ProxyConfig proxy(final BatonConfig c, final String name) {
        return c.proxies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void optionsAreHaproxysStringsAndTheLastLineWins() throws Exception {
        final BatonConfig c = parse(
            "defaults",
            "    mode http",
            "    log-format \"%ci %b\"",
            "frontend inherits",
            "    bind :8001",
            "frontend clf",
            "    bind :8002",
            "    option httplog clf",
            "frontend custom",
            "    bind :8003",
            "    option httplog",
            "    log-format %ci\\ %{+Q}r",
            "frontend tcp",
            "    mode tcp",
            "    bind :8004",
            "    option httplog",
            "backend b",
            "    server s 127.0.0.1:1");
        assertEquals("%ci %b", proxy(c, "inherits").trafficLog().format().toString());
        assertSame(BuiltinLogFormats.CLF, proxy(c, "clf").trafficLog().format());
        assertEquals("%ci %{+Q}r", proxy(c, "custom").trafficLog().format().toString());
        assertSame(BuiltinLogFormats.TCPLOG, proxy(c, "tcp").trafficLog().format(), "httplog on a tcp proxy: tcplog");
        assertNull(proxy(c, "b").trafficLog().format(), "a backend logs nothing of its own");
    }

    @Test
    void capturesUniqueIdAndLogasap() throws Exception {
        final BatonConfig c = parse(
            "defaults",
            "    mode http",
            "    option logasap",
            "    unique-id-format %{+X}o\\ %ci:%cp_%fi:%fp_%Ts_%rt:%pid",
            "frontend f",
            "    bind :8001",
            "    capture request header Host len 20",
            "    capture request header User-Agent len 64",
            "    capture response header Content-Type len 10",
            "    capture cookie SESS len 100",
            "    unique-id-header X-Unique-ID",
            "    no option logasap");
        final TrafficLogConfig t = proxy(c, "f").trafficLog();
        assertEquals(List.of(new TrafficLogConfig.HeaderCapture("Host", 20),
            new TrafficLogConfig.HeaderCapture("User-Agent", 64)), t.requestCaptures());
        assertEquals(List.of(new TrafficLogConfig.HeaderCapture("Content-Type", 10)), t.responseCaptures());
        assertEquals("SESS", t.cookieName());
        assertEquals(63, t.cookieLength(), "HAProxy cuts a cookie capture to 63 bytes");
        assertEquals("%{+X}o %ci:%cp_%fi:%fp_%Ts_%rt:%pid", t.uniqueIdFormat().toString());
        assertEquals("X-Unique-ID", t.uniqueIdHeader());
        assertEquals(false, t.logAsap());
        assertTrue(parse("frontend g", "    bind :1", "    option logasap").proxies().get(0).trafficLog().logAsap());
    }

    @Test
    void formatErrorsShowAtTheKeywordsLine() {
        assertEquals(List.of(
            "t.cfg:2: failed to parse log-format : no such format variable 'zz'. If you wanted to emit the '%' "
                + "character verbatim, you need to use '%%'.",
            "t.cfg:5: failed to parse log-format : format variable 'HM' is reserved for HTTP mode.",
            "t.cfg:9: failed to parse unique-id : failed to parse sample expression <nope(txn.id)> : unknown fetch "
                + "method 'nope' (a log format can use the fetches of the README's sample reference marked for logs).",
            "t.cfg:10: failed to parse error-log-format : truncated line after '%'."),
            errors(
                "defaults",
                "    log-format %zz",               // 2: reported for the frontend that inherits it
                "frontend t",
                "    bind :8001",
                "    log-format %HM",               // 5: tcp mode
                "frontend h",
                "    mode http",
                "    bind :8002",
                "    unique-id-format %[nope(txn.id)]",
                "    error-log-format 100%"));
    }

    @Test
    void keywordErrors() {
        assertEquals(List.of(
            "t.cfg:2: 'capture request' not allowed in 'defaults' section.",
            "t.cfg:5: log-format expects only one argument, don't forget to escape spaces!",
            "t.cfg:6: log-format expects an argument.",
            "t.cfg:7: 'capture request header' expects 'header' <header_name> 'len' <len>.",
            "t.cfg:8: 'capture' expects 'cookie' or 'request header' or 'response header'.",
            "t.cfg:9: keyword 'httplog' only supports option 'clf'.",
            "t.cfg:10: 'unique-id-header' expects a header name, got 'X:Y'"),
            errors(
                "defaults",
                "    capture request header Host len 10",
                "frontend f",
                "    bind :8001",
                "    log-format %ci %cp",
                "    log-format",
                "    capture request header Host 10",
                "    capture body len 10",
                "    option httplog common",
                "    unique-id-header X:Y"));
    }

    @Test
    void warningsAsHaproxy() throws Exception {
        assertEquals(List.of(
            "t.cfg:3: 'log-format' overrides previous 'option httplog' in 'defaults' section.",
            "t.cfg:7: backend 'b' : 'log-format' directive is ignored in backends.",
            "t.cfg:8: 'option logasap' is ignored in a 'backend' section, which lacks that side"),
            warnings(
                "defaults",
                "    option httplog",
                "    log-format %ci",
                "backend b",
                "    timeout connect 1s",
                "    timeout server 1s",
                "    log-format %ci",
                "    option logasap"));
        assertEquals(List.of("t.cfg:5: 'capture' statement ignored for frontend 't' as it requires HTTP mode."),
            warnings("frontend t", "    mode tcp", "    bind :8001", "    timeout client 1s", "    capture cookie S len 10"));
    }
}
