package dev.baton.http.rules;

import dev.baton.io.Endpoint;

/**
 * {@code set-tos VALUE} and {@code set-mark VALUE} of {@code http-request}, {@code http-response} and
 * {@code tcp-request} rules: the IP TOS byte, or the netfilter mark, of the packets sent to the client from now on.
 * A system refusal (a Unix socket, no CAP_NET_ADMIN for the mark) is ignored, as HAProxy ignores it. Immutable.
 */
public record SocketMarkRule(Kind kind, int value, Condition condition) implements HttpRule {
    public SocketMarkRule {
        if (kind != Kind.SET_TOS && kind != Kind.SET_MARK) {
            throw new IllegalArgumentException(kind.name());
        }
    }

    /** Marks {@code client} (null: the place has no client connection, nothing to do). Reactor thread of the client. */
    public void apply(final Endpoint client) {
        if (client == null) {
            return;
        }
        if (kind == Kind.SET_TOS) {
            client.setTos(value);
        } else {
            client.setMark(value);
        }
    }
}
