package dev.baton.stats.http;

import dev.baton.stats.StatsCollector;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stats realm}, {@code stats hide-version}, {@code stats show-node}, {@code stats show-desc},
 * {@code stats show-legends} and the global {@code node} and {@code description}, as a running baton serves
 * them: the same facts in the same places as HAProxy 2.6's page (the realm in WWW-Authenticate, the node in the
 * title and the heading after the pid, the description after the node, the version gone, tooltips on names).
 */
class StatsPageExtrasTest {
    private static final String PID = " pid " + ProcessHandle.current().pid();

    /** The page {@code /stats} of a baton with these global and frontend lines. */
    private static String page(final List<String> globalLines, final String... frontendLines) throws Exception {
        try (StatsRig rig = new StatsRig(globalLines, frontendLines); HttpClient c = HttpClient.open(rig.port)) {
            final HttpClient.Response r = c.get("/stats");
            assertEquals(200, r.status(), r.body());
            return r.body();
        }
    }

    @Test
    void realmIsTheOneBasicAuthenticationAnnounces() throws Exception {
        final String basic = Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
        try (StatsRig rig = new StatsRig(List.of(), "    stats realm Baton\\ Admin", "    stats auth admin:s3cret");
             HttpClient c = HttpClient.open(rig.port)) {
            assertEquals(200, c.get("/stats", "Authorization: Basic " + basic).status(), "the account still works");
            final HttpClient.Response denied = c.get("/stats");
            assertEquals("Basic realm=\"Baton Admin\"", denied.header("WWW-Authenticate"), "backslash-space unescaped");
            assertEquals(401, denied.status());
        }
    }

    @Test
    void hideVersionRemovesTheVersionOnly() throws Exception {
        final String version = "version " + StatsCollector.version();
        final String shown = page(List.of());
        assertTrue(shown.contains(version), "shown by default");
        assertFalse(shown.contains("<h2>"), "no node nor description by default, as HAProxy");
        final String hidden = page(List.of(), "    stats hide-version");
        assertFalse(hidden.contains(version), hidden);
        assertTrue(hidden.contains("<p>" + PID.substring(1) + ", "), "the pid stays");
        assertTrue(hidden.contains("web0"), "the tables stay");
    }

    @Test
    void showNodeAndShowDescTakeTheGlobalNodeAndDescription() throws Exception {
        final String page = page(List.of("node edge-7.eu", "description Europe   west #2"), "    stats show-node",
            "    stats show-desc");
        assertTrue(page.contains("<title>Statistics Report for baton" + PID + " on edge-7.eu</title>"), page);
        assertTrue(page.contains("<h2>" + PID.substring(1) + " on edge-7.eu: Europe west</h2>"),
            "words joined by one space, as HAProxy; '#' starts a comment");
    }

    @Test
    void showNodeAndShowDescWithTheirOwnTextOverrideTheGlobalOnes() throws Exception {
        final String page = page(List.of("node edge-7", "description global text"), "    stats show-node other-1",
            "    stats show-desc Customer <A> only");
        assertTrue(page.contains("<h2>" + PID.substring(1) + " on other-1: Customer &lt;A&gt; only</h2>"), page);
        assertFalse(page.contains("edge-7") || page.contains("global text"), "the global values are not shown");
    }

    @Test
    void showNodeWithoutAGlobalNodeShowsTheHostName() throws Exception {
        final String host = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        final String page = page(List.of(), "    stats show-node", "    stats show-desc");
        assertTrue(page.contains("<h2>" + PID.substring(1) + " on " + host + "</h2>"),
            "the host name, and no description when the global section has none: " + host);
    }

    @Test
    void showNodeAloneShowsNoDescription() throws Exception {
        final String page = page(List.of("node n1", "description d1"), "    stats show-node");
        assertTrue(page.contains("<h2>" + PID.substring(1) + " on n1</h2>"), page);
        assertFalse(page.contains("d1"));
    }

    @Test
    void showLegendsAddsCapabilitiesIdsAddressesAndAlgorithm() throws Exception {
        // the rig has a stats socket, whose internal proxy takes id 1 in HAProxy: fe is 2, app 3
        final String frontendTip = "<div class=\"tips\">cap: frontend, mode: http, id: 2</div>";
        final String plain = page(List.of());
        assertFalse(plain.contains("cap: ") || plain.contains("balancing: "), "off by default");
        try (StatsRig rig = new StatsRig("    stats show-legends"); HttpClient c = HttpClient.open(rig.port)) {
            final String page = c.get("/stats").body();
            assertTrue(page.contains("<u>fe" + frontendTip + "</u>"), page);
            assertTrue(page.contains("<u>app<div class=\"tips\">cap: backend, mode: http, id: 3</div></u>"));
            assertTrue(page.contains("<u>web0<div class=\"tips\">IPv4: 127.0.0.1:" + rig.live.port()
                + ", id: 1</div></u>"));
            assertTrue(page.contains("<u>web1<div class=\"tips\">IPv4: 127.0.0.1:1, id: 2</div></u>"));
            assertTrue(page.contains("<u>Backend<div class=\"tips\">balancing: first</div></u>"));
            assertTrue(page.contains("<u>Backend<div class=\"tips\">balancing: roundrobin</div></u>"), "api");
        }
    }
}
