package dev.baton.stats.render;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.stats.PoolStats;
import dev.baton.stats.ServerChecks;
import dev.baton.stats.ServerStats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A checked server's status in {@code show stat}, the stats page and the exporter, as HAProxy 2.6 shows it on the
 * same states (rise 2, fall 3: health 0..4), and its check columns.
 */
class ServerCheckStatusTest {
    private static ServerStats server(final Server.AdminState admin, final boolean running, final int health,
                                      final CheckReport last) {
        return new ServerStats("s1", 1, "127.0.0.1", 80, false, admin, 0, 0, 0, SampleSnapshot.traffic(0), 1, 1, 1,
            PoolStats.empty(1), 7, new ServerChecks(true, running, health, 2, 3, last, 4, 1, 5, false));
    }

    private static ServerStats server(final boolean running, final int health) {
        return server(Server.AdminState.READY, running, health, CheckReport.INITIAL);
    }

    @Test
    void statusesAsHaproxy() {
        assertEquals("UP", server(true, 4).status());
        assertEquals("UP 2/3", server(true, 3).status());
        assertEquals("UP 1/3", server(true, 2).status(), "the start: health = rise");
        assertEquals("DOWN", server(false, 0).status());
        assertEquals("DOWN 1/2", server(false, 1).status());
        assertEquals("MAINT", server(Server.AdminState.MAINT, false, 0, CheckReport.INITIAL).status());
        assertEquals("DRAIN", server(Server.AdminState.DRAIN, true, 4, CheckReport.INITIAL).status());
    }

    @Test
    void pageClassesAndExporterStates() {
        assertEquals("active_up", StatsPage.rowClass(server(true, 4)));
        assertEquals("active_going_down", StatsPage.rowClass(server(true, 3)));
        assertEquals("active_going_up", StatsPage.rowClass(server(false, 1)));
        assertEquals("active_down", StatsPage.rowClass(server(false, 0)));
        assertEquals("DOWN", PrometheusExposition.serverState(server(false, 1)));
        assertEquals("L4CON in 3ms", StatsPage.lastCheck(server(Server.AdminState.READY, false, 0,
            new CheckReport(CheckStatus.L4CON, 3, "Connection refused"))));
        assertEquals("INI", StatsPage.lastCheck(server(true, 2)));
        assertEquals("", StatsPage.lastCheck(server(Server.AdminState.MAINT, true, 4, CheckReport.INITIAL)));
        assertEquals("UP", PrometheusExposition.serverState(server(true, 2)));
    }

    /** HAProxy 2.6's page (stats.c): a class per status, backups apart, and the last check's tooltip. */
    @Test
    void pageRowsAndLastCheckCellAsHaproxys() {
        final ServerStats backupGoingUp = new ServerStats("b1", 1, "127.0.0.1", 80, true, Server.AdminState.READY, 0,
            0, 0, SampleSnapshot.traffic(0), 1, 1, 1, PoolStats.empty(1), 7, new ServerChecks(true, false, 1, 2, 3,
            CheckReport.INITIAL, 0, 0, 0, false));
        assertEquals("backup_going_up", StatsPage.rowClass(backupGoingUp));
        final ServerStats unchecked = new ServerStats("n1", 2, "127.0.0.1", 80, false, Server.AdminState.READY, 0, 0,
            0, SampleSnapshot.traffic(0), 1, 1, 1, PoolStats.empty(1), 7);
        assertEquals("active_no_check", StatsPage.rowClass(unchecked));
        assertEquals("active_draining", StatsPage.rowClass(server(Server.AdminState.DRAIN, true, 4,
            CheckReport.INITIAL)));
        assertEquals("maintain", StatsPage.rowClass(server(Server.AdminState.MAINT, true, 4, CheckReport.INITIAL)));
        final ServerStats down = server(Server.AdminState.READY, false, 0,
            new CheckReport(CheckStatus.L7STS, 2, "Service <Unavailable>", 503));
        assertEquals("L7STS/503 in 2ms", StatsPage.lastCheck(down));
        assertEquals("<u>L7STS/503 in 2ms<div class=\"tips\">Layer7 wrong status: Service &lt;Unavailable&gt;</div></u>",
            StatsPage.lastCheckCell(down));
        assertEquals("<u>INI<div class=\"tips\">Initializing</div></u>", StatsPage.lastCheckCell(server(true, 2)));
        assertEquals("", StatsPage.lastCheckCell(unchecked));
        // HAProxy's colours: going up is the darker yellow for actives, violet for backups
        final String page = StatsPage.render(SampleSnapshot.build(), new StatsPage.Options("/stats", 0, false));
        for (final String css : new String[] {".active_going_up { background: #ffd020; }",
            ".active_going_down { background: #ffffa0; }", ".backup_going_up { background: #ff80ff; }",
            ".backup_going_down { background: #c060ff; }", ".active_no_check, .backup_no_check { background: #e0e0e0; }",
            "u:hover div.tips { visibility: visible; }"}) {
            assertTrue(page.contains(css), css);
        }
    }

