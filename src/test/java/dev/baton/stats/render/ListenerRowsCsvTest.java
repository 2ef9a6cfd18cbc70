package dev.baton.stats.render;

import dev.baton.stats.StatsSnapshot;
import dev.baton.stats.TrafficTotals;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The listener rows ({@code option socket-stats}) of {@code show stat} and its row filter, as HAProxy 2.6 prints them. */
class ListenerRowsCsvTest {
    /**
     * HAProxy 2.6.12's row of listener {@code web} (id 1 of proxy 2, nothing counted yet), as {@code show stat -1 8 -1}
     * printed it from an admin socket, with its three {@code ssl_*} cells emptied: baton keeps no TLS module counters.
     */
    private static final String HAPROXY_WEB_ROW = ("fe,web,,,0,0,0,0,0,0,0,0,0,,,,,OPEN,,,,,,,,,1"
        + ",2,1,,,,3,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
        + "127.0.0.1:19081,,http,,,,,,0,0,0,,,,,,,,,,,0,,,,,,,,,-,0,0,0,,,,,,,,,,,,,,,,,,,,,,")
        .replace(",-,0,0,0,", ",-,,,,");

    private static StatsSnapshot snapshot(final TrafficTotals traffic) {
        return SampleSnapshot.withListeners(traffic);
    }

    private static List<String> names(final String csv) {
        return Arrays.stream(csv.split("\n")).skip(1).map(l -> l.split(",")[0] + "/" + l.split(",")[1]).toList();
    }

    @Test
    void aListenerRowIsHaproxys() {
        final TrafficTotals none = new TrafficTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        final String[] lines = StatCsv.render(snapshot(none), true).split("\n");
        assertEquals(HAPROXY_WEB_ROW, lines[2]);
        assertEquals(HAPROXY_WEB_ROW.replace("127.0.0.1:19081", ""), StatCsv.render(snapshot(none), false)
            .split("\n")[2], "no address without the legends (level user)");
    }

    @Test
    void listenerColumnsCarryTheirCounters() {
        final String[] f = StatCsv.render(snapshot(SampleSnapshot.httpTraffic()), true).split("\n")[4].split(",", -1);
        final List<String> header = Arrays.asList(StatCsv.header().substring(2).split(",", -1));
        assertEquals("sock-7", f[header.indexOf("svname")]);
        assertEquals("1", f[header.indexOf("scur")]);
        assertEquals("4", f[header.indexOf("smax")]);
        assertEquals("5", f[header.indexOf("slim")]);
        assertEquals("1", f[header.indexOf("stot")]);
        assertEquals("2", f[header.indexOf("bin")]);
        assertEquals("3", f[header.indexOf("bout")]);
        assertEquals("11", f[header.indexOf("dreq")]);
        assertEquals("12", f[header.indexOf("dresp")]);
        assertEquals("13", f[header.indexOf("ereq")]);
        assertEquals("14", f[header.indexOf("dcon")]);
        assertEquals("15", f[header.indexOf("dses")]);
        assertEquals("16", f[header.indexOf("wrew")]);
        assertEquals("17", f[header.indexOf("eint")]);
        assertEquals("FULL", f[header.indexOf("status")]);
        assertEquals("7", f[header.indexOf("sid")]);
        assertEquals("[::1]:19084", f[header.indexOf("addr")]);
        assertEquals("", f[header.indexOf("intercepted")], "HAProxy fills no request column beyond these");
        assertEquals("", f[header.indexOf("req_tot")]);
        assertEquals("", f[header.indexOf("hrsp_4xx")]);
    }

    @Test
    void rowsFollowTheFrontendAndTheFilterSelectsAsHaproxy() {
        final TrafficTotals none = new TrafficTotals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        final StatsSnapshot s = snapshot(none);
        assertEquals(List.of("fe/FRONTEND", "fe/web", "fe/sock-2", "fe/sock-7", "be/s1", "be/s2", "be/s3",
            "be/BACKEND"), names(StatCsv.render(s, true)));
        assertEquals(List.of("fe/web", "fe/sock-2", "fe/sock-7"),
            names(StatCsv.render(s, true, new StatFilter(-1, 8, -1))));
        assertEquals(List.of("fe/sock-7"), names(StatCsv.render(s, true, new StatFilter(2, 8, 7))));
        assertEquals(List.of("fe/FRONTEND"), names(StatCsv.render(s, true, new StatFilter(2, 1, 7))),
            "sid does not filter frontends");
        assertEquals(List.of("be/s2"), names(StatCsv.render(s, true, new StatFilter(-1, 4, 2))));
        assertEquals(List.of("fe/FRONTEND", "fe/web", "fe/sock-2", "fe/sock-7", "be/BACKEND"),
            names(StatCsv.render(s, true, new StatFilter(-1, 11, -1))));
        assertEquals(List.of(), names(StatCsv.render(s, true, new StatFilter(5, -1, -1))), "no proxy 5");
    }
}
