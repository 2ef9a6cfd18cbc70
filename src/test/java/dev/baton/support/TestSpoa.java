package dev.baton.support;

import dev.baton.sample.Sample;
import dev.baton.spoe.Spop;
import dev.baton.spoe.SpopCursor;
import dev.baton.spoe.SpopWriter;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small SPOP 2.0 agent for tests, on 127.0.0.1 ({@link BlockingServer}: one thread per connection, blocking I/O):
 * answers HAPROXY-HELLO with AGENT-HELLO (version 2.0, the offered frame size or less, {@code pipelining}), each
 * NOTIFY with the ACK its {@link Reply} function gives (set-var / unset-var actions, possibly late, possibly never),
 * and HAPROXY-DISCONNECT with AGENT-DISCONNECT and a close. Records what it received.
 */
public final class TestSpoa implements AutoCloseable {
    /** One message of a NOTIFY frame: its name and arguments in order (values: Long, Boolean, String, byte[],
     * InetAddress, or null). */
    public record Message(String name, Map<String, Object> args) {
    }

    /** A NOTIFY frame received. */
    public record Notify(long streamId, long frameId, List<Message> messages) {
        /** The argument {@code arg} of the message {@code name}, or null. */
        public Object arg(final String name, final String arg) {
            for (final Message m : messages) {
                if (m.name().equals(name)) {
                    return m.args().get(arg);
                }
            }
            return null;
        }
    }

    /** A HAPROXY-HELLO received: its items as text. */
    public record Hello(Map<String, Object> items) {
    }

    /** An action of an ACK: {@code value} null with {@code set} false unsets. */
    public record Action(boolean set, int scope, String name, Object value) {
        public static Action set(final int scope, final String name, final Object value) {
            return new Action(true, scope, name, value);
        }

        public static Action unset(final int scope, final String name) {
            return new Action(false, scope, name, null);
        }
    }

    /**
     * What to answer to a NOTIFY: the actions, after {@code delayMs}; {@code silent}: no ACK at all; {@code farewell}
     * at or above 0: an AGENT-DISCONNECT with that status instead, and a close.
     */
    public record Reply(List<Action> actions, long delayMs, boolean silent, int farewell) {
        public static Reply now(final Action... actions) {
            return new Reply(List.of(actions), 0, false, -1);
        }

        public static Reply never() {
            return new Reply(List.of(), 0, true, -1);
        }

        public static Reply after(final long delayMs, final Action... actions) {
            return new Reply(List.of(actions), delayMs, false, -1);
        }

        public static Reply disconnect(final int status) {
            return new Reply(List.of(), 0, false, status);
        }
    }

