package dev.baton.http;

import java.util.Arrays;
import java.util.zip.Deflater;

/**
 * One reactor's idle {@link Deflater}s, so that steady compression allocates no zlib stream per response: one
 * stack for the zlib format ({@code deflate}) and one for bare deflate data ({@code gzip}, whose wrapper baton writes
 * itself, and {@code raw-deflate}). A deflater comes out reset and at the level asked for; one given back beyond
 * {@link #MAX_IDLE} per stack is ended at once, so idle native memory stays bounded (about 256 KiB each).
 * Reactor thread only: owned by the reactor's {@link RequestWorkspaces}, no lock.
 */
final class DeflaterPool {
    /** Idle deflaters kept per stack. */
    static final int MAX_IDLE = 32;

    private final Deflater[][] idle = {new Deflater[4], new Deflater[4]};
    private final int[] size = new int[2];
    private int created;

    /** A deflater for bare deflate data ({@code nowrap}) or the zlib format, at {@code level} (1 to 9). */
    Deflater borrow(final boolean nowrap, final int level) {
        final int k = nowrap ? 1 : 0;
        if (size[k] == 0) {
            created++;
            return new Deflater(level, nowrap);
        }
        final Deflater d = idle[k][--size[k]];
        idle[k][size[k]] = null;
        d.setLevel(level);
        return d;
    }

    /** Takes back {@code d}, borrowed here with {@code nowrap}: reset for the next response, or ended. */
    void giveBack(final Deflater d, final boolean nowrap) {
        final int k = nowrap ? 1 : 0;
        if (size[k] == MAX_IDLE) {
            d.end();
            return;
        }
        d.reset();
        if (size[k] == idle[k].length) {
            idle[k] = Arrays.copyOf(idle[k], size[k] * 2);
        }
        idle[k][size[k]++] = d;
    }

    /** Deflaters ever made here (a reuse check for tests). */
    int created() {
        return created;
    }
}
