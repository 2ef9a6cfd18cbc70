package dev.baton.http.cache;

import dev.baton.http.HttpHead;
import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Header values of a head as text, the two ways HAProxy's {@code http_find_header} reads them: each comma-separated
 * value (commas inside quotes kept), or the first line's whole value. Allocates: for requests that use a cache only.
 */
final class HeaderValues {
    private HeaderValues() {
    }

    /** Every comma-separated value of every {@code name} line, trimmed, empty ones skipped. */
    static List<String> split(final HttpHead head, final HeaderName name) {
        final List<String> out = new ArrayList<>();
        for (int i = head.indexOf(name, 0); i >= 0; i = head.indexOf(name, i + 1)) {
            final String v = text(head, i);
            boolean quoted = false;
            int start = 0;
            for (int c = 0; c <= v.length(); c++) {
                if (c == v.length() || v.charAt(c) == ',' && !quoted) {
                    final String part = v.substring(start, c).trim();
                    if (!part.isEmpty()) {
                        out.add(part);
                    }
                    start = c + 1;
                } else if (v.charAt(c) == '"') {
                    quoted = !quoted;
                }
            }
        }
        return out;
    }

    /** The whole value of the first {@code name} line, trimmed; null when there is none. */
    static String first(final HttpHead head, final HeaderName name) {
        final int i = head.indexOf(name, 0);
        return i < 0 ? null : text(head, i).trim();
    }

    /** The first comma-separated value of {@code name}, or null. */
    static String firstValue(final HttpHead head, final HeaderName name) {
        final List<String> all = split(head, name);
        return all.isEmpty() ? null : all.get(0);
    }

    static boolean has(final HttpHead head, final HeaderName name) {
        return head.indexOf(name, 0) >= 0;
    }

    private static String text(final HttpHead head, final int i) {
        final ByteBuffer b = head.buffer();
        final byte[] bytes = new byte[head.valueLength(i)];
        b.get(head.valueStart(i), bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
