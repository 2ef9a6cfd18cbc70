package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The global {@code tune.*} keywords of HAProxy 2.6 and {@code maxpipes}: the ones baton implements are read with
 * HAProxy's checks (a second line of a once-only setting warned about and ignored, as HAProxy does), those it honours
 * by having nothing for them to act on are checked and taken, and every other one is refused saying why; a
 * {@code tune.*} word HAProxy 2.6 does not know is an unknown keyword, as for HAProxy.
 */
class TuneKeywordsTest {
    private static TuneSettings tune(final String... lines) throws ConfigException {
        return ConfigTexts.parseGlobal(lines).tune();
    }

    private static List<String> errors(final String... lines) {
        return ConfigTexts.errors(ConfigTexts.inGlobal(lines));
    }

    private static List<String> warnings(final String... lines) throws ConfigException {
        return ConfigTexts.warnings(ConfigTexts.inGlobal(lines));
    }

    @Test
    void maxacceptIsTheAcceptBatchMinusOneUnlimited() throws ConfigException {
        assertEquals(TuneSettings.DEFAULT_MAX_ACCEPT, tune("maxconn 10").acceptBatch());
        assertEquals(500, tune("tune.maxaccept 500").acceptBatch());
        assertEquals(TuneSettings.DEFAULT_MAX_ACCEPT, tune("tune.maxaccept 0").acceptBatch(), "0: the default");
        assertEquals(TuneSettings.UNLIMITED_ACCEPT, tune("tune.maxaccept -1").acceptBatch());
        assertEquals(List.of(
            "t.cfg:2: 'tune.maxaccept' expects -1 (unlimited) or a non-negative integer",
            "t.cfg:3: 'tune.maxaccept' expects -1 (unlimited) or a non-negative integer, got 'x'",
            "t.cfg:4: 'tune.maxaccept' expects -1 (unlimited) or a non-negative integer of at most 2147483647, "
                + "got '2147483648'",
            "t.cfg:5: 'tune.maxaccept' cannot handle unexpected argument '2'"),
            errors("tune.maxaccept", "tune.maxaccept x", "tune.maxaccept 2147483648", "tune.maxaccept 1 2"));
    }

    @Test
    void httpMaxhdrCountsTheStartLineFrom1To32767() throws ConfigException {
        assertEquals(101, tune("maxconn 1").maxHdr());
        assertEquals(5, tune("tune.http.maxhdr 5").maxHdr());
        assertEquals(32767, tune("tune.http.maxhdr 32767").maxHdr());
        assertEquals(List.of(
            "t.cfg:2: 'tune.http.maxhdr' expects an integer between 1 and 32767, got '0'",
            "t.cfg:3: 'tune.http.maxhdr' expects an integer between 1 and 32767, got '32768'"),
            errors("tune.http.maxhdr 0", "tune.http.maxhdr 32768"));
    }

    @Test
    void logUriLenAndCookieLenAreTheBytesKept() throws ConfigException {
        assertEquals(1023, tune("maxconn 1").logUriLen());
        assertEquals(63, tune("maxconn 1").cookieLen());
        final TuneSettings t = tune("tune.http.logurilen 4096", "tune.http.cookielen 10");
        assertEquals(4096, t.logUriLen());
        assertEquals(10, t.cookieLen());
        assertEquals(List.of("t.cfg:2: 'tune.http.logurilen' expects an integer between 0 and 2147483646, got '-1'"),
            errors("tune.http.logurilen -1"));
    }

