package dev.baton;

import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigException;
import dev.baton.config.ConfigLoader;
import dev.baton.config.GlobalConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The global settings a reload cannot apply to running reactors are named in the reload's answer. */
class RestartOnlySettingsTest {
    private static GlobalConfig global(final String... lines) throws ConfigException {
        final String text = "global\n    " + String.join("\n    ", lines) + "\n";
        final BatonConfig c = ConfigLoader.parse("t.cfg", text, Map.of());
        return c.global();
    }

    @Test
    void bufferSettingsNeedARestart() throws ConfigException {
        final GlobalConfig before = global("nbthread 2");
        assertEquals(List.of(), GenerationSwitch.needRestart(before, global("nbthread 2")));
        assertEquals(List.of("nbthread changed: a restart applies it (the reactors stay as they are)",
                "tune.bufsize or tune.maxrewrite changed: a restart applies it (the reactors' buffers stay)"),
            GenerationSwitch.needRestart(before, global("nbthread 1", "tune.bufsize 32k")));
        assertEquals(List.of(
                "tune.bufsize or tune.maxrewrite changed: a restart applies it (the reactors' buffers stay)"),
            GenerationSwitch.needRestart(before, global("nbthread 2", "tune.maxrewrite 2048")));
    }

    /** The tune.* settings the reactors' workspaces and pools were built with; the listeners' apply at once. */
    @Test
    void tuneSettingsOfTheReactorsNeedARestart() throws ConfigException {
        final GlobalConfig before = global("nbthread 2");
        assertEquals(List.of(
                "tune.http.maxhdr or tune.http.logurilen changed: a restart applies it (the reactors' request "
                    + "workspaces stay)",
                "tune.h2.* changed: a restart applies it (the reactors' HTTP/2 settings stay)",
                "tune.rcvbuf.server or tune.sndbuf.server changed: a restart applies it"),
            GenerationSwitch.needRestart(before, global("nbthread 2", "tune.http.maxhdr 50",
                "tune.h2.max-concurrent-streams 10", "tune.sndbuf.server 8192")));
        assertEquals(List.of(), GenerationSwitch.needRestart(before, global("nbthread 2", "tune.maxaccept 8",
            "tune.rcvbuf.client 8192", "tune.http.cookielen 10", "tune.ssl.hard-maxrecord 1000")),
            "applied by the reload");
    }
}
