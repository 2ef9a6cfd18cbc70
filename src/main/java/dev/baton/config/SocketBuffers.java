package dev.baton.config;

/**
 * The kernel socket buffer sizes forced on one side's sockets, in bytes, as {@code tune.rcvbuf.client} /
 * {@code tune.sndbuf.client} (accepted clients) and {@code tune.rcvbuf.server} / {@code tune.sndbuf.server} (server
 * connections) set them: SO_RCVBUF and SO_SNDBUF, each set only when not 0 (0: the kernel sizes and auto-tunes the
 * buffer, HAProxy's default). Linux doubles the value it is given (its bookkeeping overhead) and caps it at
 * {@code net.core.rmem_max} / {@code wmem_max}, for HAProxy as for baton.
 */
public record SocketBuffers(int rcvbuf, int sndbuf) {
    /** Neither forced: the kernel's own sizes. */
    public static final SocketBuffers KERNEL = new SocketBuffers(0, 0);

    public SocketBuffers {
        if (rcvbuf < 0 || sndbuf < 0) {
            throw new IllegalArgumentException("socket buffer sizes: " + rcvbuf + ", " + sndbuf);
        }
    }

    /** Whether either size is forced (the sockets need a system call each). */
    public boolean forced() {
        return rcvbuf != 0 || sndbuf != 0;
    }
}
