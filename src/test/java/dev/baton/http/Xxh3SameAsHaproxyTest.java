package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code xxh3([SEED])} converter in HAProxy 2.6 and in baton: the same signed 64-bit values for inputs of every
 * length class of XXH3 (0, 1-3, 4-8, 9-16, 17-128, 129-240 bytes, and long ones over one and several 1 KiB blocks),
 * without a seed, with a positive and with a negative one.
 */
class Xxh3SameAsHaproxyTest {
    private static final int[] LENGTHS = {0, 1, 3, 4, 7, 8, 9, 16, 17, 32, 33, 64, 65, 96, 97, 128, 129, 200, 240,
        241, 1024, 1025, 1087, 1088, 2500, 7000};

    @TempDir
    Path dir;

    private static String config(final int port) {
        return "defaults\n    mode http\n    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
            + "    http-request return status 200 content-type text/plain lf-string "
            + "\"%[req.hdr(x-in),xxh3] %[req.hdr(x-in),xxh3(12345)] %[req.hdr(x-in),xxh3(-7)] "
            + "%[str(abc),xxh3]\"\n";
    }

    /** An input of {@code n} bytes that varies along its length (letters and digits). */
    private static String input(final int n) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + (i * 7 + i / 26) % 26));
            if (i % 11 == 5) {
                b.setCharAt(i, (char) ('0' + i % 10));
            }
        }
        return b.toString();
    }

    private static List<String> run(final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final int n : LENGTHS) {
            try (RawHttp c = RawHttp.open(port)) {
                final RawHttp.Response r = c.send(RawHttp.get("/", "x-in: " + input(n) + "\r\n")).read();
                out.add(n + ": " + r.status + " " + r.text());
            }
        }
        return out;
    }

    @Test
    void theSameHashes() throws Exception {
        Haproxy26.assumeInstalled();
        final List<List<String>> both = SideBySide.run(dir, (global, port) -> config(port), (port, linesOf) -> run(port));
        final List<String> fromHaproxy = both.get(0);
        final List<String> fromBaton = both.get(1);
        assertEquals(LENGTHS.length, fromHaproxy.size());
        // XXH3 of no byte, seed 0, is the specification's 0x2D06800538D394C2
        assertTrue(fromHaproxy.get(0).matches("0: 200 3244421341483603138 -?\\d+ -?\\d+ -?\\d+"), fromHaproxy.get(0));
        assertEquals(String.join("\n", fromHaproxy), String.join("\n", fromBaton));
    }
}
