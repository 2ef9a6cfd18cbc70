package dev.baton.log;

import dev.baton.support.RawHttp;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TrafficLogCapture;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The timer fetches ({@code txn.timer.user}, {@code req.timer.hdr}, {@code bc.timer.connect}...) give their
 * log-format timer's value: in a log line each equals its {@code %T} variable; in a request rule the steps not yet
 * reached are -1; in a response rule the connect and response-head timers are known.
 */
class StreamTimerFetchesTest {
    private static final Pattern PAIR = Pattern.compile("(-?\\d+)=(\\+?-?\\d+)");

    @Test
    @SuppressWarnings("try")
    void timerFetchesEqualTheirLogVariables() throws Exception {
        try (RecordingBackend server = new RecordingBackend()) {
            final int port = RunningDaemon.freePort();
            try (RunningDaemon baton = RunningDaemon.start(String.join("\n",
                "global", "    nbthread 1",
                "defaults", "    mode http", "    log global",
                "    timeout connect 2s", "    timeout client 5s", "    timeout server 5s",
                "frontend fe", "    bind 127.0.0.1:" + port,
                "    log-format \"timers %[txn.timer.user]=%Tu %[req.timer.hdr]=%TR %[bc.timer.connect]=%Tc "
                    + "%[res.timer.hdr]=%Tr %[fc.timer.total]=%Tt %[req.timer.queue]=%Tw %[req.timer.idle]=%Ti "
                    + "%[req.timer.tq]=%Tq %[res.timer.data]=%Td %[txn.timer.total]=%Ta %[fc.timer.handshake]=%Th\"",
                "    http-request set-header X-Before \"%[req.timer.hdr]|%[bc.timer.connect]|%[req.timer.queue]\"",
                "    http-response set-header X-After \"%[bc.timer.connect]=%Tc %[res.timer.hdr]=%Tr\"",
                "    default_backend be",
                "backend be", "    server s1 127.0.0.1:" + server.port(), ""))) {
                final String after;
                try (RawHttp c = RawHttp.open(port)) {
                    final RawHttp.Response r = c.send(RawHttp.get("/")).read();
                    assertEquals(200, r.status);
                    after = r.header("x-after");
                }
                assertEquals("x-before:-1|-1|-1", RecordingBackend.xHeaders(server.heads.take()));
                assertPairs(after, 2);
                final String line = TrafficLogCapture.awaitLine("the timers line", l -> l.startsWith("timers "));
                assertPairs(line, 11);
            }
        }
    }

    /** {@code count} pairs FETCH=VARIABLE, each equal and none negative. */
    private static void assertPairs(final String text, final int count) {
        final Matcher m = PAIR.matcher(text);
        int n = 0;
        while (m.find()) {
            assertEquals(m.group(2), m.group(1), text);
            assertTrue(Long.parseLong(m.group(1)) >= 0, text);
            n++;
        }
        assertEquals(count, n, text);
    }
}
