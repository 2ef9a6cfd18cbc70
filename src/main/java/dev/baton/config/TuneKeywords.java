package dev.baton.config;

import java.util.Set;

/**
 * Parses the global {@code tune.*} keywords of {@link TuneSettings} and those baton honours by having nothing for
 * them to act on, with HAProxy 2.6's argument checks (baton refuses what HAProxy's {@code atol} would read as 0 or
 * as a prefix, such as {@code x} or {@code 1k}):
 * <ul>
 * <li>{@code tune.http.maxhdr N} (1 to 32767): the lines an HTTP head may carry, its start line included;
 *     {@code tune.http.logurilen N}: the request-line bytes a log line keeps; {@code tune.http.cookielen N}: the
 *     longest cookie capture;</li>
 * <li>{@code tune.h2.header-table-size}, {@code tune.h2.initial-window-size}, {@code tune.h2.max-concurrent-streams},
 *     {@code tune.h2.max-frame-size}: see {@link H2Tuning};</li>
 * <li>{@code tune.maxaccept N} (-1: unlimited; 0: the default), {@code tune.rcvbuf.client|server N},
 *     {@code tune.sndbuf.client|server N} (bytes; 0: the kernel's): see {@link TuneSettings}. A second line is
 *     ignored with HAProxy's "already specified" warning once a non-zero value was set;</li>
 * <li>{@code maxpipes N} (the same warning) and {@code tune.pipesize N}: pipes serve only kernel splicing, which
 *     baton never does ({@code option splice-*} are refused), so a configuration baton loads opens no pipe, in
 *     HAProxy as in baton: the limit always holds and there is no pipe to size;</li>
 * <li>{@code tune.pattern.cache-size N}: baton keeps no cache of pattern lookups (each lookup is made against the
 *     patterns, indexed where the match method allows), so 0 is exactly what it does and a size is a bound it
 *     keeps; {@code tune.ssl.ssl-ctx-cache-size N} bounds the cache of certificates forged by
 *     {@code generate-certificates}, which baton refuses, so nothing is cached;</li>
 * <li>{@code tune.ssl.force-private-cache}: baton is one process, whose TLS session cache is its own already;</li>
 * <li>{@code tune.zlib.memlevel 8} and {@code tune.zlib.windowsize 15}: the values java.util.zip's Deflater uses
 *     (zlib's defaults, HAProxy's too); another value is refused, the JDK having no way to set it;</li>
 * <li>{@code tune.ssl.capture-buffer-size 0} (and the deprecated {@code tune.ssl.capture-cipherlist-size}, with
 *     HAProxy's warning) and {@code tune.ssl.keylog off}: the capture and key log stay off, as by default; turning
 *     them on is refused, baton having none of the fetches that read them.</li>
 * </ul>
 * One instance per load; config-reading thread.
 */
final class TuneKeywords {
    static final Set<String> KEYWORDS = Set.of("tune.maxaccept", "tune.rcvbuf.client", "tune.rcvbuf.server",
        "tune.sndbuf.client", "tune.sndbuf.server", "maxpipes", "tune.pipesize", "tune.pattern.cache-size",
        "tune.ssl.ssl-ctx-cache-size", "tune.ssl.force-private-cache", "tune.zlib.memlevel", "tune.zlib.windowsize",
        "tune.ssl.capture-buffer-size", "tune.ssl.capture-cipherlist-size", "tune.ssl.keylog", "tune.http.maxhdr",
        "tune.http.logurilen", "tune.http.cookielen", "tune.h2.header-table-size", "tune.h2.initial-window-size",
        "tune.h2.max-concurrent-streams", "tune.h2.max-frame-size");

    private int maxAccept;
    private int clientRcvbuf;
    private int clientSndbuf;
    private int serverRcvbuf;
    private int serverSndbuf;
    private int maxpipes;
    private int maxHdr = TuneSettings.DEFAULT_MAX_HDR;
    private int logUriLen = TuneSettings.DEFAULT_LOG_URI_LEN;
    private int cookieLen = TuneSettings.DEFAULT_COOKIE_LEN;
    private H2Tuning h2 = H2Tuning.DEFAULTS;
    /** Where {@code tune.h2.initial-window-size} was set (checked against {@code tune.bufsize} at the end). */
    private SourceLocation windowWhere;
    /** A {@code tune.ssl.capture-*} line was read: HAProxy refuses a second one. */
    private boolean captureSeen;