    @Test
    void softStoppedServerIsNolbWithItsL7okcAndCode() {
        final ServerStats nolb = new ServerStats("s1", 1, "127.0.0.1", 80, false, Server.AdminState.READY, 0, 0, 0,
            SampleSnapshot.traffic(0), 1, 1, 1, PoolStats.empty(1), 7, new ServerChecks(true, true, 4, 2, 3,
            new CheckReport(CheckStatus.L7OKC, 1, null, 404), 0, 0, 0, false, true));
        assertEquals("NOLB", nolb.status());
        assertEquals("active_nolb", StatsPage.rowClass(nolb));
        assertEquals("NOLB", PrometheusExposition.serverState(nolb));
        // HAProxy 2.6's show stat on the same state: NOLB,L7OKC,404,,Layer7 check conditionally passed
        assertEquals("L7OKC,404,,Layer7 check conditionally passed", fields(new StatCsv.Column[] {
            StatCsv.Column.CHECK_STATUS, StatCsv.Column.CHECK_CODE, StatCsv.Column.LAST_CHK,
            StatCsv.Column.CHECK_DESC}, nolb));
        final ServerStats failing = new ServerStats("s1", 1, "127.0.0.1", 80, false, Server.AdminState.READY, 0, 0,
            0, SampleSnapshot.traffic(0), 1, 1, 1, PoolStats.empty(1), 7, new ServerChecks(true, true, 3, 2, 3,
            new CheckReport(CheckStatus.L7STS, 1, "Service Unavailable", 503), 0, 0, 0, false, true));
        assertEquals("NOLB 2/3", failing.status());
        assertEquals("active_going_down", StatsPage.rowClass(failing));
        assertEquals("L7STS,503,Service Unavailable", fields(new StatCsv.Column[] {StatCsv.Column.CHECK_STATUS,
            StatCsv.Column.CHECK_CODE, StatCsv.Column.LAST_CHK}, failing));
    }

    @Test
    void checkColumns() {
        final StatCsv.Column[] cols = {StatCsv.Column.CHKFAIL, StatCsv.Column.CHKDOWN, StatCsv.Column.DOWNTIME,
            StatCsv.Column.CHECK_STATUS, StatCsv.Column.CHECK_CODE, StatCsv.Column.CHECK_DURATION,
            StatCsv.Column.LAST_CHK, StatCsv.Column.CHECK_DESC, StatCsv.Column.CHECK_RISE, StatCsv.Column.CHECK_FALL,
            StatCsv.Column.CHECK_HEALTH};
        assertEquals("4,1,5,L4CON,,0,Connection refused,Layer4 connection problem,2,3,0",
            fields(cols, server(Server.AdminState.READY, false, 0,
                new CheckReport(CheckStatus.L4CON, 0, "Connection refused"))));
        assertEquals("4,1,5,INI,,,,Initializing,2,3,2", fields(cols, server(true, 2)), "before the first check");
        final ServerStats running = new ServerStats("s1", 1, "127.0.0.1", 80, false, Server.AdminState.READY, 0, 0, 0,
            SampleSnapshot.traffic(0), 1, 1, 1, PoolStats.empty(1), 7,
            new ServerChecks(true, true, 2, 2, 3, CheckReport.INITIAL, 0, 0, 0, true));
        assertEquals("* INI", StatCsv.checkField(StatCsv.Column.CHECK_STATUS, running), "a check under way");
        assertEquals("4,1,5,,,,,,,,", fields(cols, server(Server.AdminState.MAINT, true, 4,
            new CheckReport(CheckStatus.L4OK, 1, null))), "maintenance pauses the checks");
    }

    private static String fields(final StatCsv.Column[] cols, final ServerStats s) {
        final StringBuilder sb = new StringBuilder();
        for (final StatCsv.Column c : cols) {
            sb.append(sb.length() == 0 ? "" : ",").append(StatCsv.checkField(c, s));
        }
        return sb.toString();
    }
}
