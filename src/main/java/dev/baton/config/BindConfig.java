package dev.baton.config;

/**
 * One listening address of a {@code bind} line. {@code host} is a literal IPv4 or IPv6 address, or
 * null for the wildcard ({@code *}, empty, {@code 0.0.0.0} stays literal, {@code :::port} is the IPv6
 * wildcard and is given as {@code "::"}); {@code port} is 1..65535. {@code name} and {@code id} are the bind
 * line's {@code name} and {@code id} (null and 0 when absent); {@code backlog} its {@code backlog} (0: the
 * daemon's default); {@code acceptProxy} its {@code accept-proxy} (every connection starts with a PROXY protocol
 * header). {@code tls}: the line's {@code ssl} settings, null for a plain TCP bind.
 */
public record BindConfig(String host, int port, SourceLocation where, String name, int id, int backlog,
                         boolean acceptProxy, BindTls tls) {
    /** An address with no bind option. */
    public BindConfig(final String host, final int port, final SourceLocation where) {
        this(host, port, where, null, 0, 0, false, null);
    }

    /** An address without {@code accept-proxy} nor TLS. */
    public BindConfig(final String host, final int port, final SourceLocation where, final String name, final int id,
                      final int backlog) {
        this(host, port, where, name, id, backlog, false, null);
    }

    /** An address without TLS, as the callers before it built it. */
    public BindConfig(final String host, final int port, final SourceLocation where, final String name, final int id,
                      final int backlog, final boolean acceptProxy) {
        this(host, port, where, name, id, backlog, acceptProxy, null);
    }

    /** The address as an operator would write it back: {@code *:80}, {@code 127.0.0.1:80}, {@code [::1]:80}. */
    public String display() {
        if (host == null) {
            return "*:" + port;
        }
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