    /** A longer cookie capture is cut down with HAProxy's warning, wherever the global line is. */
    @Test
    void aCookieCaptureLongerThanCookielenIsCutDown() throws ConfigException {
        final String[] frontend = {"defaults", "    mode http", "    timeout client 1s", "frontend fe", "    bind :80",
            "    capture cookie S len 100", "    http-request return status 200"};
        final List<String> before = ConfigTexts.warnings(ConfigTexts.concat(
            List.of("global", "    tune.http.cookielen 10"), frontend));
        assertEquals(List.of("t.cfg:8: truncating capture length to 10 bytes for frontend 'fe'."), before);
        final List<String> after = ConfigTexts.warnings(ConfigTexts.concat(List.of(frontend),
            "global", "    tune.http.cookielen 12"));
        assertEquals(List.of("t.cfg:6: truncating capture length to 12 bytes for frontend 'fe'."), after);
        final BatonConfig byDefault = ConfigTexts.parse(ConfigTexts.concat(List.of(frontend)));
        assertEquals(List.of("t.cfg:6: truncating capture length to 63 bytes for frontend 'fe'."),
            ConfigTexts.render(byDefault.warnings()));
        assertEquals(63, byDefault.frontends().get(0).trafficLog().cookieLength());
    }

    @Test
    void h2SettingsWithHaproxysRangesAndAWindowNoLargerThanABuffer() throws ConfigException {
        assertEquals(H2Tuning.DEFAULTS, tune("maxconn 1").h2());
        assertEquals(new H2Tuning(65536, 8000, 0, 16384), tune("tune.h2.header-table-size 65536",
            "tune.h2.initial-window-size 8000", "tune.h2.max-concurrent-streams 0", "tune.h2.max-frame-size 16384").h2());
        assertEquals(32768, tune("tune.bufsize 32k", "tune.h2.initial-window-size 32768").h2().streamWindow(32768));
        assertEquals(16384, H2Tuning.DEFAULTS.streamWindow(16384), "not set: one buffer");
        assertEquals(List.of(
            "t.cfg:2: 'tune.h2.header-table-size' expects an integer between 4096 and 65536, got '4095'",
            "t.cfg:3: 'tune.h2.max-frame-size' expects an integer between 16384 and 16777215, got '16777216'",
            "t.cfg:4: 'tune.h2.max-concurrent-streams' expects a non-negative integer, got '-1'",
            "t.cfg:5: 'tune.h2.initial-window-size 65535' is refused: baton holds a stream's request body in one "
                + "buffer of tune.bufsize (16384 bytes), so a client may not send more on a stream before baton "
                + "acknowledges it; write at most 16384, or raise tune.bufsize"),
            errors("tune.h2.header-table-size 4095", "tune.h2.max-frame-size 16777216",
                "tune.h2.max-concurrent-streams -1", "tune.h2.initial-window-size 65535"));
    }

    @Test
    void hardMaxrecordCapsEveryRecordAndMaxrecordIsRefusedNamingIt() throws ConfigException {
        assertEquals(0, ConfigTexts.parseGlobal("maxconn 1").tls().hardMaxRecord());
        assertEquals(1400, ConfigTexts.parseGlobal("tune.ssl.hard-maxrecord 1400").tls().hardMaxRecord());
        assertEquals(List.of(
            "t.cfg:2: 'tune.ssl.hard-maxrecord' expects a non-negative integer, got '-1'",
            "t.cfg:3: 'tune.ssl.maxrecord' is refused: HAProxy caps TLS records to it only until its streamer "
                + "detection (tune.idletimer) lets them grow for a bulk transfer, which baton does not have; write "
                + "'tune.ssl.hard-maxrecord N' to cap every record, or remove the line"),
            errors("tune.ssl.hard-maxrecord -1", "tune.ssl.maxrecord 1400"));
    }

    @Test
    void aSecondLineOfAOnceOnlySettingIsWarnedAboutAndIgnoredAsByHaproxy() throws ConfigException {
        assertEquals(List.of("t.cfg:3: 'tune.maxaccept' already specified. Continuing.",
                "t.cfg:5: 'tune.rcvbuf.client' already specified. Continuing.",
                "t.cfg:7: 'maxpipes' already specified. Continuing."),
            warnings("tune.maxaccept 4", "tune.maxaccept 8", "tune.rcvbuf.client 4096", "tune.rcvbuf.client 8192",
                "maxpipes 10", "maxpipes 20"));
        assertEquals(4, tune("tune.maxaccept 4", "tune.maxaccept 8").acceptBatch(), "the first is kept");
        assertEquals(8, tune("tune.maxaccept 0", "tune.maxaccept 8").acceptBatch(), "after 0, HAProxy takes it");
    }

