package dev.baton.http.auth;

import dev.baton.http.rules.MessageView;
import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;

/**
 * The user and password of a request's {@code Authorization: Basic} header, decoded into a buffer of this instance,
 * as HAProxy 2.6 reads them ({@code get_http_auth}): the first value of the first {@code Authorization} header, a
 * scheme that is {@code Basic} (any case) followed by one or more spaces, base64 that decodes to {@code user:password}
 * (split at the first colon). Anything else (no header, another scheme, bad base64, no colon) is no credentials.
 * <p>One per thread ({@link #forThisThread()}): the decoding allocates nothing.
 */
final class BasicCredentials {
    private static final HeaderName AUTHORIZATION = HeaderName.of("Authorization");
    private static final HeaderName PROXY_AUTHORIZATION = HeaderName.of("Proxy-Authorization");
    private static final byte[] BASIC = {'b', 'a', 's', 'i', 'c'};
    /** Decoded credentials longer than this are not looked at (HAProxy's limit is its buffer size). */
    static final int MAX_DECODED = 4096;
    private static final ThreadLocal<BasicCredentials> PER_THREAD = ThreadLocal.withInitial(BasicCredentials::new);
    private static final byte[] DECODE = new byte[128];

    static {
        java.util.Arrays.fill(DECODE, (byte) -1);
        final String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE[alphabet.charAt(i)] = (byte) i;
        }
    }

    /** The decoded {@code user:password}; valid after {@link #read} returned true. */
    final byte[] decoded = new byte[MAX_DECODED];
    int userLength;
    /** Scratch for the memo digest of {@link Userlist} (SHA-256). */
    final byte[] digest = new byte[32];
    int passwordStart;
    int passwordLength;

    static BasicCredentials forThisThread() {
        return PER_THREAD.get();
    }

    /** Reads the credentials of {@code view}'s request; false when it carries no Basic credentials. */
    boolean read(final MessageView view) {
        final int index = view.indexOfHeader(view.proxyRequest() ? PROXY_AUTHORIZATION : AUTHORIZATION, 0);
        if (index < 0) {
            return false;
        }
        final ByteBuffer b = view.buffer();
        final int start = view.headerValueStart(index);
        int end = start + view.headerValueLength(index);
        for (int i = start; i < end; i++) {
            if (b.get(i) == ',') {
                end = i; // the first value only
                break;
            }
        }
        int space = start;
        while (space < end && b.get(space) != ' ') {
            space++;
        }
        if (space == start || space == end || space - start != BASIC.length) {
            return false;
        }
        for (int i = 0; i < BASIC.length; i++) {
            if ((b.get(start + i) | 0x20) != BASIC[i]) {
                return false;
            }
        }
        int from = space;
        while (from < end && b.get(from) == ' ') {
            from++;
        }
        while (end > from && (b.get(end - 1) == ' ' || b.get(end - 1) == '\t')) {
            end--;
        }
        final int n = decode(b, from, end);
        if (n < 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (decoded[i] == ':') {
                userLength = i;
                passwordStart = i + 1;
                passwordLength = n - i - 1;
                return true;
            }
        }
        return false;
    }

    /** Base64 (with padding, length a multiple of 4) from {@code b} into {@link #decoded}; -1 when malformed. */
    private int decode(final ByteBuffer b, final int from, final int to) {
        final int length = to - from;
        if (length == 0 || length % 4 != 0 || length / 4 * 3 > decoded.length) {
            return -1;
        }
        int out = 0;
        for (int i = from; i < to; i += 4) {
            int pad = 0;
            int group = 0;
            for (int j = 0; j < 4; j++) {
                final int c = b.get(i + j);
                int v;
                if (c == '=' && i + 4 == to && j >= 2) {
                    pad++;
                    v = 0;
                } else if (pad > 0 || c < 0 || c >= DECODE.length || (v = DECODE[c]) < 0) {
                    return -1;
                }
                group = group << 6 | v;
            }
            decoded[out++] = (byte) (group >> 16);
            if (pad < 2) {
                decoded[out++] = (byte) (group >> 8);
            }
            if (pad < 1) {
                decoded[out++] = (byte) group;
            }
        }
        return out;
    }
}
