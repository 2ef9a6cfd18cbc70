package dev.baton.http;

import java.nio.ByteBuffer;

/** Test helpers that reduce a parsed head to text, so two parses of the same bytes can be compared. */
final class Heads {
    private Heads() {
    }

    /** Every fact of {@code head} by content (not by offset), after a parse that returned {@code result}. */
    static String describe(final int result, final HttpHead head) {
        if (result <= 0) {
            return "result " + result;
        }
        final ByteBuffer buf = head.buffer();
        final StringBuilder sb = new StringBuilder();
        sb.append(head.isRequest() ? "request " : "response ")
                .append(Bytes.text(buf, head.startLineStart(), head.startLineLength()))
                .append(" | method=").append(head.method())
                .append(" status=").append(head.status())
                .append(" version=").append(head.version());
        if (head.isRequest()) {
            sb.append(" method-text=").append(Bytes.text(buf, head.methodStart(), head.methodLength()))
                    .append(" target=").append(Bytes.text(buf, head.targetStart(), head.targetLength()))
                    .append(" path=").append(Bytes.text(buf, head.pathStart(), head.pathLength()))
                    .append(" authority=").append(Bytes.text(buf, head.authorityStart(), head.authorityLength()));
        } else {
            sb.append(" reason=").append(Bytes.text(buf, head.reasonStart(), head.reasonLength()));
        }
        sb.append(" cl=").append(head.contentLength())
                .append(" te=").append(head.transferEncoding())
                .append(" chunked=").append(head.chunked())
                .append(" other=").append(head.otherTransferCoding())
                .append(" close=").append(head.connectionClose())
                .append(" ka=").append(head.connectionKeepAlive())
                .append(" upgrade=").append(head.upgrade())
                .append(" expect=").append(head.expectContinue())
                .append(" persist=").append(head.keepAliveByVersion());
        for (int i = 0; i < head.headerCount(); i++) {
            sb.append(" [").append(Bytes.text(buf, head.nameStart(i), head.nameLength(i))).append('=')
                    .append(Bytes.text(buf, head.valueStart(i), head.valueLength(i))).append(']');
        }
        return sb.toString();
    }

    /** Like {@link #describe(int, HttpHead)}, plus the head length and every offset relative to the head start. */
    static String describeWithOffsets(final int result, final HttpHead head) {
        if (result <= 0) {
            return "result " + result;
        }
        final int base = head.start();
        final StringBuilder sb = new StringBuilder(describe(result, head));
        sb.append(" | length=").append(head.headLength())
                .append(" line@").append(head.startLineStart() - base)
                .append(" target@").append(head.targetStart() - base)
                .append(" path@").append(head.pathStart() - base);
        for (int i = 0; i < head.headerCount(); i++) {
            sb.append(" h").append(i).append('@').append(head.nameStart(i) - base).append(',')
                    .append(head.valueStart(i) - base);
        }
        return sb.toString();
    }
}
