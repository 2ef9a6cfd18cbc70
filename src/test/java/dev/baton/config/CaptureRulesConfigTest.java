package dev.baton.config;

import dev.baton.http.rules.CaptureRule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code http-request|http-response capture} and {@code declare capture}: the slots they make, what is refused. */
class CaptureRulesConfigTest {
    @Test
    void slotsAreNumberedInLineOrderWithTheHeaderCaptures() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "frontend f",
            "    mode http",
            "    bind :80",
            "    capture request header Host len 20",
            "    http-request capture req.hdr(user-agent) len 5",
            "    declare capture request len 8",
            "    declare capture response len 6",
            "    http-request capture path id 2",
            "    http-response capture status id 0");
        final ProxyConfig f = config.proxies().get(0);
        final List<TrafficLogConfig.HeaderCapture> req = f.trafficLog().requestCaptures();
        assertEquals(List.of(new TrafficLogConfig.HeaderCapture("Host", 20), new TrafficLogConfig.HeaderCapture(null, 5),
            new TrafficLogConfig.HeaderCapture(null, 8)), req);
        assertEquals(List.of(new TrafficLogConfig.HeaderCapture(null, 6)), f.trafficLog().responseCaptures());
        assertNull(f.trafficLog().requestCaptures().get(1).name());
        final CaptureRule byLen = (CaptureRule) f.http().requestRules().get(0);
        assertEquals(1, byLen.slot());
        assertEquals(2, ((CaptureRule) f.http().requestRules().get(1)).slot());
        final CaptureRule res = (CaptureRule) f.http().responseRules().get(0);
        assertEquals(0, res.slot());
        assertEquals(true, res.response());
    }

    @Test
    void setTimeoutIsRefusedAsHaproxyRefusesIt() {
        assertEquals(List.of(
            "t.cfg:4: 'http-request set-timeout': proxy 'f' has no backend capability",
            "t.cfg:7: 'http-request set-timeout' expects exactly 2 arguments",
            "t.cfg:8: 'http-request set-timeout': 'set-timeout' rule supports 'server'/'tunnel' (got 'client'); "
                + "HAProxy 2.6 has no 'set-timeout client': set 'timeout client' in the frontend",
            "t.cfg:9: 'http-request set-timeout': null value is not valid for a 'set-timeout server' rule",
            "t.cfg:10: 'http-request set-timeout server' expects a time such as 30s, got '5x'"),
            ConfigTexts.errors(
                "frontend f",                                           // 1
                "    mode http",                                        // 2
                "    bind :80",                                         // 3
                "    http-request set-timeout server 5s",               // 4
                "backend b",                                            // 5
                "    mode http",                                        // 6
                "    http-request set-timeout server",                  // 7
                "    http-request set-timeout client 5s",               // 8
                "    http-request set-timeout server 0",                // 9
                "    http-request set-timeout server 5x",               // 10
                "    http-request set-timeout tunnel 1h if TRUE",       // 11
                "    http-request set-timeout server req.hdr(x-t),mul(1000)",
                "    server s 127.0.0.1:1"));
    }

    @Test
    void refusedAsHaproxyRefusesThem() {
        assertEquals(List.of(
            "t.cfg:4: 'http-request capture' expects <expression> [ 'len' <length> | id <idx> ]",
            "t.cfg:5: 'http-request capture': expects 'len' or 'id', found 'size'",
            "t.cfg:6: 'http-request capture': length must be > 0",
            "t.cfg:7: 'http-response capture': expects 'id', found 'len'",
            "t.cfg:8: 'http-request capture': cannot parse id 'x'",
            "t.cfg:9: 'declare capture': length must be > 0",
            "t.cfg:10: unknown declaration type 'map' (supports 'capture')",
            "t.cfg:11: 'http-request capture' cannot handle unexpected argument 'now'",
            "t.cfg:12: unable to find capture id '1' referenced by http-request capture rule",
            "t.cfg:13: unable to find capture id '0' referenced by http-response capture rule",
            "t.cfg:16: 'http-request capture': proxy 'b' has no frontend capability",
            "t.cfg:17: 'declare' only available in frontend or listen section"),
            ConfigTexts.errors(
                "frontend f",                                           // 1
                "    mode http",                                        // 2
                "    bind :80",                                         // 3
                "    http-request capture path if TRUE",                // 4
                "    http-request capture path size 5",                 // 5
                "    http-request capture path len 0",                  // 6
                "    http-response capture status len 5",               // 7
                "    http-request capture path id x",                   // 8
                "    declare capture request len -1",                   // 9
                "    declare map x",                                    // 10
                "    http-request capture path len 4 now",              // 11
                "    http-request capture path id 1",                   // 12
                "    http-response capture status id 0",                // 13
                "backend b",                                            // 14
                "    mode http",                                        // 15
                "    http-request capture path len 5",                  // 16
                "    declare capture request len 5"));                  // 17
    }
}
