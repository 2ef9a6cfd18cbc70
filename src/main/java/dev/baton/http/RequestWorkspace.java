package dev.baton.http;

import dev.baton.config.TuneSettings;
import dev.baton.io.TlsInfo;
import dev.baton.log.HttpLogLine;

/**
 * What an {@link HttpSession} needs only while a request is under way: both heads and their parsers, both
 * body copies, the head rewriter with its edits, the rule runner, the router, the local-reply writer, the rule
 * views and the httplog line. About 10 KB, so a session holds one only from the first byte of a request's head to
 * the end of its exchange, and an idle keep-alive connection holds none (issue 6).
 *
 * <p>Borrowed from and given back to the reactor's {@link RequestWorkspaces}; reactor thread only. A
 * workspace comes out of {@link RequestWorkspaces#borrow} as if new: {@link #recycle()} runs on every
 * return, so nothing of one request (parser state, edits, body framing, log fields, addresses) can reach
 * the next one, which may belong to another session.
 */
final class RequestWorkspace implements dev.baton.http.rules.AddressTarget {
    final HttpHead req = new HttpHead();
    final HttpHead resp = new HttpHead();
    final HeadParser reqParser;
    final HeadParser respParser;
    final BodyCopy reqBody = new BodyCopy(true);
    final BodyCopy respBody = new BodyCopy(false);
    final HeadRewriter rewriter = new HeadRewriter();
    final RuleRunner runner = new RuleRunner(this);
    /** The cache rules' state of the request ({@code cache-use}, {@code cache-store}). */
    final CacheTxn cache = new CacheTxn();
    final LocalReplies replies = new LocalReplies();
    /** The request's variables (txn, req, res; the session's sess attached per borrow). */
    final dev.baton.sample.vars.Vars vars = new dev.baton.sample.vars.Vars();
    /** The sample SPOE arguments are evaluated into ({@link SpoeHttp}). */
    final dev.baton.sample.Sample spoeSample = new dev.baton.sample.Sample();
    final HeadView reqView = new HeadView(vars);
    final HeadView respView = new HeadView(vars);
    /** The request's {@code stick on|match|store-*} keys to store once the server answers. */
    final dev.baton.stream.StickPersistence stick = new dev.baton.stream.StickPersistence();
    final HttpRouter router = new HttpRouter();
    final PersistCookie cookie = new PersistCookie();
    /** The status of a stats-page answer, written by {@link StatsService}. */
    final int[] localStatus = new int[1];
    /** Made on first use: only sessions of an httplog frontend need one. */
    private HttpLogLine logLine;
    /** Made on first use: only internal answers of proxies with http-after-response rules need one. */
    private AfterResponse afterResponse;
    private final int maxHeadBytes;
    /** {@code tune.http.maxhdr}: the start line and the headers a head may carry. */
    private final int maxHdr;
    /** {@code tune.http.logurilen}: the request-line bytes the log line keeps. */
    private final int logUriLen;
    /** Whether and how the response is compressed ({@code compression} lines). */
    final CompressionChoice compression = new CompressionChoice();
    private final DeflaterPool deflaters;
    /** Made on first use: only responses that are compressed need one. */
    private ResponseCompressor compressor;

    /** {@code maxHeadBytes}: the reactor's buffer size, which bounds a head. */
    RequestWorkspace(final int maxHeadBytes) {
        this(maxHeadBytes, TuneSettings.DEFAULTS, new DeflaterPool());
    }

    /**
     * {@code tune}: the global {@code tune.http.maxhdr} and {@code tune.http.logurilen}; {@code deflaters}: the
     * reactor's pool, shared by its workspaces.
     */
    RequestWorkspace(final int maxHeadBytes, final TuneSettings tune, final DeflaterPool deflaters) {
        this.reqParser = new HeadParser(true, maxHeadBytes, tune.maxHdr());
        this.respParser = new HeadParser(false, maxHeadBytes, tune.maxHdr());
        this.maxHeadBytes = maxHeadBytes;
        this.maxHdr = tune.maxHdr();
        this.logUriLen = tune.logUriLen();
        this.deflaters = deflaters;
        runner.cache = cache;
    }

    /** The response compressor, made on the first call. */
    ResponseCompressor compressor() {
        if (compressor == null) {
            compressor = new ResponseCompressor(deflaters);
        }
        return compressor;
    }

    /** The after-response rewriter of internal answers, made on the first call. */
    AfterResponse afterResponse() {
        if (afterResponse == null) {
            afterResponse = new AfterResponse(maxHeadBytes, maxHdr);
        }
        return afterResponse;
    }

    /**
     * The rule views see the borrowing session's client ({@code src}) and local ({@code dst}) addresses, and its
     * TLS session ({@code tls}, null for plain TCP).
     */
    void attach(final byte[] src, final byte[] dst, final TlsInfo tls) {
        reqView.addresses(src, dst, tls);
        respView.addresses(src, dst, tls);
    }

    /** The rule views see the session's ports and its proxies ({@code fe_name}, {@code src_port}...). */
    void attachStream(final int srcPort, final int dstPort, final SessionFacts facts) {
        reqView.stream(srcPort, dstPort, facts);
        respView.stream(srcPort, dstPort, facts);
    }

    /**
     * The request's client and local addresses as {@code set-src}, {@code set-dst}... rules left them (HAProxy's
     * stream addresses), null while no rule changed them: the session's then stand ({@link RequestAddresses}).
     */
    final RequestAddresses addresses = new RequestAddresses(this);

    @Override
    public java.net.InetSocketAddress source() {
        return addresses.source();
    }

    @Override
    public java.net.InetSocketAddress destination() {
        return addresses.destination();
    }

    @Override
    public void source(final java.net.InetSocketAddress address) {
        addresses.source(address);
    }

    @Override
    public void destination(final java.net.InetSocketAddress address) {
        addresses.destination(address);
    }

    /** The httplog line, made on the first call. */
    HttpLogLine logLine() {
        if (logLine == null) {
            logLine = new HttpLogLine(logUriLen);
        }
        return logLine;
    }

    /** Forgets the request: every part as after construction, and no reference left to the session's objects. */
    void recycle() {
        req.reset();
        req.relocate(null, 0);
        resp.reset();
        resp.relocate(null, 0);
        reqParser.reset();
        respParser.reset();
        reqBody.start(BodyFraming.NONE, 0);
        respBody.start(BodyFraming.NONE, 0);
        if (compressor != null) {
            compressor.release(); // a response cut short leaves its deflater here: back to the pool
        }
        rewriter.begin();
        reqView.addresses(null, null, null);
        reqView.stream(-1, -1, null);
        respView.stream(-1, -1, null);
        reqView.of(null);
        respView.addresses(null, null, null);
        respView.of(null);
        localStatus[0] = 0;
        addresses.clear();
        vars.detach();
        router.clear();
        cookie.clear();
        cache.clear();
        if (logLine != null) {
            logLine.clear();
        }
    }
}
