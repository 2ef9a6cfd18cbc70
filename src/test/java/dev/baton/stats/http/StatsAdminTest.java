package dev.baton.stats.http;

import dev.baton.backend.Backend;
import dev.baton.backend.Server;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stats admin if COND} on the stats page served by a running baton: when the condition holds, each
 * backend table is a form (a checkbox per server, ready/drain/maint, Apply) whose POST changes server states
 * as {@code set server ... state} does and redirects (303) to the page; otherwise no forms, and a POST is
 * refused (403) with no state changed.
 */
class StatsAdminTest {
    @Test
    void pageOffersFormsWhenTheAdminConditionHolds() throws Exception {
        try (StatsRig rig = new StatsRig("    stats admin if TRUE"); HttpClient c = HttpClient.open(rig.port)) {
            final String page = c.get("/stats").body();
            assertTrue(page.contains("<form method=\"post\" action=\"/stats\">"), "a form per backend");
            assertTrue(page.contains("<input type=\"checkbox\" name=\"s\" value=\"web3\"/>web3</td>"), "web3's box");
            assertTrue(page.contains("<input type=\"checkbox\" name=\"s\" value=\"api-b\"/>api-b</td>"), "api-b's box");
            assertTrue(page.contains("<input type=\"hidden\" name=\"b\" value=\"app\"/>"));
            assertTrue(page.contains("<input type=\"hidden\" name=\"b\" value=\"api\"/>"));
            for (final String action : new String[] {"ready", "drain", "maint"}) {
                assertTrue(page.contains("<option value=\"" + action + "\">"), action);
            }
            assertTrue(page.contains("<input type=\"submit\" value=\"Apply\"/>"));
        }
    }

    @Test
    void postSetsMaintThenReadyAndRedirects() throws Exception {
        try (StatsRig rig = new StatsRig("    stats admin if LOCALHOST"); HttpClient c = HttpClient.open(rig.port)) {
            final HttpClient.Response maint = c.post("/stats", "b=app&s=web3&s=web4&action=maint", false);
            assertEquals(303, maint.status());
            assertEquals("/stats;st=DONE", maint.header("Location"));
            assertEquals(Server.AdminState.MAINT, server(rig, "app", "web3").adminState());
            assertEquals(Server.AdminState.MAINT, server(rig, "app", "web4").adminState());
            assertEquals(Server.AdminState.READY, server(rig, "app", "web5").adminState());
            assertTrue(rig.cli("show servers state app").contains("app 4 web3 127.0.0.1 0 1 "),
                "the runtime API sees it (op state stopped, admin state forced maint)");
            // the connection goes on: the page after the redirect says so and shows the rows in maintenance
            final String page = c.get("/stats;st=DONE").body();
            assertTrue(page.contains("Action processed successfully."));
            assertTrue(page.contains("<tr class=\"maintain\"><td class=\"ac\"><input type=\"checkbox\" name=\"s\" "
                + "value=\"web3\"/>web3</td>"));
            // the body sent apart from the head is waited for
            final HttpClient.Response drain = c.post("/stats", "b=app&s=web3&action=drain", true);
            assertEquals(303, drain.status());
            assertEquals(Server.AdminState.DRAIN, server(rig, "app", "web3").adminState());
            final HttpClient.Response ready = c.post("/stats", "b=app&s=web3&s=web4&action=ready", false);
            assertEquals("/stats;st=DONE", ready.header("Location"));
            assertEquals(Server.AdminState.READY, server(rig, "app", "web3").adminState());
            assertEquals(Server.AdminState.READY, server(rig, "app", "web4").adminState());
        }
    }

    @Test
    void postReportsPartialAndInvalidForms() throws Exception {
        try (StatsRig rig = new StatsRig("    stats admin if TRUE"); HttpClient c = HttpClient.open(rig.port)) {
            assertEquals("/stats;st=PART", c.post("/stats", "b=api&s=api-a&s=nope&action=maint", false)
                .header("Location"));
            assertEquals(Server.AdminState.MAINT, server(rig, "api", "api-a").adminState());
            assertEquals("/stats;st=ERRP", c.post("/stats", "b=api&s=api-b&action=explode", false).header("Location"));
            assertEquals("/stats;st=ERRP", c.post("/stats", "b=nope&s=api-b&action=maint", false).header("Location"));
            assertEquals("/stats;st=NONE", c.post("/stats", "b=api&action=maint", false).header("Location"));
            assertEquals(Server.AdminState.READY, server(rig, "api", "api-b").adminState());
            assertEquals(200, c.get("/stats").status(), "the connection is still usable");
        }
    }

    @Test
    void bodyLargerThanABufferIsRefused() throws Exception {
        try (StatsRig rig = new StatsRig("    stats admin if TRUE");
             Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", rig.port), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /stats HTTP/1.1\r\nHost: baton\r\nContent-Length: 10000000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            final String answer = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 413", answer);
        }
    }

    @Test
    void withoutAdminNoFormsAndPostIsForbidden() throws Exception {
        try (StatsRig rig = new StatsRig("    stats admin if FALSE"); HttpClient c = HttpClient.open(rig.port)) {
            final String page = c.get("/stats").body();
            assertFalse(page.contains("<form"), "no forms");
            assertFalse(page.contains("type=\"checkbox\""));
            final HttpClient.Response post = c.post("/stats", "b=app&s=web3&action=maint", false);
            assertEquals(403, post.status());
            assertEquals(Server.AdminState.READY, server(rig, "app", "web3").adminState());
        }
        try (StatsRig rig = new StatsRig(); HttpClient c = HttpClient.open(rig.port)) {
            assertEquals(403, c.post("/stats", "b=app&s=web3&action=maint", false).status(), "no stats admin at all");
            assertEquals(Server.AdminState.READY, server(rig, "app", "web3").adminState());
        }
    }

    private static Server server(final StatsRig rig, final String backend, final String name) throws IOException {
        final Backend b = rig.daemon.daemon().backend(backend);
        for (final Server s : b.servers()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IOException("no server " + backend + "/" + name);
    }
}
