package dev.baton.stats.cli;

import dev.baton.stats.render.StatCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shape of every {@code show} command's answer, against a daemon that carried some traffic. */
class ShowCommandsTest {
    private static final int VISITS = 4;

    @TempDir
    Path dir;

    private static List<String> lines(final String answer) {
        assertTrue(answer.endsWith("\n\n"), "an answer ends with an empty line: " + answer);
        return List.of(answer.substring(0, answer.length() - 2).split("\n", -1));
    }

    private static String[] cells(final String csvLine) {
        assertTrue(csvLine.endsWith(","), csvLine);
        return csvLine.substring(0, csvLine.length() - 1).split(",", -1);
    }

    private static CliDaemon withTraffic(final Path dir, final EchoPair echo) throws Exception {
        final CliDaemon d = CliDaemon.start(dir, echo.s1.port(), echo.s2.port(), "roundrobin");
        for (int i = 0; i < VISITS; i++) {
            EchoPair.visit(d.frontendPort());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> d.daemon.daemon().liveStreams() == 0);
        return d;
    }

    @Test
    void showInfoListsHaproxyFieldsInHaproxyOrder() throws Exception {
        try (EchoPair echo = new EchoPair(); CliDaemon d = withTraffic(dir, echo)) {
            final List<String> names = new ArrayList<>();
            final List<String> values = new ArrayList<>();
            for (final String line : lines(CliClient.exchange(d.user, "show info"))) {
                final int colon = line.indexOf(": ");
                names.add(line.substring(0, colon));
                values.add(line.substring(colon + 2));
            }
            assertEquals(List.of("Name", "Version", "Nbthread", "Nbproc", "Process_num", "Pid", "Uptime", "Uptime_sec",
                "Start_time_sec", "Ulimit-n", "Maxsock", "Maxconn", "Hard_maxconn", "CurrConns", "CumConns",
                "Listeners", "CurrStreams", "CumStreams", "CumReq", "Jvm_allocated_bytes", "Jvm_gc_count",
                "Jvm_gc_time_ms", "Jvm_heap_used_bytes", "Jvm_heap_committed_bytes", "Reloads", "Last_reload_sec"),
                names);
            assertEquals("baton", values.get(0));
            assertEquals("2", values.get(2));
            assertEquals(String.valueOf(ProcessHandle.current().pid()), values.get(5));
            assertTrue(values.get(6).matches("\\d+d \\d+h\\d\\dm\\d\\ds"), values.get(6));
            assertEquals(String.valueOf(VISITS), values.get(14), "CumConns");
            assertEquals("2", values.get(15), "one listener per reactor");
            assertEquals("0", values.get(18), "CumReq counts HTTP requests; this traffic is TCP");
            assertTrue(Long.parseLong(values.get(19)) > 0, "the reactors have allocated: " + values.get(19));
            assertTrue(Long.parseLong(values.get(20)) >= 0, values.get(20));
            assertTrue(Long.parseLong(values.get(22)) > 0, "heap in use: " + values.get(22));
            assertEquals(List.of("0", "0"), values.subList(24, 26), "no reload yet");
        }
    }

