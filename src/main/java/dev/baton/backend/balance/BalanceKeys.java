package dev.baton.backend.balance;

import dev.baton.backend.LoadBalancer;
import dev.baton.config.BalanceParams;
import dev.baton.sample.Sample;
import dev.baton.sample.SampleContext;
import dev.baton.sample.SampleType;
import dev.baton.sample.Scratch;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * The last steps of every balancing key, as HAProxy 2.6's {@code backend.c} takes them: the client address folded
 * into 32 bits for {@code balance source}, and a key's bytes hashed with the backend's {@code hash-type}
 * function and modifier. The results are {@link LoadBalancer#pick} keys. Stateless, any thread, no allocation
 * (but {@link #addressHash} of an IPv6 address, once per connection).
 */
public final class BalanceKeys {
    private BalanceKeys() {
    }

    /**
     * HAProxy's folding of a client address for {@code source}: the IPv4 address as a big-endian int, the xor of
     * the four big-endian words of an IPv6 address; 0 when there is none (a Unix socket client).
     */
    public static int addressHash(final InetAddress address) {
        if (address == null) {
            return 0;
        }
        if (address instanceof Inet4Address) {
            return address.hashCode(); // Inet4Address's hash code is its address, big-endian
        }
        final byte[] b = address.getAddress();
        int h = 0;
        for (int i = 0; i + 4 <= b.length; i += 4) {
            h ^= ((b[i] & 0xff) << 24) | ((b[i + 1] & 0xff) << 16) | ((b[i + 2] & 0xff) << 8) | (b[i + 3] & 0xff);
        }
        return h;
    }

    /** The {@code source} key of a client whose {@link #addressHash} is {@code addressHash}. */
    public static long source(final BalanceParams params, final int addressHash) {
        return finish(params, addressHash);
    }

    /**
     * {@code balance hash EXPR}: the key of the expression's value on {@code ctx}, cast to binary as HAProxy's
     * get_server_expr hashes it (an integer as its 8 bytes, an address as its 4 or 16); {@link LoadBalancer#NO_KEY}
     * (round robin) when it gives none. Allocates nothing: the value is a view or in the thread's scratch buffers.
     */
    public static long expression(final BalanceParams params, final SampleContext ctx) {
        final Scratch scratch = ctx.scratch();
        final Sample s = scratch.borrow();
        try {
            if (!params.hashExpr().eval(ctx, s) || !s.cast(SampleType.BIN, scratch)) {
                return LoadBalancer.NO_KEY;
            }
            return bytes(params, s.buffer(), s.offset(), s.length());
        } finally {
            scratch.giveBack();
        }
    }

    /** The key of {@code len} bytes at absolute index {@code from} of {@code b}. */
    public static long bytes(final BalanceParams params, final ByteBuffer b, final int from, final int len) {
        return finish(params, HashFunctions.hash(params.function(), b, from, len));
    }

    private static long finish(final BalanceParams params, final int hash) {
        return Integer.toUnsignedLong(params.avalanche() ? HashFunctions.fullHash(hash) : hash);
    }
}
