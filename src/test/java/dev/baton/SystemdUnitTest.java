package dev.baton;

import dev.baton.config.MasterSocketOption;
import dev.baton.config.StatsSocketConfig;
import dev.baton.support.ExternalTool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The systemd unit as shipped ({@code systemd/baton.service}): {@code systemd-analyze verify} finds nothing to say
 * about it, and its {@code ExecReload} asks, with {@code baton reload}, the socket its {@code ExecStart} opens with
 * {@code -S} (an admin socket, since {@code reload} needs admin).
 */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("systemd/baton.service");

    @TempDir
    Path dir;

    /** {@code systemd-analyze verify} on the unit, its binary pointed at the checkout's launcher (not installed). */
    @Test
    void systemdAnalyzeVerifyIsClean() throws Exception {
        final String launcher = Path.of("scripts/baton").toAbsolutePath().toString();
        assertTrue(Files.isExecutable(Path.of(launcher)), launcher);
        final Path unit = Files.writeString(dir.resolve("baton.service"),
            Files.readString(UNIT).replace("/usr/local/bin/baton", launcher));
        final ExternalTool.Result verify = ExternalTool.run("", "apt-get install systemd",
            "systemd-analyze", "verify", unit.toString());
        assertEquals(0, verify.status(), verify.output());
        assertEquals("", verify.output());
    }

    @Test
    void execReloadAsksTheSocketExecStartOpens() throws Exception {
        final String text = Files.readString(UNIT);
        final String start = directive(text, "ExecStart");
        final String reload = directive(text, "ExecReload");
        final String socket = environment(text, "MASTER_SOCKET");
        assertEquals("/run/baton/master.sock", socket);

        final Matcher startS = Pattern.compile(" -S (\\S+)").matcher(start);
        assertTrue(startS.find(), start);
        final List<String> warnings = new ArrayList<>();
        final StatsSocketConfig opened = MasterSocketOption.parse(startS.group(1).replace("${MASTER_SOCKET}", socket),
            warnings);
        assertEquals(StatsSocketConfig.Kind.UNIX, opened.kind());
        assertEquals(socket, opened.path());
        assertEquals(0600, opened.mode());
        assertEquals("admin", opened.level().keyword());
        assertEquals(List.of(), warnings);

        assertTrue(reload.startsWith("/usr/local/bin/baton reload -S $MASTER_SOCKET "), reload);
        assertTrue(start.startsWith("/usr/local/bin/baton -Ws "), start);
    }

    /** The value of the one {@code NAME=} line of the unit. */
    private static String directive(final String unit, final String name) {
        final List<String> values = unit.lines().filter(l -> l.startsWith(name + "="))
            .map(l -> l.substring(name.length() + 1)).toList();
        assertEquals(1, values.size(), name + ": " + values);
        return values.get(0);
    }

    /** The value {@code Environment=} gives {@code name}. */
    private static String environment(final String unit, final String name) {
        final Matcher m = Pattern.compile("\"" + name + "=([^\"]*)\"").matcher(directive(unit, "Environment"));
        assertTrue(m.find(), name);
        return m.group(1);
    }
}
