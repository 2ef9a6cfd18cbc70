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
        assertEquals(List.of("Frontend", "", "", "", "3", "9", "480", "118", "", "11K", "115K", "", "", "", "",
            "OPEN", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "class=frontend"),
            row(doc, "fe", "Frontend"));
        // queue: current, max and maxqueue as HAProxy's page shows them ("-" without maxqueue)
        assertEquals(List.of("s1", "4", "7", "10", "2", "5", "100", "70", "70", "7000", "68K", "1", "2", "3", "4",
            "no check", "1m1s", "", "3/3", "Y", "-", "", "", "", "70", "35", "33.3%", "1", "2", "3", "5", "16",
            "class=active_no_check"), row(doc, "be", "s1"), "HAProxy 2.6: a server without check is grey");
        assertEquals("class=maintain", row(doc, "be", "s2").get(32));
        assertEquals("MAINT", row(doc, "be", "s2").get(15));
        assertEquals(List.of("0", "0", "-"), row(doc, "be", "s2").subList(1, 4), "no queue, no maxqueue");
        assertEquals("class=backup_draining", row(doc, "be", "s3").get(32));
        assertEquals("-", row(doc, "be", "s3").get(26), "no connection yet: no reuse ratio");
        final List<String> backend = row(doc, "be", "Backend");
        // the backend's own queue, no queue limit, and its fullconn as its sessions' limit, as HAProxy's page
        assertEquals(List.of("3", "9", "", "2", "6", "48"), backend.subList(1, 7));
        assertEquals(List.of("UP", "9s", "", "3/4", "1", "0", "", "2", "4s", "80", "40", "33.3%"),
            backend.subList(15, 27));
        assertEquals("class=backend", backend.get(backend.size() - 1));
        assertEquals(List.of("2", "900", "12", "450", "58", "2", "3", "0", "0", "2", "class=frontend"),
            row(doc, "threads", "2"));
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
