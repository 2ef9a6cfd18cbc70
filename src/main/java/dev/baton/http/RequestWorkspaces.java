package dev.baton.http;

import dev.baton.config.TuneSettings;

import java.util.Arrays;

/**
 * One reactor's free {@link RequestWorkspace}s: a plain array stack, owned by the reactor thread, so no lock.
 * A session borrows one when a request starts and gives it back when its exchange ends, so a reactor needs
 * as many as it has requests under way at once, not as many as it has connections.
 *
 * <p>The stack grows on demand and never shrinks: after the peak of concurrent requests, borrowing and
 * returning allocate nothing. Reactor thread only.
 */
final class RequestWorkspaces {
    private static final int INITIAL_CAPACITY = 16;

    private final int maxHeadBytes;
    /** The global {@code tune.http.maxhdr} and {@code tune.http.logurilen}. */
    private final TuneSettings tune;
    /** The reactor's idle deflaters, shared by its workspaces' compressors. */
    private final DeflaterPool deflaters = new DeflaterPool();
    private RequestWorkspace[] free = new RequestWorkspace[INITIAL_CAPACITY];
    private int size;
    private int created;
    private dev.baton.h2.H2Scratch h2Scratch;

    /** {@code maxHeadBytes}: the reactor's buffer size, which bounds a head. */
    RequestWorkspaces(final int maxHeadBytes) {
        this(maxHeadBytes, TuneSettings.DEFAULTS);
    }

    /** {@code tune}: the global {@code tune.http.maxhdr} and {@code tune.http.logurilen} the workspaces follow. */
    RequestWorkspaces(final int maxHeadBytes, final TuneSettings tune) {
        this.maxHeadBytes = maxHeadBytes;
        this.tune = tune;
    }

    /**
     * The reactor's HTTP/2 scratch ({@link dev.baton.h2.H2Scratch}) for heads up to {@code maxHeadSize} bytes, made
     * the first time a connection needs it.
     */
    dev.baton.h2.H2Scratch h2Scratch(final int maxHeadSize) {
        if (h2Scratch == null) {
            h2Scratch = new dev.baton.h2.H2Scratch(maxHeadSize, tune.h2().headerTableSize());
        }
        return h2Scratch;
    }

    /** The global {@code tune.*} settings the workspaces follow (HTTP/2 connections read theirs here). */
    TuneSettings tune() {
        return tune;
    }

    /** A workspace in its just-built state: a free one, else a new one. */
    RequestWorkspace borrow() {
        if (size == 0) {
            created++;
            return new RequestWorkspace(maxHeadBytes, tune, deflaters);
        }
        final RequestWorkspace w = free[--size];
        free[size] = null;
        return w;
    }

    /** Takes back {@code w}, borrowed here and no longer touched by its session, and clears it for the next one. */
    void giveBack(final RequestWorkspace w) {
        w.recycle();
        if (size == free.length) {
            free = Arrays.copyOf(free, size * 2);
        }
        free[size++] = w;
    }

    /** Workspaces ever made here (a reuse check for tests and stats). */
    int created() {
        return created;
    }

    /** The reactor's deflater pool (for tests). */
    DeflaterPool deflaters() {
        return deflaters;
    }

    /** Workspaces free now. */
    int free() {
        return size;
    }
}
