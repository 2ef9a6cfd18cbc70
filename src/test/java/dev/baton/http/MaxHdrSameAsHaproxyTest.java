package dev.baton.http;

import dev.baton.log.Haproxy26;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code tune.http.maxhdr} side by side with HAProxy 2.6: the start line counts, so under {@code tune.http.maxhdr 5}
 * a request may carry 4 headers (Host included) and one with 5 gets 400; under 150 (above the default 101) 149 pass
 * and 150 do not; by default 100 pass and 101 do not.
 */
class MaxHdrSameAsHaproxyTest {
    @TempDir
    Path dir;

    /** For each count, the status of a request with that many headers (Host and count - 1 others). */
    private static SideBySide.Scenario statuses(final int... counts) {
        return (port, linesOf) -> {
            final List<String> out = new ArrayList<>();
            for (final int n : counts) {
                final String[] request = new String[n + 1];
                request[0] = "GET";
                request[1] = "/";
                for (int i = 2; i <= n; i++) {
                    request[i] = "x-" + i + ": v";
                }
                out.add(n + " headers: " + SideBySide.send(port, request).response().status);
            }
            return out;
        };
    }

    private List<List<String>> both(final String tune, final int... counts) throws Exception {
        Haproxy26.assumeInstalled();
        return SideBySide.run(dir, (global, port) -> SideBySide.answering(tune, global, port), statuses(counts));
    }

    @Test
    void aLowLimitCountsTheStartLine() throws Exception {
        final List<List<String>> both = both("    tune.http.maxhdr 5\n", 1, 4, 5, 6);
        assertEquals(List.of("1 headers: 200", "4 headers: 200", "5 headers: 400", "6 headers: 400"), both.get(0),
            "HAProxy's");
        assertEquals(both.get(0), both.get(1));
    }

    @Test
    void aLimitAboveTheDefaultLetsMoreThrough() throws Exception {
        final List<List<String>> both = both("    tune.http.maxhdr 150\n", 149, 150);
        assertEquals(List.of("149 headers: 200", "150 headers: 400"), both.get(0), "HAProxy's");
        assertEquals(both.get(0), both.get(1));
    }

    @Test
    void theDefaultIs101LinesThatIs100Headers() throws Exception {
        final List<List<String>> both = both("", 100, 101);
        assertEquals(List.of("100 headers: 200", "101 headers: 400"), both.get(0), "HAProxy's");
        assertEquals(both.get(0), both.get(1));
    }

    /** Header edits follow heads beyond the first 101 headers (their bit sets grow with them). */
    @Test
    void editsReachHeadersBeyondTheDefaultCount() {
        final HeaderEdits edits = new HeaderEdits();
        assertFalse(edits.isDropped(500));
        edits.drop(500);
        assertTrue(edits.isDropped(500));
        assertFalse(edits.isDropped(499));
        edits.clear();
        assertFalse(edits.isDropped(500));
    }
}