    /** One line whose keyword is in {@link #KEYWORDS}; a refused line throws {@link LineError}. */
    void parse(final Directive d) {
        final String kw = d.keyword();
        switch (kw) {
            case "tune.maxaccept":
                maxAccept = once(d, maxAccept, -1);
                break;
            case "tune.rcvbuf.client":
                clientRcvbuf = once(d, clientRcvbuf, 0);
                break;
            case "tune.sndbuf.client":
                clientSndbuf = once(d, clientSndbuf, 0);
                break;
            case "tune.rcvbuf.server":
                serverRcvbuf = once(d, serverRcvbuf, 0);
                break;
            case "tune.sndbuf.server":
                serverSndbuf = once(d, serverSndbuf, 0);
                break;
            case "maxpipes":
                maxpipes = once(d, maxpipes, 0);
                break;
            case "tune.http.maxhdr":
                maxHdr = d.intArg(1, kw, 1, 32767);
                d.noMoreThan(2, kw);
                break;
            case "tune.http.logurilen": // HAProxy keeps N bytes (N + 1 with the NUL): at most INT_MAX - 1
                logUriLen = d.intArg(1, kw, 0, Integer.MAX_VALUE - 1);
                d.noMoreThan(2, kw);
                break;
            case "tune.http.cookielen":
                cookieLen = d.intArg(1, kw, 0, Integer.MAX_VALUE - 1);
                d.noMoreThan(2, kw);
                break;
            case "tune.h2.header-table-size":
                h2 = new H2Tuning(value(d, 4096, 65536), h2.initialWindow(), h2.maxConcurrentStreams(),
                    h2.maxFrameSize());
                break;
            case "tune.h2.initial-window-size":
                h2 = new H2Tuning(h2.headerTableSize(), value(d, 0), h2.maxConcurrentStreams(), h2.maxFrameSize());
                windowWhere = d.where();
                break;
            case "tune.h2.max-concurrent-streams":
                h2 = new H2Tuning(h2.headerTableSize(), h2.initialWindow(), value(d, 0), h2.maxFrameSize());
                break;
            case "tune.h2.max-frame-size":
                h2 = new H2Tuning(h2.headerTableSize(), h2.initialWindow(), h2.maxConcurrentStreams(),
                    value(d, 16384, 16777215));
                break;
            case "tune.ssl.force-private-cache":
                d.noMoreThan(1, kw);
                break;
            case "tune.zlib.memlevel":
                onlyDefault(d, 1, 9, 8, "memLevel");
                break;
            case "tune.zlib.windowsize":
                onlyDefault(d, 8, 15, 15, "windowBits");
                break;
            case "tune.ssl.capture-cipherlist-size":
                d.warning("'" + kw + "' is deprecated and will be removed in version 2.7. Please use "
                    + "'tune.ssl.capture-buffer-size' instead.");
                capture(d, captureSeen);
                captureSeen = true;
                break;
            case "tune.ssl.capture-buffer-size":
                capture(d, captureSeen);
                captureSeen = true;
                break;
            case "tune.ssl.keylog":
                keylog(d);
                break;
            default: // tune.pipesize, tune.pattern.cache-size, tune.ssl.ssl-ctx-cache-size: checked, nothing to size
                value(d, 0);
                break;
        }
    }

    /**
     * The settings read, once every global line is: a {@code tune.h2.initial-window-size} above {@code bufsize} is
     * refused (reported to {@code diag}) and left unset.
     */
    TuneSettings finish(final int bufsize, final Diagnostics diag) {
        if (h2.initialWindow() > bufsize) {
            diag.error(windowWhere, "'tune.h2.initial-window-size " + h2.initialWindow() + "' is refused: baton "
                + "holds a stream's request body in one buffer of tune.bufsize (" + bufsize + " bytes), so a client "
                + "may not send more on a stream before baton acknowledges it; write at most " + bufsize
                + ", or raise tune.bufsize");
            h2 = new H2Tuning(h2.headerTableSize(), H2Tuning.BUFFER_WINDOW, h2.maxConcurrentStreams(),
                h2.maxFrameSize());
        }
        return finish();
    }

    TuneSettings finish() {
        final int accept = maxAccept < 0 ? TuneSettings.UNLIMITED_ACCEPT : maxAccept;
        return new TuneSettings(accept, new SocketBuffers(clientRcvbuf, clientSndbuf),
            new SocketBuffers(serverRcvbuf, serverSndbuf), maxHdr, logUriLen, cookieLen, h2);
    }

    /** The one argument, {@code min}..INT_MAX. */
    private static int value(final Directive d, final int min) {
        return value(d, min, Integer.MAX_VALUE);
    }

    /** The one argument, {@code min}..{@code max}. */
    private static int value(final Directive d, final int min, final int max) {
        final int v = d.intArg(1, d.keyword(), min, max);
        d.noMoreThan(2, d.keyword());
        return v;
    }

    /**
     * A setting HAProxy takes once: the line is checked, and ignored with HAProxy's warning when a non-zero value
     * was set before ({@code current}); returns the value in force.
     */
    private static int once(final Directive d, final int current, final int min) {
        final int v = value(d, min);
        if (current != 0) {
            d.warning("'" + d.keyword() + "' already specified. Continuing.");
            return current;
        }
        return v;
    }

    /** {@code tune.zlib.*}: HAProxy's range, then only the value java.util.zip's Deflater uses. */
    private static void onlyDefault(final Directive d, final int min, final int max, final int def,
                                    final String zlibName) {
        final int v = d.intArg(1, d.keyword(), min, max);
        d.noMoreThan(2, d.keyword());
        if (v != def) {
            throw new LineError("'" + d.keyword() + " " + v + "' is refused: baton compresses with java.util.zip, "
                + "whose Deflater always sets zlib's " + zlibName + " to " + def + " and cannot be given another; "
                + "write " + def + " or remove the line");
        }
    }

    /** {@code tune.ssl.capture-buffer-size N}: 0 (no capture) only, once. */
    private static void capture(final Directive d, final boolean seen) {
        if (value(d, 0) != 0) {
            throw new LineError("'" + d.keyword() + "' other than 0 is refused: it sizes the capture of each client "
                + "hello for the ssl_fc_cipherlist_* and ssl_fc_*_bin fetches, which baton does not have; remove "
                + "the line");
        }
        if (seen) {
            throw new LineError("'" + d.keyword() + "' is already configured.");
        }
    }

    /** {@code tune.ssl.keylog on|off}: off (the default) only. */
    private static void keylog(final Directive d) {
        final String value = d.require(1, d.keyword(), "'on' or 'off'");
        d.noMoreThan(2, d.keyword());
        if (value.equals("on")) {
            throw new LineError("'tune.ssl.keylog on' is refused: it keeps each connection's TLS secrets for the "
                + "ssl_fc_*_secret fetches that write an SSLKEYLOGFILE, which baton does not have; remove the line");
        }
        if (!value.equals("off")) {
            throw new LineError("'" + d.keyword() + "' expects either 'on' or 'off' but got '"
                + Messages.escapeControls(value) + "'.");
        }
    }
}
