package dev.baton.backend;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HAProxy's {@code srv_dynamic_maxconn} and its post-parse rule, branch by branch. Each expected value is worked
 * out by hand from HAProxy 2.6's formula in the comment beside it (integer division throughout).
 */
class DynamicMaxconnTest {
    @ParameterizedTest(name = "maxconn {0} minconn {1} fullconn {2} beconn {3} starting {4} ramp {5}% -> {6}")
    @CsvSource({
        // no maxconn: no limit, reported as 0
        "0,   0,   100,  50,    false, 100, 0",
        "0,   0,   100,  50,    true,  50,  0",     // not "1" as HAProxy's unused answer would be
        // only maxconn: minconn takes it, static
        "100, 0,   1000, 10,    false, 100, 100",
        // minconn == maxconn: static even below fullconn
        "100, 100, 1000, 10,    false, 100, 100",
        // dynamic: max(minconn, beconn * maxconn / fullconn) below fullconn
        "100, 10,  1000, 0,     false, 100, 10",    // 0 * 100 / 1000 = 0 -> minconn 10
        "100, 10,  1000, 50,    false, 100, 10",    // 50 * 100 / 1000 = 5 -> minconn 10
        "100, 10,  1000, 500,   false, 100, 50",    // 500 * 100 / 1000 = 50
        "100, 10,  1000, 999,   false, 100, 99",    // 99900 / 1000 = 99 (rounded down)
        "7,   1,   1000, 333,   false, 100, 2",     // 2331 / 1000 = 2
        // dynamic at or above fullconn: maxconn
        "100, 10,  1000, 1000,  false, 100, 100",
        "100, 10,  1000, 5000,  false, 100, 100",
        // only minconn: maxconn takes it, static
        "0,   20,  1000, 0,     false, 100, 20",
        "0,   20,  1000, 5000,  false, 100, 20",
        // minconn above maxconn: maxconn takes it, static
        "10,  30,  1000, 0,     false, 100, 30",
        "10,  30,  1000, 5000,  false, 100, 30",
        // fullconn 0 (never after resolution) counts as reached; fullconn 1 with an empty backend does not
        "100, 10,  0,    0,     false, 100, 100",
        "100, 10,  1,    0,     false, 100, 10",    // max(10, 0 * 100 / 1) = 10
        // slowstart: limit * ramp / 100, at least 1
        "100, 0,   1000, 0,     true,  50,  50",    // 100 * 50 / 100 = 50
        "100, 0,   1000, 0,     true,  0,   1",     // 0 -> floor 1
        "3,   0,   1000, 0,     true,  33,  1",     // 99 / 100 = 0 -> floor 1
        "7,   0,   1000, 0,     true,  50,  3",     // 350 / 100 = 3
        "100, 10,  1000, 500,   true,  10,  5",     // dynamic 50, then 500 / 100 = 5
        "100, 10,  1000, 500,   true,  100, 50",    // the whole ramp: unchanged
        "100, 10,  1000, 500,   false, 10,  50",    // not starting: the ramp is ignored
        "0,   20,  1000, 0,     true,  50,  10",    // only minconn 20 (static), 1000 / 100 = 10
        // HAProxy's 32-bit product 1999999999 * 2000000000 would wrap; baton keeps the exact quotient
        "2000000000, 1, 2000000000, 1999999999, false, 100, 1999999999",
    })
    void limit(final int maxconn, final int minconn, final int fullconn, final int beconn, final boolean starting,
               final int rampPercent, final int expected) {
        assertEquals(expected, DynamicMaxconn.limit(maxconn, minconn, fullconn, beconn, starting, rampPercent));
    }

    @Test
    void theNormalizedFormKeepsAMinconnAboveMaxconnAfterARuntimeChange() {
        // a dynamic server (minconn 100, maxconn 200) lowered to maxconn 50 at run time keeps minconn 100
        final int minconn = DynamicMaxconn.minconnAfterMaxconnChange(200, 100, 50);
        assertEquals(100, minconn);
        // below fullconn: max(100, 10 * 50 / 1000 = 0) = 100; at fullconn: maxconn 50
        assertEquals(100, DynamicMaxconn.limitOfNormalized(50, minconn, 1000, 10, false, 100));
        assertEquals(50, DynamicMaxconn.limitOfNormalized(50, minconn, 1000, 1000, false, 100));
        // limit() would read the same pair as configured values, where minconn 100 replaces maxconn 50
        assertEquals(100, DynamicMaxconn.limit(50, minconn, 1000, 1000, false, 100));
        // maxconn 0 is no limit in the normalized form too
        assertEquals(0, DynamicMaxconn.limitOfNormalized(0, 100, 1000, 10, false, 100));
    }

    @ParameterizedTest(name = "maxconn {0} minconn {1} -> maxconn {2} minconn {3}")
    @CsvSource({
        "0,   0,   0,   0",     // neither: no limit
        "100, 0,   100, 100",   // only maxconn: static
        "0,   20,  20,  20",    // only minconn: static at minconn
        "10,  30,  30,  30",    // minconn above maxconn: static at minconn
        "100, 10,  100, 10",    // dynamic: unchanged
        "100, 100, 100, 100",   // static: unchanged
    })
    void postParseRule(final int maxconn, final int minconn, final int expectedMax, final int expectedMin) {
        assertEquals(expectedMax, DynamicMaxconn.normalizedMaxconn(maxconn, minconn));
        assertEquals(expectedMin, DynamicMaxconn.normalizedMinconn(maxconn, minconn));
    }

    @ParameterizedTest(name = "maxconn {0} minconn {1}, set maxconn {2} -> minconn {3}")
    @CsvSource({
        "100, 100, 50,  50",    // static: both follow
        "0,   0,   50,  50",    // no limit is static too: both become 50
        "100, 10,  50,  10",    // dynamic: minconn kept
        "100, 10,  5,   10",    // dynamic: kept even above the new maxconn
    })
    void runtimeMaxconnChange(final int maxconn, final int minconn, final int newMaxconn, final int expected) {
        assertEquals(expected, DynamicMaxconn.minconnAfterMaxconnChange(maxconn, minconn, newMaxconn));
    }
}
