package dev.baton.stats.render;

import dev.baton.stats.StatsSnapshot;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsPageTest {
    private static final StatsSnapshot SNAPSHOT = SampleSnapshot.build();
    private static final StatsPage.Options OPTIONS = new StatsPage.Options("/stats", 10);

    /** Parses the page as XML: it must be well-formed. */
    private static Document parse(final String html) throws Exception {
        final DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", false);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<Element> elements(final Document doc, final String tag) {
        final NodeList nodes = doc.getElementsByTagName(tag);
        final List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    /** The cells of the table row whose first cell reads {@code first}, in table {@code id}. */
    private static List<String> row(final Document doc, final String id, final String first) {
        for (final Element table : elements(doc, "table")) {
            if (!table.getAttribute("id").equals(id)) {
                continue;
            }
            final NodeList rows = table.getElementsByTagName("tr");
            for (int i = 0; i < rows.getLength(); i++) {
                final NodeList cells = ((Element) rows.item(i)).getElementsByTagName("td");
                if (cells.getLength() > 0 && cells.item(0).getTextContent().equals(first)) {
                    final List<String> out = new ArrayList<>();
                    for (int c = 0; c < cells.getLength(); c++) {
                        out.add(cells.item(c).getTextContent());
                    }
                    out.add("class=" + ((Element) rows.item(i)).getAttribute("class"));
                    return out;
                }
            }
        }
        throw new AssertionError("no row " + first + " in " + id);
    }

    @Test
    void oneTablePerProxyThenTheReactors() throws Exception {
        final Document doc = parse(StatsPage.render(SNAPSHOT, OPTIONS));
        final List<String> ids = new ArrayList<>();
        for (final Element t : elements(doc, "table")) {
            if (t.getAttribute("class").equals("tbl")) {
                ids.add(t.getAttribute("id"));
            }
        }
        assertEquals(List.of("fe", "be", "ad\"min", "threads"), ids);
        assertEquals("baton statistics report", elements(doc, "h1").get(0).getTextContent());
    }

    @Test
    void rowsShowStateColoursSessionsBytesReuseAndPool() throws Exception {
        final Document doc = parse(StatsPage.render(SNAPSHOT, OPTIONS));
        // session rate (no limit: no rate-limit sessions), sessions, bytes, denied requests and responses, the
        // frontend's request errors
        assertEquals(List.of("Frontend", "", "", "", "0", "0", "", "3", "9", "480", "118", "", "", "11K", "115K", "0",
            "0", "0", "", "", "", "", "OPEN", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
            "class=frontend"), row(doc, "fe", "Frontend"));
        // queue: current, max and maxqueue as HAProxy's page shows them ("-" without maxqueue); "never" a session
        assertEquals(List.of("s1", "4", "7", "10", "0", "0", "", "2", "5", "100", "70", "70", "never", "7000", "68K",
            "", "0", "", "1", "2", "3", "4", "no check", "1m1s", "", "3/3", "Y", "-", "", "", "", "70", "35", "33.3%",
            "1", "2", "3", "5", "16", "class=active_no_check"), row(doc, "be", "s1"),
            "HAProxy 2.6: a server without check is grey");
        assertEquals("class=maintain", row(doc, "be", "s2").get(39));
        assertEquals("MAINT", row(doc, "be", "s2").get(22));
        assertEquals(List.of("0", "0", "-"), row(doc, "be", "s2").subList(1, 4), "no queue, no maxqueue");
        assertEquals("class=backup_draining", row(doc, "be", "s3").get(39));
        assertEquals("-", row(doc, "be", "s3").get(33), "no connection yet: no reuse ratio");
        final List<String> backend = row(doc, "be", "Backend");
        // the backend's own queue, no queue limit, and its fullconn as its sessions' limit, as HAProxy's page
        assertEquals(List.of("3", "9", "", "0", "0", "", "2", "6", "48"), backend.subList(1, 10));
        assertEquals(List.of("UP", "9s", "", "3/4", "1", "0", "", "2", "4s", "80", "40", "33.3%"),
            backend.subList(22, 34));
        assertEquals("class=backend", backend.get(backend.size() - 1));
        assertEquals(List.of("2", "900", "12", "450", "58", "2", "3", "0", "0", "2", "class=frontend"),
            row(doc, "threads", "2"));
    }

    /** HAProxy's page's session rate, last session, denied and error cells, per row type. */
    @Test
    void rateLastSessionDeniedAndErrorCells() throws Exception {
        final Document doc = parse(StatsPage.render(SampleSnapshot.withHttp(), OPTIONS));
        // rate cur, max, limit; sessions cur, max, limit, total, lbtot, last; bytes; denied req, resp; errors req,
        // conn, resp
        assertEquals(List.of("31", "32", ""), row(doc, "web", "Frontend").subList(4, 7));
        assertEquals(List.of("", ""), row(doc, "web", "Frontend").subList(11, 13));
        assertEquals(List.of("11", "12", "13", "", ""), row(doc, "web", "Frontend").subList(15, 20));
        assertEquals(List.of("37s", "", "12", "", "0", "0"), concat(row(doc, "web", "s1").subList(12, 13),
            row(doc, "web", "s1").subList(15, 20)));
        assertEquals(List.of("37s", "11", "12", "", "0", "0"), concat(row(doc, "web", "Backend").subList(12, 13),
            row(doc, "web", "Backend").subList(15, 20)));
    }

    private static List<String> concat(final List<String> a, final List<String> b) {
        final List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    @Test
    void refreshAndCsvLinksFollowTheOptions() throws Exception {
        final String page = StatsPage.render(SNAPSHOT, OPTIONS);
        assertTrue(page.contains("<meta http-equiv=\"refresh\" content=\"10\"/>"));
        assertTrue(page.contains("<a href=\"/stats;csv\">CSV export</a>"));
        final StatsPage.Response still = StatsPage.serve(SNAPSHOT, OPTIONS, ";norefresh");
        assertEquals(StatsPage.HTML_TYPE, still.contentType());
        assertFalse(still.body().contains("http-equiv"));
        parse(still.body());
        final StatsPage.Response csv = StatsPage.serve(SNAPSHOT, OPTIONS, ";csv;norefresh");
        assertEquals(StatsPage.CSV_TYPE, csv.contentType());
        assertEquals(StatCsv.render(SNAPSHOT, true), csv.body());
    }

    @Test
    void namesAreEscaped() {
        final String page = StatsPage.render(SNAPSHOT, new StatsPage.Options("/st<a>ts", 0));
        assertTrue(page.contains("id=\"ad&quot;min\""));
        assertTrue(page.contains("href=\"/st&lt;a&gt;ts;csv\""));
        assertFalse(page.contains("ad\"min"));
        assertEquals("a&amp;b&#39;", StatsPage.esc("a&b'"));
    }

    @Test
    void bytesGetBinaryUnits() {
        assertEquals("9999", StatsPage.bytes(9999));
        assertEquals("9K", StatsPage.bytes(10_000));
        assertEquals("9765K", StatsPage.bytes(9_999_999));
        assertEquals("9M", StatsPage.bytes(10_240_000));
    }
}
