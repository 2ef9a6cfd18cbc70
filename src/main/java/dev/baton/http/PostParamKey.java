package dev.baton.http;

import dev.baton.backend.LoadBalancer;
import dev.baton.backend.balance.BalanceKeys;
import dev.baton.config.BalanceParams;
import dev.baton.sample.MessageBody;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;

import java.nio.ByteBuffer;

/**
 * {@code balance url_param NAME [check_post]} when the query string has no {@code NAME=} and the request is a POST:
 * the key is read from the body data already buffered after the head (all of it with {@code option
 * http-buffer-request}, else what arrived with the head), as HAProxy 2.6's get_server_ph_post reads the first DATA
 * block of its message. Like HAProxy 2.6, this runs whether or not {@code check_post} is written and whatever the
 * Content-Type. The parameters are {@code &}-separated from the first body byte; the first {@code NAME=} wins
 * (case-sensitive). Its value runs to the next {@code &} or the end of the data; HAProxy tests only the value's
 * first byte: a space, tab, CR or LF there gives an empty value, any other non-token byte means the body is not
 * form data (no key: round robin). Reactor thread; the data is a view (Content-Length) or the thread's scratch
 * buffer (de-chunked): no allocation.
 */
final class PostParamKey {
    private PostParamKey() {
    }

    /** The key of the request body held by {@code view} ({@link LoadBalancer#NO_KEY}: none). */
    static long of(final BalanceParams params, final SampleContext view) {
        final MessageBody body = view.body(false);
        if (body == null || body.length() <= 0) {
            return LoadBalancer.NO_KEY;
        }
        final Scratch scratch = view.scratch();
        final Sample s = scratch.borrow();
        try {
            if (!body.data(s, SampleType.BIN, scratch.next())) {
                return LoadBalancer.NO_KEY;
            }
            return scan(params, s.buffer(), s.offset(), s.offset() + s.length());
        } finally {
            scratch.giveBack();
        }
    }

    /** The key of the form parameter {@code params.name()} among the bytes {@code [from, to)} of {@code b}. */
    static long scan(final BalanceParams params, final ByteBuffer b, final int from, final int to) {
        final String name = params.name();
        final int nameLen = name.length();
        int p = from;
        while (to - p > nameLen) {
            if (b.get(p + nameLen) == '=' && named(b, p, name)) {
                final int start = p + nameLen + 1;
                if (start == to) {
                    return BalanceKeys.bytes(params, b, start, 0);
                }
                final byte first = b.get(start);
                if (!isToken(first)) {
                    return isLws(first) ? BalanceKeys.bytes(params, b, start, 0) : LoadBalancer.NO_KEY;
                }
                int end = start;
                while (end < to && b.get(end) != '&') {
                    end++;
                }
                return BalanceKeys.bytes(params, b, start, end - start);
            }
            int amp = -1;
            for (int i = p; i < to; i++) {
                if (b.get(i) == '&') {
                    amp = i;
                    break;
                }
            }
            if (amp < 0) {
                return LoadBalancer.NO_KEY;
            }
            p = amp + 1;
        }
        return LoadBalancer.NO_KEY;
    }

    private static boolean named(final ByteBuffer b, final int at, final String name) {
        for (int i = 0; i < name.length(); i++) {
            if ((b.get(at + i) & 0xff) != name.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLws(final byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** An RFC 9110 tchar: letters, digits and {@code !#$%&'*+-.^_`|~}. */
    private static boolean isToken(final byte c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            return true;
        }
        return c > 0 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
