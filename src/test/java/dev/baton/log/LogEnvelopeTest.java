package dev.baton.log;

import dev.baton.config.LogFormat;
import dev.baton.config.LogTarget;
import dev.baton.config.SourceLocation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The bytes of each format, as HAProxy 2.6's {@code build_log_header} lays them out (checked against HAProxy's own
 * datagrams in {@link LogFormatsSameAsHaproxyTest}), and {@code len} as HAProxy counts it on sockets and streams.
 */
class LogEnvelopeTest {
    /** 2026-03-05 07:08:09.012345 in a zone two hours east of UTC. */
    private static final ZoneId ZONE = ZoneOffset.ofHours(2);
    private static final long NOW_US = LocalDateTime.of(2026, 3, 5, 7, 8, 9).toEpochSecond(ZoneOffset.ofHours(2))
        * 1_000_000L + 12_345;
    private static final String MSG = "127.0.0.1:5000 [05/Mar/2026:07:08:09.000] fe be/s1 0/0/1 10 -- 1/1/1/1/0 0/0";

    private static LogTarget target(final LogTarget.Kind kind, final LogFormat format, final int len) {
        return new LogTarget(kind, "127.0.0.1", 514, "local1", "debug", new SourceLocation("t", 1), "emerg", len,
            format, null);
    }

    private static String sent(final LogFormat format, final String hostname) {
        return sent(target(LogTarget.Kind.UDP, format, 1024), hostname, MSG);
    }

    private static String sent(final LogTarget t, final String hostname, final String message) {
        final byte[] m = message.getBytes(StandardCharsets.UTF_8);
        return new String(LogEnvelope.build(t, 6, "baton", hostname, 4242, NOW_US, ZONE, m, m.length),
            StandardCharsets.UTF_8);
    }

    @Test
    void eachFormatHasHaproxysHeader() {
        assertEquals("<142>Mar  5 07:08:09 baton[4242]: " + MSG + "\n", sent(LogFormat.UNSPECIFIED, null),
            "the default without log-send-hostname is local");
        assertEquals("<142>Mar  5 07:08:09 baton[4242]: " + MSG + "\n", sent(LogFormat.LOCAL, "h1"));
        assertEquals("<142>Mar  5 07:08:09 h1 baton[4242]: " + MSG + "\n", sent(LogFormat.UNSPECIFIED, "h1"),
            "the default with log-send-hostname is rfc3164");
        assertEquals("<142>Mar  5 07:08:09 localhost baton[4242]: " + MSG + "\n", sent(LogFormat.RFC3164, null));
        assertEquals("<142>1 2026-03-05T07:08:09.012345+02:00 - baton 4242 - - " + MSG + "\n",
            sent(LogFormat.RFC5424, null));
        assertEquals("<142>1 2026-03-05T07:08:09.012345+02:00 h1 baton 4242 - - " + MSG + "\n",
            sent(LogFormat.RFC5424, "h1"));
        assertEquals("<142>" + MSG + "\n", sent(LogFormat.PRIORITY, "h1"));
        assertEquals("<6>" + MSG + "\n", sent(LogFormat.SHORT, "h1"));
        assertEquals("<6>2026-03-05T07:08:09.012345+02:00 " + MSG + "\n", sent(LogFormat.TIMED, "h1"));
        assertEquals("2026-03-05T07:08:09.012345+02:00 " + MSG + "\n", sent(LogFormat.ISO, "h1"));
        assertEquals(MSG + "\n", sent(LogFormat.RAW, "h1"));
    }

    @Test
    void daysBelowTenArePaddedWithASpaceAndNegativeOffsetsShowTheirSign() {
        assertEquals("Mar  5 07:08:09 ", LogEnvelope.legacyTime(NOW_US, ZONE));
        assertEquals("2026-03-05T01:38:09.012345-03:30", LogEnvelope.isoTime(NOW_US, ZoneOffset.of("-03:30")));
        assertEquals("2026-03-05T05:08:09.012345+00:00", LogEnvelope.isoTime(NOW_US, ZoneOffset.UTC));
    }

    /** To a socket the cut is at len bytes and the line feed comes after: at most len + 1 bytes. */
    @Test
    void datagramsAreCutAtLenBeforeTheLineFeed() {
        final String d = sent(target(LogTarget.Kind.UDP, LogFormat.LOCAL, 80), null, MSG + MSG);
        assertEquals(81, d.length());
        assertEquals(("<142>Mar  5 07:08:09 baton[4242]: " + MSG).substring(0, 80) + "\n", d);
        assertEquals("x".repeat(80) + "\n", sent(target(LogTarget.Kind.UDP, LogFormat.RAW, 80), null,
            "x".repeat(200)));
    }

    /** To stdout or stderr the line feed counts: at most len bytes. */
    @Test
    void streamLinesAreCutSoThatTheLineFeedFitsInLen() {
        final String d = sent(target(LogTarget.Kind.STDOUT, LogFormat.LOCAL, 80), null, MSG + MSG);
        assertEquals(80, d.length());
        assertEquals(("<142>Mar  5 07:08:09 baton[4242]: " + MSG).substring(0, 79) + "\n", d);
        assertEquals("x".repeat(99) + "\n", sent(target(LogTarget.Kind.STDERR, LogFormat.RAW, 100), null,
            "x".repeat(200)));
        assertEquals("short\n", sent(target(LogTarget.Kind.STDERR, LogFormat.RAW, 100), null, "short"));
    }

    /** HAProxy's vector: a cut inside the header drops the header part it falls in, the line feed takes its place. */
    @Test
    void aCutInsideTheHeaderEndsAtThePartBefore() {
        final String host = "h".repeat(50);
        assertEquals("<142>Mar  5 07:08:09 " + host + " baton[\n",
            sent(target(LogTarget.Kind.UDP, LogFormat.RFC3164, 80), host, MSG), "the pid would pass 80 bytes");
        assertEquals("<142>Mar  5 07:08:09 " + host + " baton[4\n",
            sent(target(LogTarget.Kind.STDOUT, LogFormat.RFC3164, 80), host, MSG), "a stream is cut in the part");
    }

    @Test
    void levelsAndFacilitiesHaveTheirSyslogCodes() {
        assertEquals(0, LogEnvelope.severityCode("emerg"));
        assertEquals(3, LogEnvelope.severityCode("err"));
        assertEquals(7, LogEnvelope.severityCode("debug"));
        assertEquals(-1, LogEnvelope.severityCode("loud"));
        assertEquals(17, LogEnvelope.facilityCode("local1"));
    }
}
