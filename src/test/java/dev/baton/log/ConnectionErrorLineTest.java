package dev.baton.log;

import dev.baton.config.ConfigLoader;
import dev.baton.config.ProxyConfig;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The line of a connection that failed before it became a stream: HAProxy's fixed form without
 * {@code error-log-format}, the configured format with it, nothing without {@code log}.
 */
class ConnectionErrorLineTest {
    private static TrafficLog frontend(final String lines) throws Exception {
        final ProxyConfig p = ConfigLoader.parse("t.cfg", "frontend fe\n    bind 127.0.0.1:1\n" + lines, Map.of())
            .proxies().get(0);
        return TrafficLog.forFrontend(p);
    }

    @Test
    void fixedLineOrErrorLogFormat() throws Exception {
        final InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("10.9.8.7"), 40001);
        final InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 1);
        final long accept = 1_233_922_371_443L;
        final StringBuilder date = new StringBuilder();
        LogText.appendDate(date, accept);
        frontend("    log global\n").connectionError(client, local, accept, 3, "1", "Received something which does"
            + " not look like a PROXY protocol header");
        assertEquals("10.9.8.7:40001 [" + date + "] fe/1: Received something which does not look like a PROXY "
            + "protocol header", TrafficLogCapture.awaitLine("fixed line", l -> l.startsWith("10.9.8.7:40001 ")));
        frontend("    log global\n    error-log-format \"%ci:%cp %fi:%fp %f %b/%s %ts %Tt\"\n").connectionError(client,
            local, accept, 3, "1", "ignored");
        assertEquals("10.9.8.7:40001 127.0.0.1:1 fe fe/<NOSRV> PR 3",
            TrafficLogCapture.awaitLine("formatted line", l -> l.startsWith("10.9.8.7:40001 127.0.0.1:1 ")));
        frontend("").connectionError(client, local, accept, 3, "1", "never logged");
        assertEquals(0, TrafficLogCapture.count(l -> l.contains("never logged")));
    }
}
