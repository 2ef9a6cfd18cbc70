package dev.baton.sample;

import java.nio.ByteBuffer;

/**
 * What a place holds of the body of the HTTP message under evaluation (HAProxy's DATA blocks of its HTX message):
 * the bytes received so far after the head, de-chunked, bounded by the message's framing and by the buffer. Read
 * by {@code req.body}, {@code req.body_len}, {@code req.body_size}, {@code req.body_param} and their {@code res.}
 * forms. An implementation answers for one message at a time on the thread that owns it; no allocation.
 */
public interface MessageBody {
    /** How many bytes of body data are buffered ({@code body_len}). */
    long length();

    /**
     * {@link #length()} plus what the head announces still to come ({@code body_size}): the Content-Length, or the
     * data buffered so far for a chunked body (nothing announces its size).
     */
    long size();

    /**
     * The body data as {@code out}'s value, of type {@code type}: in place when the bytes are contiguous (a
     * Content-Length body), else copied de-chunked into {@code into} (cut at its capacity). False when there is no
     * body to give.
     */
    boolean data(Sample out, SampleType type, ByteBuffer into);
}
