package dev.baton.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * HAProxy's {@code global.req_count}: every stream (a tcp connection, an HTTP request) takes the next number when
 * it begins; {@code %rt} shows it. Process-wide; any thread; allocation-free.
 */
public final class StreamIds {
    private static final AtomicLong NEXT = new AtomicLong();

    private StreamIds() {
    }

    public static long next() {
        return NEXT.getAndIncrement();
    }
}
