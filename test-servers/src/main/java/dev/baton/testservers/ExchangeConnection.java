package dev.baton.testservers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A connection of a request/answer protocol speaker ({@link SmtpServer}, {@link LdapServer}): what it has to
 * say is written first; only once it is all out is more input read and handed to {@link #onInput()}, so a
 * pipelining client is held back by TCP and the output never piles up. After an answer that ends the
 * session ({@link #closeAfterWrite()}) it sends a FIN and closes. A client silent for 30 s is closed.
 * Selector thread only, like every {@link NioConnection}.
 */
abstract class ExchangeConnection extends NioConnection {
    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /** Rounds of write-read-answer per wake-up at most, so that one busy client cannot hold the thread. */
    private static final int ROUNDS_PER_WAKEUP = 16;

    /** Bytes read and not yet consumed, in write mode (filled from position 0). */
    final ByteBuffer in;
    /** What is still to be written, in read mode. */
    private ByteBuffer out = ByteBuffer.allocate(0);
    private boolean closeAfterWrite;

    ExchangeConnection(final NioServer server, final SocketChannel channel, final SelectionKey key, final long id,
                       final int inputCapacity) {
        super(server, channel, key, id);
        this.in = ByteBuffer.allocate(inputCapacity);
    }

    /**
     * Consumes what it can of {@link #in} (answering with {@link #send}); false when it needs more bytes to do
     * anything. Called only while nothing is left to write.
     */
    abstract boolean onInput();

    /** Queues {@code bytes} to be written; only while nothing else is pending (one answer per round). */
    final void send(final byte[] bytes) {
        if (out.hasRemaining()) {
            throw new IllegalStateException("an answer is still being written");
        }
        out = ByteBuffer.wrap(bytes);
    }

    /** After what is queued now: FIN and close; no more input is handled. */
    final void closeAfterWrite() {
        closeAfterWrite = true;
    }

    final boolean closing() {
        return closeAfterWrite;
    }

    @Override
    void start() throws IOException {
        deadline(System.nanoTime() + IDLE_NANOS);
        onReady(0);
    }

    @Override
    final void onReady(final int readyOps) throws IOException {
        for (int round = 0; round < ROUNDS_PER_WAKEUP; round++) {
            if (out.hasRemaining()) {
                channel.write(out);
                if (out.hasRemaining()) {
                    interest(SelectionKey.OP_WRITE);
                    return;
                }
            }
            if (closeAfterWrite) {
                channel.shutdownOutput();
                close();
                return;
            }
            if (!onInput()) {
                if (!in.hasRemaining()) {
                    close(); // the speaker needs more than its buffer holds: nothing sensible left to do
                    return;
                }
                final int n = channel.read(in);
                if (n < 0) {
                    close();
                    return;
                }
                if (n == 0) {
                    break;
                }
                deadline(System.nanoTime() + IDLE_NANOS);
            }
        }
        interest(out.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }

    @Override
    final void onDeadline() {
        close(); // a client that says nothing
    }
}
