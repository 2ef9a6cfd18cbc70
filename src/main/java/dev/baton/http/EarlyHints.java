package dev.baton.http;

import dev.baton.http.rules.EarlyHintRule;
import dev.baton.http.rules.MessageView;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The {@code 103 Early Hints} responses a request's {@code http-request early-hint} rules build, as HAProxy 2.6.12
 * builds them: a rule whose condition holds adds its line to the open response, opening one
 * ({@code HTTP/1.1 103 Early Hints}) when none is; the response ends (an empty line) after a rule followed by no
 * early-hint rule, by one with a condition, or by the end of its list. None for a request older than HTTP/1.1. They go to the
 * client once the request rules ran ({@link #send}), before any final answer. Part of a request workspace's
 * {@link RuleRunner}, made by the first early-hint rule; reactor thread only; allocation-free after that.
 */
final class EarlyHints {
    private static final byte[] START = "HTTP/1.1 103 Early Hints\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The responses built so far, in fill mode. */
    private final ByteBuffer out = ByteBuffer.allocate(HeaderEdits.DEFAULT_VALUE_BYTES);
    /** Where the open response started, -1: none open. */
    private int open = -1;

    /** Adds {@code rule}'s line (its value rendered through {@code scratch}) to the open response, opening one. */
    void add(final EarlyHintRule rule, final MessageView view, final ByteBuffer scratch) {
        scratch.clear();
        final int n = rule.value().render(view, scratch);
        if (n < 0) {
            return;
        }
        final int start = out.position();
        if (open < 0) {
            if (out.remaining() < START.length) {
                return;
            }
            open = start;
            out.put(START);
        }
        if (out.remaining() < rule.name().length + 2 + n + 2 + 2) { // the line, and room for the closing CRLF
            out.position(start);
            return;
        }
        out.put(rule.name()).put((byte) ':').put((byte) ' ').put(scratch.array(), 0, n).put((byte) '\r')
            .put((byte) '\n');
    }

    /** Ends the open response, if any (a rule that is no early-hint, or the end of a list). */
    void close() {
        if (open >= 0) {
            out.put((byte) '\r').put((byte) '\n');
            open = -1;
        }
    }

    /** Whether responses wait to be sent. */
    boolean pending() {
        return out.position() > 0;
    }

    /** Sends the responses built to {@code s}'s client (what does not fit its output is dropped) and forgets them. */
    static void send(final HttpSession s, final EarlyHints hints) {
        hints.close();
        final ByteBuffer to = s.client.output();
        hints.out.flip();
        if (to.remaining() >= hints.out.remaining()) {
            to.put(hints.out);
        }
        hints.out.clear();
        try {
            s.client.flush(s.reactor.nowNs());
        } catch (final IOException e) {
            // a client gone shows on its next read, as for any write
        }
    }

    /** Forgets what was built (a new request). */
    void clear() {
        out.clear();
        open = -1;
    }
}
