package dev.baton.stats.http;

import dev.baton.support.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real browser loads the stats page from a running baton: headless Chromium's DOM has a row for every
 * server, and a screenshot of the page is left in {@code target/stats-page.png}. Skipped where Chromium is
 * not installed (Debian package {@code chromium}; CI installs it).
 */
class StatsPageChromiumTest {
    private static final long LIMIT_S = 90;

    @Test
    void chromiumShowsEveryServerRow(@TempDir final Path profile) throws Exception {
        assumeTrue(ExternalTool.available("chromium"), "chromium is not installed (apt-get install chromium); "
            + "CI installs it");
        try (StatsRig rig = new StatsRig()) {
            final String url = "http://127.0.0.1:" + rig.port + "/stats;norefresh";
            final String dom = chromium(profile.resolve("dom"), "--dump-dom", url);
            assertTrue(dom.contains("statistics report"), dom);
            for (final String name : rig.serverNames) {
                assertTrue(dom.contains("<td class=\"ac\">" + name + "</td>"), name + " has a row in the DOM");
            }
            final Path png = Path.of("target", "stats-page.png").toAbsolutePath();
            Files.deleteIfExists(png);
            chromium(profile.resolve("shot"), "--screenshot=" + png, "--window-size=1400,900", url);
            assertTrue(Files.size(png) > 10_000, "a screenshot of the page: " + png);
        }
    }

    /** Runs headless Chromium with {@code args}; its standard output, within {@link #LIMIT_S}. */
    private static String chromium(final Path profile, final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        final Path out = Files.createTempFile("chromium", ".out");
        final Path err = Files.createTempFile("chromium", ".log");
        try {
            final Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .start();
            p.getOutputStream().close();
            if (!p.waitFor(LIMIT_S, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("chromium did not end within " + LIMIT_S + " s");
            }
            assertEquals(0, p.exitValue(), "chromium exit status; its log:\n" + Files.readString(err));
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
