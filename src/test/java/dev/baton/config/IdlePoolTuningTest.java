package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdlePoolTuningTest {
    @Test
    void defaultsValuesAndLaterLinesWin() throws ConfigException {
        assertEquals(IdlePoolTuning.DEFAULT, ConfigTexts.parse("global").idlePool());
        assertEquals(new IdlePoolTuning(20, 25, true), IdlePoolTuning.DEFAULT);
        assertEquals(new IdlePoolTuning(0, 100, false), ConfigTexts.parse(
            "global",
            "    tune.pool-low-fd-ratio 10",
            "    tune.idle-pool.shared off",
            "    tune.pool-high-fd-ratio 100",
            "global",
            "    tune.pool-low-fd-ratio 0").idlePool());
        assertEquals(new IdlePoolTuning(20, 25, true), ConfigTexts.parse(
            "global",
            "    tune.idle-pool.shared off",
            "    tune.idle-pool.shared full").idlePool());
    }

    @Test
    void countsRoundUpAsHaproxy() {
        assertEquals(200, IdlePoolTuning.DEFAULT.lowCount(1000));
        assertEquals(250, IdlePoolTuning.DEFAULT.highCount(1000));
        assertEquals(3, IdlePoolTuning.DEFAULT.lowCount(11));
        assertEquals(0, new IdlePoolTuning(0, 0, true).highCount(1000));
    }

    @Test
    void errors() {
        assertEquals(List.of(
            "t.cfg:2: 'tune.pool-low-fd-ratio' expects an integer between 0 and 100, got '101'",
            "t.cfg:3: 'tune.pool-high-fd-ratio' expects an integer between 0 and 100",
            "t.cfg:4: 'tune.idle-pool.shared' expects one of on, full, off, got 'yes'",
            "t.cfg:5: 'tune.idle-pool.shared' cannot handle unexpected argument 'now'",
            "t.cfg:6: 'tune.pool-low-fd-ratio' cannot handle unexpected argument '20'",
            "t.cfg:7: unknown keyword 'tune.pool-low-fd-ration' in 'global' section; did you mean "
                + "'tune.pool-low-fd-ratio'?",
            "t.cfg:9: 'tune.pool-low-fd-ratio' is not allowed in a 'backend' section"),
            ConfigTexts.errors(
                "global",                                   // 1
                "    tune.pool-low-fd-ratio 101",           // 2
                "    tune.pool-high-fd-ratio",              // 3
                "    tune.idle-pool.shared yes",            // 4
                "    tune.idle-pool.shared on now",         // 5
                "    tune.pool-low-fd-ratio 10 20",         // 6
                "    tune.pool-low-fd-ration 10",           // 7
                "backend b",                                // 8
                "    tune.pool-low-fd-ratio 10",            // 9
                "    timeout connect 1s",                   // 10
                "    timeout server 1s",                    // 11
                "    server s 127.0.0.1:1"));               // 12
    }
}
