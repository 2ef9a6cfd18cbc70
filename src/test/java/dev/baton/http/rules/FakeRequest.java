package dev.baton.http.rules;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RequestView} over a head written as text ({@code "GET /a HTTP/1.1", "Host: x"}), laid out in a
 * ByteBuffer after some junk bytes so that absolute offsets are tested; also serves as a response head
 * (its first line is then ignored). Addresses are literals.
 */
public final class FakeRequest implements RequestView {
    private static final String JUNK = "junk:";

    private final ByteBuffer buffer;
    private final int methodStart;
    private final int methodLength;
    private final int pathStart;
    private final int pathLength;
    private final int targetStart;
    private final int targetLength;
    private final int version;
    private final List<int[]> headers = new ArrayList<>();
    private byte[] src = address("192.0.2.7");
    /** The request's variables: a fresh set per fake request, with a session store attached. */
    private final dev.baton.sample.vars.Vars vars = new dev.baton.sample.vars.Vars();

    {
        vars.attach(new dev.baton.sample.vars.VarStore(dev.baton.sample.vars.VarScope.SESS));
    }

    @Override
    public dev.baton.sample.vars.Vars vars() {
        return vars;
    }
    private byte[] dst = address("198.51.100.1");

    private FakeRequest(final String firstLine, final String... headerLines) {
        final StringBuilder text = new StringBuilder(JUNK).append(firstLine).append("\r\n");
        for (final String h : headerLines) {
            text.append(h).append("\r\n");
        }
        text.append("\r\n");
        final byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        buffer = ByteBuffer.wrap(bytes);
        final int lineStart = JUNK.length();
        methodStart = lineStart;
        methodLength = firstLine.indexOf(' ') < 0 ? 0 : firstLine.indexOf(' ');
        final int targetStart = lineStart + methodLength + 1;
        final int targetEnd = lineStart + firstLine.lastIndexOf(' ');
        int p = targetStart;
        if (firstLine.indexOf("://") > 0) {
            p = indexOf(bytes, "://", targetStart) + 3;
            while (p < targetEnd && bytes[p] != '/') {
                p++;
            }
        }
        int q = p;
        while (q < targetEnd && bytes[q] != '?') {
            q++;
        }
        this.targetStart = targetStart;
        this.targetLength = Math.max(0, targetEnd - targetStart);
        this.version = firstLine.endsWith("HTTP/1.0") ? 10 : firstLine.endsWith("HTTP/1.1") ? 11 : 0;
        pathStart = p;
        pathLength = p < targetEnd && bytes[p] == '/' ? q - p : 0;
        int at = lineStart + firstLine.length() + 2;
        for (final String h : headerLines) {
            final int colon = h.indexOf(':');
            int vs = colon + 1;
            int ve = h.length();
            while (vs < ve && (h.charAt(vs) == ' ' || h.charAt(vs) == '\t')) {
                vs++;
            }
            while (ve > vs && (h.charAt(ve - 1) == ' ' || h.charAt(ve - 1) == '\t')) {
                ve--;
            }
            headers.add(new int[] {at, colon, at + vs, ve - vs});
            at += h.length() + 2;
        }
    }

    public static FakeRequest of(final String firstLine, final String... headerLines) {
        return new FakeRequest(firstLine, headerLines);
    }

    public FakeRequest from(final String address) {
        src = address(address);
        return this;
    }

    public FakeRequest to(final String address) {
        dst = address(address);
        return this;
    }

    public static byte[] address(final String literal) {
        try {
            return InetAddress.getByName(literal).getAddress();
        } catch (final UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static int indexOf(final byte[] bytes, final String what, final int from) {
        return new String(bytes, StandardCharsets.ISO_8859_1).indexOf(what, from);
    }

    /** The bytes of a span, as text. */
    public String text(final int start, final int length) {
        return new String(buffer.array(), start, length, StandardCharsets.ISO_8859_1);
    }

    @Override
    public ByteBuffer buffer() {
        return buffer;
    }

    @Override
    public int headerCount() {
        return headers.size();
    }

    @Override
    public int headerNameStart(final int index) {
        return headers.get(index)[0];
    }

    @Override
    public int headerNameLength(final int index) {
        return headers.get(index)[1];
    }

    @Override
    public int headerValueStart(final int index) {
        return headers.get(index)[2];
    }

    @Override
    public int headerValueLength(final int index) {
        return headers.get(index)[3];
    }

    @Override
    public byte[] srcAddress() {
        return src;
    }

    @Override
    public byte[] dstAddress() {
        return dst;
    }

    @Override
    public int methodStart() {
        return methodStart;
    }

    @Override
    public int methodLength() {
        return methodLength;
    }

    @Override
    public int pathStart() {
        return pathStart;
    }

    @Override
    public int pathLength() {
        return pathLength;
    }

    @Override
    public int targetStart() {
        return targetStart;
    }

    @Override
    public int targetLength() {
        return targetLength;
    }

    @Override
    public int httpVersion() {
        return version;
    }
}
