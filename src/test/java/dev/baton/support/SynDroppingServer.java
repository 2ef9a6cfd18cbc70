package dev.baton.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port on 127.0.0.1 where a connect neither succeeds nor fails: a listening socket with a backlog of 1 that
 * never accepts, its accept queue filled first by connections of its own. Linux drops a SYN for a listener whose
 * accept queue is full, so a later connect stays pending until its timeout (the client's SYN retransmits go
 * unanswered too), which is what {@code timeout connect} is for. A test that cannot fill the queue (another
 * kernel) should skip itself: see {@link #open()}.
 */
public final class SynDroppingServer implements AutoCloseable {
    /** Connects tried while filling the queue; the queue of a backlog-1 listener holds two. */
    private static final int FILL_ATTEMPTS = 16;
    private static final int FILL_CONNECT_TIMEOUT_MS = 300;

    private final ServerSocket listener;
    private final List<Socket> fillers = new ArrayList<>();
    private boolean full;

    private SynDroppingServer(final ServerSocket listener) {
        this.listener = listener;
    }

    /**
     * Opens the listener and fills its accept queue, until a connect times out. {@link #isDroppingSyns()} tells
     * whether that happened.
     */
    public static SynDroppingServer open() throws IOException {
        final SynDroppingServer s = new SynDroppingServer(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
        try {
            s.fill();
        } catch (final IOException e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void fill() throws IOException {
        for (int i = 0; i < FILL_ATTEMPTS && !full; i++) {
            final Socket s = new Socket();
            fillers.add(s);
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()),
                    FILL_CONNECT_TIMEOUT_MS);
            } catch (final SocketTimeoutException e) {
                full = true;
            }
        }
    }

    /** True once a connect to the port was seen to hang: the queue is full and SYNs are dropped. */
    public boolean isDroppingSyns() {
        return full;
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() {
        fillers.forEach(Sockets::closeQuietly);
        Sockets.closeQuietly(listener);
    }
}
