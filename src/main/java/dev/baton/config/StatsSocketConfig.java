package dev.baton.config;

/**
 * One {@code stats socket} line of the global section: where the runtime API listens and with which rights.
 * A {@link Kind#UNIX} socket has a {@code path} (host null, port 0) and, when {@code mode} was given, the
 * permission bits to set on the socket file ({@link #NO_MODE} otherwise: whatever the umask gives). A
 * {@link Kind#TCP} socket has a {@code host} (a literal or a name resolved at start-up, "" for every
 * address) and a {@code port}; its {@code mode} is always {@link #NO_MODE}.
 */
public record StatsSocketConfig(Kind kind, String path, String host, int port, int mode, AccessLevel level,
                                SourceLocation where) {
    /** {@code mode} when none was configured. */
    public static final int NO_MODE = -1;

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