    private final BlockingServer server;
    private final Function<Notify, Reply> answer;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "test-spoa-timer");
        t.setDaemon(true);
        return t;
    });
    /** What was received, in order. */
    public final ConcurrentLinkedQueue<Hello> hellos = new ConcurrentLinkedQueue<>();
    public final ConcurrentLinkedQueue<Notify> notifies = new ConcurrentLinkedQueue<>();
    public final AtomicInteger disconnects = new AtomicInteger();

    private TestSpoa(final Function<Notify, Reply> answer) throws IOException {
        this.answer = answer;
        this.server = BlockingServer.start("spoa", this::serve);
    }

    /** Starts an agent answering with {@code answer}. */
    public static TestSpoa start(final Function<Notify, Reply> answer) throws IOException {
        return new TestSpoa(answer);
    }

    public int port() {
        return server.port();
    }

    /** Connections accepted so far. */
    public int connections() {
        return server.accepted();
    }

    private void serve(final Socket socket) throws IOException {
        final DataInputStream in = new DataInputStream(socket.getInputStream());
        final OutputStream out = socket.getOutputStream();
        final SpopCursor c = new SpopCursor();
        int frameSize = 16380;
        while (true) {
            final int length;
            try {
                length = in.readInt();
            } catch (final IOException e) {
                return; // closed
            }
            final byte[] frame = new byte[length];
            in.readFully(frame);
            c.reset(ByteBuffer.wrap(frame), 0, length);
            if (!c.frame()) {
                return;
            }
            switch (c.type) {
                case Spop.HAPROXY_HELLO: {
                    final Map<String, Object> items = kv(c);
                    hellos.add(new Hello(items));
                    frameSize = (int) Math.min(frameSize, ((Long) items.get("max-frame-size")));
                    final ByteBuffer b = ByteBuffer.allocate(512);
                    final int start = SpopWriter.beginFrame(b, Spop.AGENT_HELLO, Spop.FLAG_FIN, 0, 0);
                    SpopWriter.name(b, ascii("version"));
                    SpopWriter.string(b, "2.0");
                    SpopWriter.name(b, ascii("max-frame-size"));
                    SpopWriter.uint32(b, frameSize);
                    SpopWriter.name(b, ascii("capabilities"));
                    SpopWriter.string(b, "pipelining");
                    SpopWriter.endFrame(b, start);
                    send(out, b);
                    if (Boolean.TRUE.equals(items.get("healthcheck"))) {
                        return;
                    }
                    break;
                }
                case Spop.NOTIFY: {
                    final Notify n = notify(c);
                    notifies.add(n);
                    final Reply r = answer.apply(n);
                    if (r.silent()) {
                        break;
                    }
                    if (r.farewell() >= 0) {
                        final ByteBuffer b = ByteBuffer.allocate(256);
                        SpopWriter.disconnect(b, Spop.AGENT_DISCONNECT, r.farewell(), "bye");
                        send(out, b);
                        return;
                    }
                    final ByteBuffer ack = ack(n, r.actions(), frameSize);
                    if (r.delayMs() > 0) {
                        timer.schedule(() -> {
                            try {
                                send(out, ack);
                            } catch (final IOException e) {
                                // the connection went away meanwhile
                            }
                        }, r.delayMs(), TimeUnit.MILLISECONDS);
                    } else {
                        send(out, ack);
                    }
                    break;
                }
                case Spop.HAPROXY_DISCONNECT: {
                    disconnects.incrementAndGet();
                    final ByteBuffer b = ByteBuffer.allocate(256);
                    SpopWriter.disconnect(b, Spop.AGENT_DISCONNECT, Spop.STATUS_NONE, "normal");
                    send(out, b);
                    return;
                }
                default:
                    break;
            }
        }
    }

    private static void send(final OutputStream out, final ByteBuffer b) throws IOException {
        synchronized (out) {
            out.write(b.array(), 0, b.position());
            out.flush();
        }
    }

    private static byte[] ascii(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, Object> kv(final SpopCursor c) {
        final Map<String, Object> items = new LinkedHashMap<>();
        final Sample v = new Sample();
        while (c.more()) {
            final int n = c.bytes();
            final String key = c.text(c.at, n);
            items.put(key, value(c, v));
        }
        return items;
    }

    private static Object value(final SpopCursor c, final Sample v) {
        if (!c.typed(v)) {
            return null;
        }
        switch (v.type()) {
            case BOOL:
                return v.bool();
            case SINT:
                return v.number();
            case IPV4:
            case IPV6:
                try {
                    return InetAddress.getByAddress(v.address().clone());
                } catch (final IOException e) {
                    throw new IllegalStateException(e);
                }
            case STR:
                return c.text(v.offset(), v.length());
            default: {
                final byte[] b = new byte[v.length()];
                v.buffer().get(v.offset(), b);
                return b;
            }
        }
    }

    private static Notify notify(final SpopCursor c) {
        final List<Message> messages = new ArrayList<>();
        final Sample v = new Sample();
        while (c.more()) {
            final int n = c.bytes();
            final String name = c.text(c.at, n);
            final int nbArgs = c.u8();
            final Map<String, Object> args = new LinkedHashMap<>();
            for (int i = 0; i < nbArgs; i++) {
                final int k = c.bytes();
                args.put(c.text(c.at, k), value(c, v));
            }
            messages.add(new Message(name, args));
        }
        return new Notify(c.streamId, c.frameId, messages);
    }

    private static ByteBuffer ack(final Notify n, final List<Action> actions, final int frameSize) {
        final ByteBuffer b = ByteBuffer.allocate(frameSize + 4);
        final int start = SpopWriter.beginFrame(b, Spop.ACK, Spop.FLAG_FIN, n.streamId(), n.frameId());
        for (final Action a : actions) {
            b.put((byte) (a.set() ? Spop.ACTION_SET_VAR : Spop.ACTION_UNSET_VAR));
            b.put((byte) (a.set() ? 3 : 2));
            b.put((byte) a.scope());
            SpopWriter.name(b, a.name().getBytes(StandardCharsets.UTF_8));
            if (a.set()) {
                typed(b, a.value());
            }
        }
        SpopWriter.endFrame(b, start);
        return b;
    }

    private static void typed(final ByteBuffer b, final Object v) {
        if (v == null) {
            b.put((byte) Spop.T_NULL);
        } else if (v instanceof Integer i) {
            b.put((byte) Spop.T_INT32);
            SpopWriter.varint(b, i);
        } else if (v instanceof Long l) {
            b.put((byte) Spop.T_INT64);
            SpopWriter.varint(b, l);
        } else if (v instanceof Boolean bool) {
            SpopWriter.bool(b, bool);
        } else if (v instanceof String s) {
            SpopWriter.string(b, s);
        } else if (v instanceof InetAddress a) {
            b.put((byte) (a.getAddress().length == 4 ? Spop.T_IPV4 : Spop.T_IPV6));
            b.put(a.getAddress());
        } else {
            b.put((byte) Spop.T_BIN);
            SpopWriter.name(b, (byte[]) v);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        server.close();
    }
}
