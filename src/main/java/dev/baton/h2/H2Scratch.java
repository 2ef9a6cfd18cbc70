package dev.baton.h2;

import java.nio.ByteBuffer;

/**
 * The working space every HTTP/2 connection of a reactor uses only inside one call (decoding one header block,
 * parsing and encoding one response head), shared so that a connection does not hold its own: the HPACK decoder's
 * string scratch, the request head builder, the response head parser, the encoded head. One per reactor; its thread
 * only.
 */
public final class H2Scratch {
    final byte[] hpack;
    final RequestHead requestHead;
    final ResponseHead responseHead = new ResponseHead();
    final ByteBuffer encodedHead;
    final int maxHeadSize;

    /** {@code maxHeadSize}: the largest head, as HTTP/1 bytes ({@code tune.bufsize}). */
    public H2Scratch(final int maxHeadSize) {
        this(maxHeadSize, 4096);
    }

    /** As above for HPACK tables of up to {@code headerTableSize} bytes ({@code tune.h2.header-table-size}). */
    public H2Scratch(final int maxHeadSize, final int headerTableSize) {
        this.maxHeadSize = maxHeadSize;
        this.hpack = new byte[Math.max(maxHeadSize, headerTableSize)];
        this.requestHead = new RequestHead(maxHeadSize);
        this.encodedHead = ByteBuffer.allocate(maxHeadSize * 2 + 256);
    }
}
