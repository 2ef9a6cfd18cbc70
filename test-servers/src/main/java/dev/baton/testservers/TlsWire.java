package dev.baton.testservers;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The client side of TLS (the JDK's {@link SSLEngine}) over a non-blocking {@link SocketChannel}, for RateClient's
 * {@code --tls}: {@link #handshake} is called on each readiness event until it says done, then {@link #read} and
 * {@link #write} move application bytes the way the channel's own read and write do. The engine comes from
 * {@link TrustAnyCertificate#clientContext}: benchmarks run against self-signed certificates and measure time, not
 * trust. Used by one thread.
 */
final class TlsWire {
    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Bytes read from the channel and not unwrapped yet; in write mode between calls. */
    private final ByteBuffer netIn;
    /** Records wrapped and not written yet; in read mode between calls (empty: position == limit). */
    private final ByteBuffer netOut;
    /** Plaintext unwrapped and not handed to the caller yet; in write mode between calls. */
    private final ByteBuffer appIn;
    private boolean handshaking = true;
    /** Whether the peer ended the stream (a close_notify or the socket's end). */
    private boolean ended;

    TlsWire(final SocketChannel channel, final SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        final int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.netOut = ByteBuffer.allocate(packet).flip();
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    boolean handshaking() {
        return handshaking;
    }

    /** Whether wrapped bytes still wait for the socket (the caller then waits for it to be writable). */
    boolean pendingOut() {
        return netOut.hasRemaining();
    }

    /**
     * Drives the handshake as far as the socket allows: true once it is done and its last bytes are written; false
     * when it waits for the socket (writable if {@link #pendingOut}, else readable).
     */
    boolean handshake() throws IOException {
        if (!handshaking) {
            return true;
        }
        while (flush()) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrap(NOTHING);
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    if (!unwrap()) {
                        return false;
                    }
                }
                case NEED_TASK -> runTasks();
                default -> {
                    handshaking = false;
                    return true;
                }
            }
        }
        return false;
    }

    /** Wraps and writes what it can of {@code src}; returns the plaintext bytes taken (0 when the socket is full). */
    int write(final ByteBuffer src) throws IOException {
        final int before = src.remaining();
        while (flush() && src.hasRemaining()) {
            wrap(src);
        }
        flush();
        return before - src.remaining();
    }

    /** Moves the plaintext that has arrived into {@code dst}: the bytes moved, 0 if none yet, -1 at the end. */
    int read(final ByteBuffer dst) throws IOException {
        while (!ended && appIn.position() < appIn.capacity()) {
            netIn.flip();
            final SSLEngineResult r = engine.unwrap(netIn, appIn);
            netIn.compact();
            if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                ended = true;
            } else if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                final int n = channel.read(netIn);
                if (n < 0) {
                    ended = true;
                } else if (n == 0) {
                    break;
                }
            } else if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                break;
            } else if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                runTasks();
            } else if (engine.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                wrap(NOTHING); // a key update's answer
                flush();
            }
        }
        appIn.flip();
        final int moved = Math.min(appIn.remaining(), dst.remaining());
        dst.put(dst.position(), appIn, appIn.position(), moved).position(dst.position() + moved);
        appIn.position(appIn.position() + moved).compact();
        return moved > 0 || !ended ? moved : -1;
    }

    /** Reads and unwraps one step of the handshake: false when it needs bytes the socket does not have yet. */
    private boolean unwrap() throws IOException {
        netIn.flip();
        final SSLEngineResult r = engine.unwrap(netIn, appIn);
        netIn.compact();
        switch (r.getStatus()) {
            case OK -> {
                return true;
            }
            case BUFFER_UNDERFLOW -> {
                final int n = channel.read(netIn);
                if (n < 0) {
                    throw new EOFException("the server closed the connection during the TLS handshake");
                }
                return n > 0;
            }
            default -> throw new SSLException("TLS handshake: " + r.getStatus());
        }
    }

    private void wrap(final ByteBuffer src) throws SSLException {
        netOut.compact();
        final SSLEngineResult r = engine.wrap(src, netOut);
        netOut.flip();
        if (r.getStatus() != SSLEngineResult.Status.OK) {
            throw new SSLException("TLS wrap: " + r.getStatus());
        }
    }

    /** Writes the wrapped bytes; true when none is left. */
    private boolean flush() throws IOException {
        while (netOut.hasRemaining()) {
            if (channel.write(netOut) == 0) {
                return false;
            }
        }
        return true;
    }

    private void runTasks() {
        for (Runnable task = engine.getDelegatedTask(); task != null; task = engine.getDelegatedTask()) {
            task.run();
        }
    }
}