    @Test
    void socketBuffersForEachSide() throws ConfigException {
        final TuneSettings t = tune("tune.rcvbuf.client 1000", "tune.sndbuf.client 2000", "tune.rcvbuf.server 3000",
            "tune.sndbuf.server 4000");
        assertEquals(new SocketBuffers(1000, 2000), t.client());
        assertEquals(new SocketBuffers(3000, 4000), t.server());
        assertEquals(SocketBuffers.KERNEL, tune("maxconn 1").client());
        assertEquals(List.of(
            "t.cfg:2: 'tune.sndbuf.server' expects a non-negative integer, got '1k'",
            "t.cfg:3: 'tune.rcvbuf.server' expects a non-negative integer, got '-1'"),
            errors("tune.sndbuf.server 1k", "tune.rcvbuf.server -1"));
    }

    @Test
    void whatActsOnNothingBatonHasIsCheckedAndTaken() throws ConfigException {
        assertEquals(List.of(), warnings("maxpipes 99999", "tune.pipesize 65536", "tune.pattern.cache-size 0",
            "tune.pattern.cache-size 20000", "tune.ssl.ssl-ctx-cache-size 10", "tune.ssl.force-private-cache",
            "tune.zlib.memlevel 8", "tune.zlib.windowsize 15", "tune.ssl.capture-buffer-size 0",
            "tune.ssl.keylog off"));
        assertEquals(List.of(
            "t.cfg:2: 'maxpipes' expects a non-negative integer",
            "t.cfg:3: 'tune.ssl.force-private-cache' cannot handle unexpected argument 'yes'",
            "t.cfg:4: 'tune.zlib.memlevel' expects an integer between 1 and 9, got '10'",
            "t.cfg:5: 'tune.zlib.memlevel 9' is refused: baton compresses with java.util.zip, whose Deflater always "
                + "sets zlib's memLevel to 8 and cannot be given another; write 8 or remove the line",
            "t.cfg:6: 'tune.zlib.windowsize 12' is refused: baton compresses with java.util.zip, whose Deflater "
                + "always sets zlib's windowBits to 15 and cannot be given another; write 15 or remove the line",
            "t.cfg:7: 'tune.ssl.capture-buffer-size' other than 0 is refused: it sizes the capture of each client "
                + "hello for the ssl_fc_cipherlist_* and ssl_fc_*_bin fetches, which baton does not have; remove the "
                + "line",
            "t.cfg:8: 'tune.ssl.keylog on' is refused: it keeps each connection's TLS secrets for the "
                + "ssl_fc_*_secret fetches that write an SSLKEYLOGFILE, which baton does not have; remove the line",
            "t.cfg:9: 'tune.ssl.keylog' expects either 'on' or 'off' but got 'yes'."),
            errors("maxpipes", "tune.ssl.force-private-cache yes", "tune.zlib.memlevel 10", "tune.zlib.memlevel 9",
                "tune.zlib.windowsize 12", "tune.ssl.capture-buffer-size 64", "tune.ssl.keylog on",
                "tune.ssl.keylog yes"));
    }

    @Test
    void theDeprecatedCaptureSpellingWarnsAsHaproxyAndASecondCaptureLineIsRefused() throws ConfigException {
        assertEquals(List.of("t.cfg:2: 'tune.ssl.capture-cipherlist-size' is deprecated and will be removed in "
            + "version 2.7. Please use 'tune.ssl.capture-buffer-size' instead."),
            warnings("tune.ssl.capture-cipherlist-size 0"));
        assertEquals(List.of("t.cfg:3: 'tune.ssl.capture-buffer-size' is already configured."),
            errors("tune.ssl.capture-buffer-size 0", "tune.ssl.capture-buffer-size 0"));
    }

