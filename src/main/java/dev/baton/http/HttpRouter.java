package dev.baton.http;

import dev.baton.backend.Backend;
import dev.baton.config.HttpOptions;
import dev.baton.config.StatsPageConfig;
import dev.baton.http.rules.HttpRule;
import dev.baton.listener.Frontend;

/**
 * Decides where a parsed request goes, in HAProxy's order: the frontend's {@code http-request} rules, its
 * stats page, {@code use_backend} / {@code default_backend}, then the backend's rules and stats page. The
 * answer is one of {@link #FORWARD} to {@link #backend()}, {@link #LOCAL} (a final rule's
 * {@link #verdict()}: deny, redirect, return, use-service), {@link #STATS} (the page of {@link #stats()}), or
 * {@link #NO_BACKEND} (nothing routes it: 503). One per request workspace; reactor thread only; no allocation.
 */
final class HttpRouter {
    static final int FORWARD = 0;
    static final int LOCAL = 1;
    static final int STATS = 2;
    static final int NO_BACKEND = 3;
    /** The backend's {@code tcp-request content} rules rejected the request (see {@link HttpContentRules}). */
    static final int REJECTED = 4;
    /**
     * An {@code http-request cache-use} rule found the request's object: the cache answers ({@link CacheHits}). Found
     * by the frontend's rules, the request gets no backend (HAProxy skips its switching rules once an applet is
     * chosen); found by the backend's, {@link #backend()} is that backend.
     */
    static final int CACHE = 5;

    private Backend backend;
    private HttpRule verdict;
    /** The verdict came from the backend's rules (HAProxy's stream has its backend then), not the frontend's. */
    private boolean verdictOfBackend;
    private StatsPageConfig stats;

    /**
     * Routes {@code ws.req} received by {@code frontend}, collecting the header edits of the rules that ran in
     * {@code edits}. The backend is also set for LOCAL and STATS answers made in a backend's name (it counts
     * them), null otherwise.
     */
    int route(final Frontend frontend, final RequestWorkspace ws, final HeaderEdits edits) {
        final HttpOptions fe = frontend.config().http();
        backend = null;
        stats = null;
        ws.runner.clearPriority();
        verdictOfBackend = false;
        ws.cache.rulesOf(frontend.counters()); // cache-use counts on the proxy whose rule ran, as HAProxy
        verdict = ws.runner.run(fe.requestRules(), ws.reqView.of(ws.req), ws.req, edits);
        if (verdict != null && verdict.kind() != HttpRule.Kind.ALLOW) {
            backend = null; // a final rule of the frontend answers in its name: no backend (HAProxy logs fe/<NOSRV>)
            return LOCAL;
        }
        verdict = null;
        if (ws.cache.hit() != null) {
            return CACHE; // the frontend's cache answers in the frontend's name: no backend (logged fe/<CACHE>)
        }
        if (StatsService.matches(fe.stats(), ws.req)) {
            stats = fe.stats(); // the frontend's stats page, before use_backend as in HAProxy
            return STATS;
        }
        backend = backendFor(frontend, ws.reqView);
        if (backend == null) {
            return NO_BACKEND;
        }
        if (backend.config() == frontend.config()) {
            return ws.cache.hit() != null ? CACHE : FORWARD; // a listen section: its rules already ran
        }
        if (HttpContentRules.backendRejects(backend, ws)) {
            return REJECTED; // the backend's tcp-request content rules run once it is chosen, before its http-request
        }
        final HttpOptions be = backend.config().http();
        ws.cache.rulesOf(backend.counters());
        final HttpRule beVerdict = ws.runner.run(be.requestRules(), ws.reqView, ws.req, edits);
        if (beVerdict != null && beVerdict.kind() != HttpRule.Kind.ALLOW) {
            verdict = beVerdict;
            verdictOfBackend = true;
            return LOCAL;
        }
        if (ws.cache.hit() != null) {
            return CACHE;
        }
        if (StatsService.matches(be.stats(), ws.req)) {
            stats = be.stats();
            return STATS;
        }
        return FORWARD;
    }

    /**
     * The backend for a request: that of the first {@code use_backend} rule whose condition holds, else
     * {@code default_backend} (null when there is none).
     */
    static Backend backendFor(final Frontend frontend, final HeadView request) {
        return dev.baton.listener.BackendChoice.of(frontend, request);
    }

    Backend backend() {
        return backend;
    }

    HttpRule verdict() {
        return verdict;
    }

    boolean verdictOfBackend() {
        return verdictOfBackend;
    }

    StatsPageConfig stats() {
        return stats;
    }

    /** Forgets the last request's answer. */
    void clear() {
        backend = null;
        verdict = null;
        stats = null;
    }
}
