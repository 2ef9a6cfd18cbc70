package dev.baton.stats.http;

import dev.baton.support.ExternalTool;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 and baton serving the stats page of the same configuration ({@code node}, {@code description},
 * {@code stats realm}, {@code auth}, {@code hide-version}, {@code show-node}, {@code show-desc},
 * {@code show-legends}): the same realm is announced, the same node and description follow the pid in the
 * title and heading, neither shows a version, and the legends carry the same capabilities, modes, ids,
 * addresses and algorithms. The markup differs; the facts must not.
 *
 * <p>Runs where {@code haproxy} is installed; skipped elsewhere, except under CI (environment {@code CI} set),
 * where a missing haproxy fails. HAProxy is stopped by its process handle at the end.
 */
class HaproxySideBySideStatsPageTest {
    /** The tooltip texts {@code stats show-legends} adds, whatever the quoting of the class attribute. */
    private static final Pattern LEGEND = Pattern.compile("<div class=\"?tips\"?>((?:cap|IPv4|balancing): [^<]*)</div>");
    private static final Pattern TITLE = Pattern.compile("<title>([^<]*)</title>");
    private static final String AUTH = "Basic " + Base64.getEncoder()
        .encodeToString("ops:pw".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private static String config(final int port, final int serverPort) {
        return String.join("\n",
            "global",
            "    node edge-2.eu",
            "    description Shared  edge",
            "defaults",
            "    mode http",
            "    timeout connect 1s",
            "    timeout client 10s",
            "    timeout server 10s",
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    stats uri /st",
            "    stats realm Edge\\ stats",
            "    stats auth ops:pw",
            "    stats hide-version",
            "    stats show-node",
            "    stats show-desc",
            "    stats show-legends",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:" + serverPort,
            "    server s2 127.0.0.1:" + (serverPort + 1),
            "");
    }

    private static HttpResponse<String> get(final HttpClient client, final int port, final boolean auth)
        throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/st"))
            .timeout(Duration.ofSeconds(10));
        if (auth) {
            b.header("Authorization", AUTH);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static TreeSet<String> legends(final String page) {
        final TreeSet<String> out = new TreeSet<>();
        final Matcher m = LEGEND.matcher(page);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static String title(final String page) {
        final Matcher m = TITLE.matcher(page);
        assertTrue(m.find(), page);
        return m.group(1);
    }

    /** The heading that follows the pid, from " on " to its end (HAProxy's h2, baton's h2). */
    private static String afterPid(final String page, final long pid) {
        final String marker = "pid " + pid;
        final int at = page.indexOf(marker, page.indexOf("<h2>"));
        assertTrue(at >= 0, page);
        return page.substring(at + marker.length(), page.indexOf("</h2>", at));
    }

    @Test
    void sameRealmNodeDescriptionAndLegendsAsHaproxy() throws Exception {
        ExternalTool.requireHaproxy();
        final int serverPort = 1;
        final HttpClient client = HttpClient.newHttpClient();
        Process haproxy = null;
        // haproxy's port is chosen once baton holds its own, so that the two never get the same free port
        try (RunningDaemon baton = RunningDaemon.start(config(RunningDaemon.freePort(), serverPort))) {
            final int hPort = RunningDaemon.freePort();
            final Path hc = Files.writeString(dir.resolve("h.cfg"), config(hPort, serverPort));
            haproxy = new ProcessBuilder("haproxy", "-db", "-f", hc.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.out").toFile()).start();
            await("haproxy listening").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .ignoreExceptions().until(() -> get(client, hPort, false).statusCode() == 401);
            final HttpResponse<String> hDenied = get(client, hPort, false);
            final HttpResponse<String> bDenied = get(client, baton.port("fe"), false);
            assertEquals(401, bDenied.statusCode());
            assertEquals("Basic realm=\"Edge stats\"", hDenied.headers().firstValue("www-authenticate").orElse(""));
            assertEquals(hDenied.headers().firstValue("www-authenticate"),
                bDenied.headers().firstValue("www-authenticate"));

            final String h = get(client, hPort, true).body();
            final String b = get(client, baton.port("fe"), true).body();
            assertTrue(title(h).endsWith(" on edge-2.eu"), title(h));
            assertTrue(title(b).endsWith(" on edge-2.eu"), title(b));
            assertEquals(" on edge-2.eu: Shared edge", afterPid(h, haproxy.pid()), "HAProxy's heading, as expected");
            assertEquals(afterPid(h, haproxy.pid()), afterPid(b, ProcessHandle.current().pid()));
            assertFalse(h.contains("version"), "hidden by HAProxy");
            assertFalse(b.contains("version"), "hidden by baton");

            final TreeSet<String> hLegends = legends(h);
            assertTrue(hLegends.contains("cap: frontend, mode: http, id: 1"), hLegends.toString());
            assertTrue(hLegends.contains("IPv4: 127.0.0.1:2, id: 2"), hLegends.toString());
            assertEquals(hLegends, legends(b));
        } finally {
            if (haproxy != null) {
                haproxy.destroy();
                if (!haproxy.waitFor(10, TimeUnit.SECONDS)) {
                    haproxy.destroyForcibly();
                }
            }
        }
    }
}