    @Test
    void schedulerPollerAndOtherEnginesKnobsAreRefusedSayingWhy() {
        final List<String> refused = errors("tune.runqueue-depth 10", "tune.maxpollevents 500", "tune.recv_enough 1",
            "tune.lua.maxmem 10", "tune.quic.retry-threshold 5", "tune.vars.txn-max-size 64", "tune.chksize 32768");
        assertEquals("t.cfg:2: 'tune.runqueue-depth' is refused: it sizes HAProxy's scheduler run queue, which baton "
            + "does not have (its reactors handle every ready event each turn); remove the line", refused.get(0));
        assertTrue(refused.get(1).startsWith("t.cfg:3: 'tune.maxpollevents' is refused: it bounds the events "),
            refused.get(1));
        assertTrue(refused.get(2).startsWith("t.cfg:4: 'tune.recv_enough' is refused: "), refused.get(2));
        assertTrue(refused.get(3).contains("baton runs no Lua"), refused.get(3));
        assertTrue(refused.get(4).contains("baton serves no QUIC"), refused.get(4));
        assertTrue(refused.get(5).startsWith("t.cfg:7: 'tune.vars.txn-max-size' is refused: "), refused.get(5));
        assertEquals("t.cfg:8: 'tune.chksize' was removed in HAProxy 2.5 (HAProxy 2.6 refuses it too); remove the "
            + "line", refused.get(6));
        for (final String line : refused.subList(0, 6)) {
            assertTrue(line.endsWith("; remove the line"), line);
        }
    }

    @Test
    void aTuneWordHaproxyDoesNotKnowIsUnknown() {
        final List<String> e = errors("tune.maxconn 2000");
        assertTrue(e.get(0).startsWith("t.cfg:2: unknown keyword 'tune.maxconn' in 'global' section"), e.get(0));
    }

    /** Every tune.* keyword of HAProxy 2.6's manual (section 3.2) is taken or refused, never "not implemented yet". */
    @Test
    void everyTuneKeywordOfHaproxy26IsDecided() {
        final String[] all = {"tune.buffers.limit", "tune.buffers.reserve", "tune.bufsize", "tune.comp.maxlevel",
            "tune.fail-alloc", "tune.fd.edge-triggered", "tune.http.maxhdr", "tune.http.logurilen", "tune.h2.header-table-size",
            "tune.h2.initial-window-size", "tune.h2.max-concurrent-streams", "tune.h2.max-frame-size",
            "tune.ssl.hard-maxrecord", "tune.ssl.maxrecord",
            "tune.http.cookielen", "tune.idle-pool.shared", "tune.idletimer",
            "tune.listener.multi-queue",
            "tune.lua.forced-yield", "tune.lua.maxmem", "tune.lua.session-timeout", "tune.lua.task-timeout",
            "tune.lua.service-timeout", "tune.maxaccept", "tune.maxpollevents", "tune.maxrewrite",
            "tune.pattern.cache-size", "tune.pipesize", "tune.pool-high-fd-ratio", "tune.pool-low-fd-ratio",
            "tune.quic.frontend.conn-tx-buffers.limit", "tune.quic.frontend.max-idle-timeout",
            "tune.quic.frontend.max-streams-bidi", "tune.quic.retry-threshold", "tune.rcvbuf.client",
            "tune.rcvbuf.server", "tune.recv_enough", "tune.runqueue-depth", "tune.sched.low-latency",
            "tune.sndbuf.client", "tune.sndbuf.server", "tune.ssl.cachesize", "tune.ssl.force-private-cache",
            "tune.ssl.keylog", "tune.ssl.lifetime", "tune.ssl.default-dh-param", "tune.ssl.ssl-ctx-cache-size", "tune.ssl.capture-buffer-size",
            "tune.ssl.capture-cipherlist-size", "tune.vars.global-max-size", "tune.vars.proc-max-size",
            "tune.vars.reqres-max-size", "tune.vars.sess-max-size", "tune.vars.txn-max-size", "tune.zlib.memlevel",
            "tune.zlib.windowsize", "maxpipes"};
        for (final String kw : all) {
            final List<String> e = errors(kw + " bogus-argument");
            assertTrue(!e.get(0).contains("does not implement yet") && !e.get(0).contains("unknown keyword"),
                e.get(0));
        }
    }
}
