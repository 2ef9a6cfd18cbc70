package dev.baton.config;

/**
 * The socket options of one {@code bind} line beyond its name, id and backlog (HAProxy's section 5.1).
 * {@code maxconn}: at most this many clients of each socket at once (0: only the frontend and global limits).
 * {@code threads}: bit {@code n-1} set for each reactor {@code n} that listens ({@code thread}, or
 * {@code process 1/N}); 0 means every reactor. TCP sockets only, ignored on Unix sockets as by HAProxy:
 * {@code deferAccept} (TCP_DEFER_ACCEPT), {@code tfo} (TCP_FASTOPEN), {@code iface} (SO_BINDTODEVICE, null: none),
 * {@code mss} (TCP_MAXSEG, 0: the kernel's; negative: reduce the client's by that much), {@code transparent}
 * (IP_TRANSPARENT), {@code v6only} (IPV6_V6ONLY), {@code tcpUtMs} (TCP_USER_TIMEOUT of accepted sockets, 0:
 * none). Unix sockets only: {@code mode} (permission bits, 0: the umask's), {@code uid} and {@code gid}
 * (owner, -1: unchanged); unset ones take the global {@code unix-bind} values.
 */
public record BindOptions(int maxconn, long threads, boolean deferAccept, boolean tfo, String iface, int mss,
                          boolean transparent, boolean v6only, long tcpUtMs, int mode, int uid, int gid) {
    /** A bind line without any of these options. */
    public static final BindOptions NONE = new BindOptions(0, 0, false, false, null, 0, false, false, 0, 0, -1, -1);

    /** Whether reactor {@code reactorId} (0-based) listens on this bind. */
    public boolean onReactor(final int reactorId) {
        return threads == 0 || (threads & (1L << reactorId)) != 0;
    }

    /** Whether a TCP socket needs an option the JDK cannot set by name (set through the socket's descriptor). */
    public boolean needsNativeOptions() {
        return deferAccept || tfo || iface != null || mss != 0 || transparent || v6only;
    }
}
