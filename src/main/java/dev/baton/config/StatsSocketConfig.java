package dev.baton.config;

/**
 * One {@code stats socket} line of the global section: where the runtime API listens and with which rights.
 * A {@link Kind#UNIX} socket has a {@code path} (host null, port 0) and, when {@code mode} was given, the
 * permission bits to set on the socket file ({@link #NO_MODE} otherwise: whatever the umask gives). A
 * {@link Kind#TCP} socket has a {@code host} (a literal or a name resolved at start-up, "" for every
 * address) and a {@code port}; its {@code mode} is always {@link #NO_MODE}. {@code uid} and {@code gid}: the
 * owner a unix socket file is created with ({@code user}/{@code uid}, {@code group}/{@code gid}; -1: baton's own);
 * as in HAProxy they mean nothing to a TCP socket, and the global {@code unix-bind} does not apply here.
 */
public record StatsSocketConfig(Kind kind, String path, String host, int port, int mode, AccessLevel level,
                                SourceLocation where, int uid, int gid) {
    /** {@code mode} when none was configured. */
    public static final int NO_MODE = -1;

    /** A socket without {@code user}/{@code uid} nor {@code group}/{@code gid}. */
    public StatsSocketConfig(final Kind kind, final String path, final String host, final int port, final int mode,
                             final AccessLevel level, final SourceLocation where) {
        this(kind, path, host, port, mode, level, where, -1, -1);
    }

    /** The transport of the socket. */
    public enum Kind { UNIX, TCP }

    /** The address as written in messages: the path, or {@code host:port} (IPv6 in brackets). */
    public String display() {
        if (kind == Kind.UNIX) {
            return path;
        }
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
