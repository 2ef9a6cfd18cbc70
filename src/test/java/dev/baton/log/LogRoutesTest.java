package dev.baton.log;

import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which route each proxy's lines take: shared when the loggers and tag are the global ones, else its own. */
class LogRoutesTest {
    private static BatonConfig parse(final String text) throws Exception {
        return ConfigLoader.parse("t.cfg", text, Map.of());
    }

    @Test
    void proxiesWithTheGlobalLoggersShareRouteZeroOthersHaveTheirOwn() throws Exception {
        final LogRoutes routes = LogRoutes.of(parse("""
            global
                log 10.0.0.1 len 2000 local0
            defaults
                mode http
                timeout client 1s
                timeout server 1s
                timeout connect 1s
            frontend web
                bind :8080
                log global
                default_backend web
            backend web
                log global
                log 10.0.0.2 local1
                server s 127.0.0.1:1
            listen tagged
                bind :8081
                log global
                log-tag shop
                server s 127.0.0.1:1
            """));
        assertEquals(3, routes.routes().size());
        assertEquals(List.of("10.0.0.1"), routes.routes().get(0).targets().stream().map(t -> t.host()).toList());
        assertEquals(List.of("10.0.0.1", "10.0.0.2"),
            routes.routes().get(1).targets().stream().map(t -> t.host()).toList(), "the backend 'web', not the frontend");
        assertEquals("shop", routes.routes().get(2).tag());
        assertEquals(2000, routes.maxLen(), "the largest len of any log line");
        assertEquals("traffic,traffic-emerg,traffic-alert,traffic-notice,traffic-crit,traffic-debug,"
            + "traffic#1,traffic-emerg#1,traffic-alert#1,traffic-notice#1,traffic-crit#1,traffic-debug#1,"
            + "traffic#2,traffic-emerg#2,traffic-alert#2,traffic-notice#2,traffic-crit#2,traffic-debug#2",
            routes.allTags());
    }

    @Test
    void withoutGlobalLogLinesLogGlobalAddsNoLogger() throws Exception {
        final LogRoutes routes = LogRoutes.of(parse("""
            defaults
                log global
                timeout client 1s
            frontend f
                bind :8080
            """));
        assertEquals(1, routes.routes().size());
        assertEquals(List.of(), routes.routes().get(0).targets(), "as HAProxy: nothing to log to");
        assertEquals(1024, routes.maxLen());
    }
}
