package dev.baton.testservers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * An agent-check responder, as HAProxy's {@code agent-check} expects one: to each connection it writes its
 * current reply line (such as {@code up}, {@code drain}, {@code maint}, {@code down}, {@code 75%},
 * {@code ready 50%}) and a newline, then FIN; what the checker sends ({@code agent-send}) is read and kept
 * ({@link #lastReceived()}) until the checker closes. The reply can be changed at any time
 * ({@link #reply(String)}), which is how a test drives a server's agent state.
 */
public final class AgentServer extends NioServer {
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(5);

    private volatile String reply;
    private volatile String lastReceived = "";
    private volatile long repliesSent;

    private AgentServer(final Options options) throws IOException {
        super("agent", options);
        this.reply = options.reply;
    }

    /** Binds and starts serving; the port is bound when this returns. */
    public static AgentServer start(final Options options) throws IOException {
        final AgentServer server = new AgentServer(options);
        server.startLoop();
        return server;
    }

    /** The line sent to each new connection from now on (without the newline). Any thread. */
    public void reply(final String line) {
        reply = Options.validLine(line);
    }

    public String reply() {
        return reply;
    }

    /** What the last checker sent before closing ({@code agent-send}), as text. */
    public String lastReceived() {
        return lastReceived;
    }

    /** Replies written so far (one per connection). */
    public long repliesSent() {
        return repliesSent;
    }

    @Override
    NioConnection accepted(final SocketChannel channel, final SelectionKey key, final long id) {
        return new AgentConnection(channel, key, id);
    }

    /** Settings of an agent responder; every one is optional. */
    public static final class Options extends ListenOptions<Options> {
        private String reply = "up";

        /** Defaults: named {@code agent}, on an ephemeral port of 127.0.0.1, replying {@code up}. */
        public Options() {
            super("agent");
        }

        @Override
        Options self() {
            return this;
        }

        /** The first reply line (without the newline). */
        public Options reply(final String line) {
            reply = validLine(line);
            return this;
        }

        static String validLine(final String line) {
            if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0 || line.length() > 1024) {
                throw new IllegalArgumentException("one line of at most 1024 characters: " + line);
            }
            return line;
        }
    }

    private final class AgentConnection extends NioConnection {
        private final ByteBuffer out;
        private final ByteBuffer in = ByteBuffer.allocate(1024);

        AgentConnection(final SocketChannel channel, final SelectionKey key, final long id) {
            super(AgentServer.this, channel, key, id);
            this.out = ByteBuffer.wrap((reply + "\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        void start() throws IOException {
            deadline(System.nanoTime() + GIVE_UP_NANOS);
            onReady(0);
        }

        @Override
        void onReady(final int readyOps) throws IOException {
            if (out.hasRemaining()) {
                channel.write(out);
                if (!out.hasRemaining()) {
                    repliesSent++;
                    channel.shutdownOutput(); // the reply is whole: FIN, then wait for the checker to close
                }
            }
            int n;
            do {
                if (!in.hasRemaining()) {
                    in.clear();
                }
                n = channel.read(in);
            } while (n > 0);
            if (n < 0) {
                lastReceived = new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII);
                close();
                return;
            }
            interest(SelectionKey.OP_READ | (out.hasRemaining() ? SelectionKey.OP_WRITE : 0));
        }

        @Override
        void onDeadline() {
            close(); // a checker that never closes
        }
    }
}
