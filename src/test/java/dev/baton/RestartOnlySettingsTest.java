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
}
