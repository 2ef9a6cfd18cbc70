package dev.baton.support;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A name server for tests on 127.0.0.1 (UDP, an ephemeral port): it answers A and AAAA queries as the test set
 * them ({@link #answer}: addresses, possibly none; {@link #nx}: NXDOMAIN; {@link #silent}: no answer at all), SRV
 * queries with records ({@link #srv}), each with an optional A/AAAA record for its target in the additional section
 * (named by a compression pointer to the target), and NXDOMAIN for names it was not told about. One thread;
 * {@link #close()} stops it.
 */
public final class FakeDnsServer implements AutoCloseable {
    private static final int TYPE_A = 1;
    private static final int TYPE_AAAA = 28;
    private static final int TYPE_SRV = 33;

    /** An SRV record: priority, weight, port, target, and the target's address for the additional section (or null). */
    public record Srv(int priority, int weight, int port, String target, String additional) {
    }

    /** What is answered for a name and type: addresses or SRV records with rcode 0, or only an rcode; silent: nothing. */
    private record Reply(int rcode, List<InetAddress> addresses, boolean silent, List<Srv> srv) {
        Reply(final int rcode, final List<InetAddress> addresses, final boolean silent) {
            this(rcode, addresses, silent, List.of());
        }
    }

    private final DatagramSocket socket;
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final Thread thread;

    private FakeDnsServer() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        thread = new Thread(this::serve, "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public static FakeDnsServer start() throws IOException {
        return new FakeDnsServer();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Queries received so far. */
    public int queries() {
        return queries.get();
    }

    /** {@code name}'s records of the family of {@code ipv6} are {@code addresses} (none: an empty NOERROR answer). */
    public void answer(final String name, final boolean ipv6, final String... addresses) throws IOException {
        final InetAddress[] parsed = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            parsed[i] = InetAddress.getByName(addresses[i]); // literals only: parsed, not looked up
        }
        replies.put(key(name, ipv6 ? TYPE_AAAA : TYPE_A), new Reply(0, List.of(parsed), false));
    }

    /** {@code name}'s SRV records are {@code records} (none: an empty NOERROR answer). */
    public void srv(final String name, final Srv... records) {
        replies.put(key(name, TYPE_SRV), new Reply(0, List.of(), false, List.of(records)));
    }

    /** {@code name} does not exist, in both families (and as an SRV name). */
    public void nx(final String name) {
        replies.put(key(name, TYPE_A), new Reply(3, List.of(), false));
        replies.put(key(name, TYPE_AAAA), new Reply(3, List.of(), false));
        replies.put(key(name, TYPE_SRV), new Reply(3, List.of(), false));
    }

    /** Queries for {@code name} get no answer at all. */
    public void silent(final String name) {
        replies.put(key(name, TYPE_A), new Reply(0, List.of(), true));
        replies.put(key(name, TYPE_AAAA), new Reply(0, List.of(), true));
    }

    private static InetAddress literal(final String ip) {
        try {
            return InetAddress.getByName(ip); // a literal: parsed, not looked up
        } catch (final IOException e) {
            throw new IllegalArgumentException(ip, e);
        }
    }

    private static String key(final String name, final int type) {
        return name.toLowerCase(Locale.ROOT) + "/" + type;
    }

    private void serve() {
        final byte[] buf = new byte[4096];
        while (!socket.isClosed()) {
            final DatagramPacket in = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(in);
                queries.incrementAndGet();
                final byte[] out = reply(ByteBuffer.wrap(in.getData(), 0, in.getLength()));
                if (out != null) {
                    socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                }
            } catch (final SocketException e) {
                return; // closed
            } catch (final IOException | RuntimeException e) {
                // a malformed query: ignored
            }
        }
    }

    /** The answer to the query in {@code q}, or null to stay silent. */
    private byte[] reply(final ByteBuffer q) {
        final int id = q.getShort(0) & 0xffff;
        int pos = 12;
        final StringBuilder name = new StringBuilder();
        while (q.get(pos) != 0) {
            final int len = q.get(pos);
            if (name.length() > 0) {
                name.append('.');
            }
            for (int i = 1; i <= len; i++) {
                name.append((char) q.get(pos + i));
            }
            pos += len + 1;
        }
        final int questionEnd = pos + 5;
        final int type = q.getShort(pos + 1) & 0xffff;
        final Reply r = replies.getOrDefault(key(name.toString(), type), new Reply(3, List.of(), false));
        if (r.silent()) {
            return null;
        }
        final ByteBuffer out = ByteBuffer.allocate(4096);
        final int additional = (int) r.srv().stream().filter(x -> x.additional() != null).count();
        out.putShort((short) id).putShort((short) (0x8180 | r.rcode())).putShort((short) 1)
            .putShort((short) (r.addresses().size() + r.srv().size())).putShort((short) 0)
            .putShort((short) additional);
        out.put(q.array(), q.arrayOffset() + 12, questionEnd - 12);
        final int[] targetAt = new int[r.srv().size()];
        for (int i = 0; i < r.srv().size(); i++) {
            final Srv x = r.srv().get(i);
            final int lengthAt = out.position() + 10;
            out.putShort((short) 0xc00c).putShort((short) TYPE_SRV).putShort((short) 1).putInt(1).putShort((short) 0)
                .putShort((short) x.priority()).putShort((short) x.weight()).putShort((short) x.port());
            targetAt[i] = out.position();
            for (final String label : x.target().split("\\.")) {
                out.put((byte) label.length()).put(label.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            out.put((byte) 0);
            out.putShort(lengthAt, (short) (out.position() - lengthAt - 2));
        }
        for (final InetAddress a : r.addresses()) {
            final byte[] raw = a.getAddress();
            out.putShort((short) 0xc00c).putShort((short) (raw.length == 4 ? TYPE_A : TYPE_AAAA)).putShort((short) 1)
                .putInt(1).putShort((short) raw.length).put(raw);
        }
        for (int i = 0; i < r.srv().size(); i++) {
            final String ip = r.srv().get(i).additional();
            if (ip != null) {
                final byte[] raw = literal(ip).getAddress();
                out.putShort((short) (0xc000 | targetAt[i])).putShort((short) (raw.length == 4 ? TYPE_A : TYPE_AAAA))
                    .putShort((short) 1).putInt(1).putShort((short) raw.length).put(raw);
            }
        }
        final byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    @Override
    public void close() {
        socket.close();
        try {
            thread.join(2000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