    @Test
    void showStatIsHaproxyCsvWithFrontendServersAndBackend() throws Exception {
        try (EchoPair echo = new EchoPair(); CliDaemon d = withTraffic(dir, echo)) {
            final List<String> lines = lines(CliClient.exchange(d.admin, "show stat"));
            assertEquals(StatCsv.header(), lines.get(0));
            assertTrue(lines.get(0).startsWith("# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,"
                + "ereq,econ,eresp,wretr,wredis,status,weight,act,bck,"), lines.get(0));
            final List<String> header = Arrays.asList(cells(lines.get(0).substring(2)));
            assertEquals(128, header.size(), "every HAProxy 2.6 column");
            assertEquals(18 - 1, header.indexOf("status"), "HAProxy's position (cut -d, -f18)");
            assertEquals(37 - 1, header.indexOf("check_status"), "HAProxy's position (cut -d, -f37)");
            assertEquals(5, lines.size());
            final String[] fe = cells(lines.get(1));
            final String[] s1 = cells(lines.get(2));
            final String[] s2 = cells(lines.get(3));
            final String[] be = cells(lines.get(4));
            for (final String[] row : List.of(fe, s1, s2, be)) {
                assertEquals(header.size(), row.length, String.join(",", row));
            }
            assertEquals(List.of("fe,FRONTEND", "be,s1", "be,s2", "be,BACKEND"), List.of(fe[0] + "," + fe[1],
                s1[0] + "," + s1[1], s2[0] + "," + s2[1], be[0] + "," + be[1]));
            final int type = header.indexOf("type");
            assertEquals(List.of("0", "2", "2", "1"), List.of(fe[type], s1[type], s2[type], be[type]));
            final int status = header.indexOf("status");
            assertEquals(List.of("OPEN", "no check", "no check", "UP"),
                List.of(fe[status], s1[status], s2[status], be[status]));
            final int stot = header.indexOf("stot");
            assertEquals(String.valueOf(VISITS), fe[stot]);
            assertEquals(String.valueOf(VISITS), be[stot]);
            assertEquals(VISITS, Integer.parseInt(s1[stot]) + Integer.parseInt(s2[stot]));
            final int lbtot = header.indexOf("lbtot");
            assertEquals(String.valueOf(VISITS), be[lbtot]);
            assertEquals("", fe[lbtot], "lbtot does not apply to a frontend");
            assertEquals(String.valueOf(VISITS), fe[header.indexOf("conn_tot")]);
            assertEquals(String.valueOf(VISITS), be[header.indexOf("connect")]);
            assertEquals("2", be[header.indexOf("weight")]);
            assertEquals("2", be[header.indexOf("act")]);
            assertEquals("1", s1[header.indexOf("act")]);
            assertEquals("0", s1[header.indexOf("bck")]);
            assertEquals("tcp", fe[header.indexOf("mode")]);
            assertEquals("roundrobin", be[header.indexOf("algo")]);
            assertEquals("127.0.0.1:" + echo.s1.port(), s1[header.indexOf("addr")]);
            assertEquals("0", s1[header.indexOf("srv_icur")]);
            assertEquals("", s1[header.indexOf("src_ilim")], "no pool limit");
            assertEquals("", be[header.indexOf("srv_icur")], "pool columns are per server");
            final int bin = header.indexOf("bin");
            assertEquals(String.valueOf(VISITS * "ping\n".length()), be[bin]);
            assertEquals(String.valueOf(VISITS * "s1\nping\n".length()), be[header.indexOf("bout")]);
        }
    }

    @Test
    void showStatHidesAddressesAndAlgorithmsFromLevelUser() throws Exception {
        try (EchoPair echo = new EchoPair(); CliDaemon d = withTraffic(dir, echo)) {
            final List<String> lines = lines(CliClient.exchange(d.user, "show stat"));
            final List<String> header = Arrays.asList(cells(lines.get(0).substring(2)));
            assertEquals("", cells(lines.get(2))[header.indexOf("addr")]);
            assertEquals("", cells(lines.get(4))[header.indexOf("algo")]);
            final List<String> oper = lines(CliClient.exchange(d.oper, "show stat"));
            assertEquals("127.0.0.1:" + echo.s1.port(), cells(oper.get(2))[header.indexOf("addr")]);
        }
    }

    @Test
    void showServersStateIsTheVersion1StateFileFormat() throws Exception {
        try (EchoPair echo = new EchoPair(); CliDaemon d = withTraffic(dir, echo)) {
            final List<String> lines = lines(CliClient.exchange(d.user, "show servers state"));
            assertEquals("1", lines.get(0));
            assertEquals("# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state srv_uweight "
                + "srv_iweight srv_time_since_last_change srv_check_status srv_check_result srv_check_health "
                + "srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port srvrecord "
                + "srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port", lines.get(1));
            assertEquals(4, lines.size());
            // be is proxy 3: the stats socket's internal proxy takes id 1 and fe 2, as HAProxy numbers them
            assertTrue(lines.get(2).matches("3 be 1 s1 127\\.0\\.0\\.1 2 0 1 1 \\d+ 1 0 2 0 0 0 0 - " + echo.s1.port()
                + " - 0 0 - - 0"), lines.get(2));
            assertTrue(lines.get(3).startsWith("3 be 2 s2 127.0.0.1 2 0 1 1 "), lines.get(3));
            assertEquals(lines(CliClient.exchange(d.user, "show servers state be")).subList(0, 3), lines.subList(0, 3));
            assertEquals("Can't find backend.\n\n", CliClient.exchange(d.user, "show servers state fe"));
        }
    }

