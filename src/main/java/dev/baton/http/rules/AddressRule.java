package dev.baton.http.rules;

import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleExpr;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code set-src EXPR}, {@code set-src-port EXPR}, {@code set-dst EXPR} and {@code set-dst-port EXPR} of
 * {@code http-request} and {@code tcp-request connection|session|content}, as HAProxy 2.6's
 * {@code tcp_action_req_set_src} and siblings: the expression's value, cast to an address (IPv4 or IPv6, text
 * accepted) or to an integer, replaces the address or the port its {@link AddressTarget} shows. Setting an address
 * keeps the port (0 when there was none: a Unix socket's client); setting a port of an unknown address makes it
 * {@code 0.0.0.0}; the port is the integer's low 16 bits. No sample, or one that does not cast (a header that is not
 * an address), and nothing changes; the list goes on. Allocates the new address only when it changes.
 */
public record AddressRule(Kind kind, SampleExpr expr, Condition condition) implements HttpRule {
    public AddressRule {
        if (kind != Kind.SET_SRC && kind != Kind.SET_SRC_PORT && kind != Kind.SET_DST && kind != Kind.SET_DST_PORT) {
            throw new IllegalArgumentException(kind + " is not an address action");
        }
    }

    /** Whether the rule changes the client address or port (else the local one). */
    public boolean source() {
        return kind == Kind.SET_SRC || kind == Kind.SET_SRC_PORT;
    }

    /** Runs the action for the stream {@code ctx} evaluates on {@code target}. Owner thread. */
    public void apply(final SampleContext ctx, final AddressTarget target) {
        final InetSocketAddress current = source() ? target.source() : target.destination();
        final InetSocketAddress next = evaluate(ctx, current);
        if (next == null) {
            return;
        }
        if (source()) {
            target.source(next);
        } else {
            target.destination(next);
        }
    }

    /** The address {@code current} becomes, or null when the sample leaves it as it is. */
    InetSocketAddress evaluate(final SampleContext ctx, final InetSocketAddress current) {
        final Scratch scratch = ctx.scratch();
        final Sample s = scratch.borrow();
        try {
            final boolean port = kind == Kind.SET_SRC_PORT || kind == Kind.SET_DST_PORT;
            if (!expr.eval(ctx, s) || !s.cast(port ? SampleType.SINT : SampleType.ADDR, scratch)) {
                return null;
            }
            if (port) {
                final InetAddress address = current != null ? current.getAddress() : InetAddress.getByAddress(
                    new byte[4]);
                return new InetSocketAddress(address, (int) (s.number() & 0xffff));
            }
            final byte[] a = s.address().clone();
            // an IPv4-mapped IPv6 address stays IPv6, as the socket address HAProxy writes
            final InetAddress address = a.length == 16 ? Inet6Address.getByAddress(null, a, -1)
                : InetAddress.getByAddress(a);
            return new InetSocketAddress(address, current != null ? current.getPort() : 0);
        } catch (final UnknownHostException e) {
            return null; // not reached: 4 or 16 bytes always make an address
        } finally {
            scratch.giveBack();
        }
    }
}
