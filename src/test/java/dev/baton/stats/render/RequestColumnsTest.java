package dev.baton.stats.render;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which request, rate and time columns {@code show stat} fills for which row type and mode, as HAProxy 2.6. */
class RequestColumnsTest {
    private static List<StatRow> rows(final String mode) {
        return StatRow.of(SampleSnapshot.withEveryFigure(mode));
    }

    private static String cell(final StatRow row, final StatCsv.Column c) {
        return StatCsv.field(c, row, true);
    }

    @Test
    void frontendRowOfAnHttpProxy() {
        final StatRow fe = rows("http").get(0);
        assertEquals("11", cell(fe, StatCsv.Column.DREQ));
        assertEquals("12", cell(fe, StatCsv.Column.DRESP));
        assertEquals("13", cell(fe, StatCsv.Column.EREQ));
        assertEquals("14", cell(fe, StatCsv.Column.DCON));
        assertEquals("15", cell(fe, StatCsv.Column.DSES));
        assertEquals("16", cell(fe, StatCsv.Column.WREW));
        assertEquals("17", cell(fe, StatCsv.Column.EINT));
        assertEquals("18", cell(fe, StatCsv.Column.INTERCEPTED));
        assertEquals("19", cell(fe, StatCsv.Column.REQ_TOT));
        assertEquals("21", cell(fe, StatCsv.Column.HRSP_1XX));
        assertEquals("25", cell(fe, StatCsv.Column.HRSP_5XX));
        assertEquals("20", cell(fe, StatCsv.Column.HRSP_OTHER));
        assertEquals("31", cell(fe, StatCsv.Column.RATE));
        assertEquals("0", cell(fe, StatCsv.Column.RATE_LIM));
        assertEquals("32", cell(fe, StatCsv.Column.RATE_MAX));
        assertEquals("33", cell(fe, StatCsv.Column.REQ_RATE));
        assertEquals("34", cell(fe, StatCsv.Column.REQ_RATE_MAX));
        assertEquals("35", cell(fe, StatCsv.Column.CONN_RATE));
        assertEquals("36", cell(fe, StatCsv.Column.CONN_RATE_MAX));
        assertEquals("0", cell(fe, StatCsv.Column.CACHE_LOOKUPS));
        assertEquals("", cell(fe, StatCsv.Column.LASTSESS));
        assertEquals("", cell(fe, StatCsv.Column.CTIME));
        assertEquals("", cell(fe, StatCsv.Column.TRACKED));
        assertEquals("", cell(fe, StatCsv.Column.AGG_SERVER_STATUS));
    }

    @Test
    void serverAndBackendRowsOfAnHttpProxy() {
        final List<StatRow> rows = rows("http");
        final StatRow sv = rows.get(1);
        final StatRow be = rows.get(2);
        assertEquals("", cell(sv, StatCsv.Column.DREQ));
        assertEquals("11", cell(be, StatCsv.Column.DREQ));
        assertEquals("", cell(sv, StatCsv.Column.EREQ));
        assertEquals("", cell(be, StatCsv.Column.EREQ));
        assertEquals("", cell(be, StatCsv.Column.INTERCEPTED));
        assertEquals("19", cell(sv, StatCsv.Column.REQ_TOT));
        assertEquals("19", cell(be, StatCsv.Column.REQ_TOT));
        assertEquals("24", cell(sv, StatCsv.Column.HRSP_4XX));
        assertEquals("", cell(sv, StatCsv.Column.CACHE_HITS));
        assertEquals("0", cell(be, StatCsv.Column.CACHE_HITS));
        assertEquals("", cell(be, StatCsv.Column.REQ_RATE));
        assertEquals("", cell(sv, StatCsv.Column.CONN_RATE));
        assertEquals("37", cell(sv, StatCsv.Column.LASTSESS));
        assertEquals("38", cell(be, StatCsv.Column.CTIME));
        assertEquals("39", cell(sv, StatCsv.Column.RTIME));
        assertEquals("43", cell(be, StatCsv.Column.TTIME_MAX));
        assertEquals("44", cell(sv, StatCsv.Column.THROTTLE));
        assertEquals("", cell(be, StatCsv.Column.THROTTLE));
        assertEquals("be/s0", cell(sv, StatCsv.Column.TRACKED));
        assertEquals("", cell(sv, StatCsv.Column.AGG_CHECK_STATUS));
        assertEquals("0", cell(be, StatCsv.Column.AGG_CHECK_STATUS));
        assertEquals("", cell(be, StatCsv.Column.RATE_LIM));
    }

    @Test
    void tcpProxiesShowNoHttpColumnsButTheFrontendsRequestCount() {
        final List<StatRow> rows = rows("tcp");
        assertEquals("19", cell(rows.get(0), StatCsv.Column.REQ_TOT));
        assertEquals("33", cell(rows.get(0), StatCsv.Column.REQ_RATE));
        assertEquals("", cell(rows.get(0), StatCsv.Column.HRSP_2XX));
        assertEquals("", cell(rows.get(0), StatCsv.Column.INTERCEPTED));
        assertEquals("", cell(rows.get(0), StatCsv.Column.CACHE_LOOKUPS));
        for (final StatRow r : rows.subList(1, 3)) {
            assertEquals("", cell(r, StatCsv.Column.REQ_TOT));
            assertEquals("", cell(r, StatCsv.Column.HRSP_2XX));
            assertEquals("", cell(r, StatCsv.Column.CACHE_LOOKUPS));
            assertEquals("31", cell(r, StatCsv.Column.RATE));
        }
    }
}