    @Test
    void showServersConnHasOneIdleColumnPerReactor() throws Exception {
        try (EchoPair echo = new EchoPair(); CliDaemon d = withTraffic(dir, echo)) {
            assertEquals(List.of(
                "# bkname/svname bkid/svid addr port - purge_delay served used_cur used_max need_est idle_sess "
                    + "unsafe_nb safe_nb idle_lim idle_cur idle_per_thr[2]",
                "be/s1 3/1 127.0.0.1 " + echo.s1.port() + " - 0 0 0 0 0 0 0 0 -1 0 0 0",
                "be/s2 3/2 127.0.0.1 " + echo.s2.port() + " - 0 0 0 0 0 0 0 0 -1 0 0 0"),
                lines(CliClient.exchange(d.user, "show servers conn be")));
            assertEquals("Can't find backend.\n\n", CliClient.exchange(d.user, "show servers conn nope"));
        }
    }

    @Test
    void showActivityHasATotalAndOneColumnPerReactor() throws Exception {
        try (EchoPair echo = new EchoPair(); CliDaemon d = withTraffic(dir, echo)) {
            final List<String> lines = lines(CliClient.exchange(d.oper, "show activity"));
            assertEquals("thread_id: 1 (1..2)", lines.get(0));
            assertTrue(lines.get(1).matches("date_now: \\d+\\.\\d{6}"), lines.get(1));
            assertTrue(lines.get(2).matches("uptime_now: \\d+\\.\\d{6}"), lines.get(2));
            final List<String> names = new ArrayList<>();
            for (final String line : lines.subList(3, lines.size())) {
                names.add(line.substring(0, line.indexOf(':')));
                final String[] v = line.substring(line.indexOf(':') + 2).split(" ");
                assertEquals(5, v.length, line);
                assertEquals("[", v[1]);
                assertEquals("]", v[4]);
                assertEquals(Long.parseLong(v[0]), Long.parseLong(v[2]) + Long.parseLong(v[3]), line);
            }
            assertEquals(List.of("loops", "wake_up", "poll_io", "accepted", "fd_takeover", "takeover_fail",
                "kill_req", "kill_done", "cmd_rejected", "streams"), names);
            assertTrue(lines.contains("accepted: " + VISITS + " [ " + lines.get(6).split(" ")[3] + " "
                + lines.get(6).split(" ")[4] + " ]"), lines.get(6));
            final List<String> total = lines(CliClient.exchange(d.oper, "show activity 0"));
            assertEquals("accepted: " + VISITS, total.get(6));
            final List<String> second = lines(CliClient.exchange(d.oper, "show activity 2"));
            assertTrue(second.get(6).matches("accepted: \\d+"), second.get(6));
            assertEquals("'show activity' expects -1, 0 or a thread number between 1 and 2.\n\n",
                CliClient.exchange(d.oper, "show activity 3"));
            assertEquals("Permission denied\n\n", CliClient.exchange(d.user, "show activity"));
        }
    }

    @Test
    void helpListsWhatTheLevelAllowsAndUnknownCommandsSuggestNeighbours() throws Exception {
        try (CliDaemon d = CliDaemon.start(dir)) {
            final String user = CliClient.exchange(d.user, "help");
            final String oper = CliClient.exchange(d.oper, "help");
            final String admin = CliClient.exchange(d.admin, "help");
            assertTrue(user.contains("  show stat ") && !user.contains("show activity") && !user.contains("set server"),
                user);
            assertTrue(oper.contains("  show activity ") && !oper.contains("set server"), oper);
            assertTrue(admin.contains("\n  set server <bk>/<srv> [opts]            : change a server's state"), admin);
            assertTrue(admin.contains("  set maxconn frontend <fe> <n>"), admin);
            final String show = CliClient.exchange(d.user, "show foo");
            assertTrue(show.startsWith("Unknown command: 'show foo', but maybe one of the following ones is a better "
                + "match:\n  show info "), show);
            assertEquals(8, lines(show).size(), "the seven show commands a user may run: " + show);
            assertTrue(show.contains("\n  show table [<table> "), show);
            assertEquals(lines(show).subList(1, 8), lines(CliClient.exchange(d.user, "help show")).subList(1, 8));
            assertEquals("'show stat' does not take 'typed'. Usage: show stat [{<iid>|<proxy>} <type> <sid>]\n\n",
                CliClient.exchange(d.user, "show stat typed"));
        }
    }
}
