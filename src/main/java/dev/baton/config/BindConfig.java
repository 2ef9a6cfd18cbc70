package dev.baton.config;

/**
 * One listening address of a {@code bind} line. For a {@link Family#INET} address {@code host} is a literal IPv4
 * or IPv6 address, or null for the wildcard ({@code *}, empty, {@code 0.0.0.0} stays literal, {@code :::port} is
 * the IPv6 wildcard and is given as {@code "::"}); {@code port} is 1..65535. {@code name} and {@code id} are the
 * bind line's {@code name} and {@code id} (null and 0 when absent); {@code backlog} its {@code backlog} (0: the
 * proxy's {@code backlog}, else the daemon's default).
 * <p>{@code family}: {@link Family#UNIX} ({@code unix@PATH} or {@code /PATH}: {@code path} as written, before the
 * global {@code unix-bind prefix}), {@link Family#ABNS} ({@code abns@NAME}: {@code path} is the name), or
 * {@link Family#FD} ({@code fd@N}: an already listening socket inherited from the parent, {@code fd} is N); host
 * null and port 0 for all three. {@code options}: the other bind options. {@code acceptProxy}: its
 * {@code accept-proxy} (every connection starts with a PROXY protocol header). {@code tls}: the line's {@code ssl}
 * settings, null for a plain bind.
 */
public record BindConfig(String host, int port, SourceLocation where, String name, int id, int backlog,
                         Family family, String path, int fd, BindOptions options, boolean acceptProxy, BindTls tls) {
    /** The kind of socket a bind address names. */
    public enum Family { INET, UNIX, ABNS, FD }

    /** An address with no bind option. */
    public BindConfig(final String host, final int port, final SourceLocation where) {
        this(host, port, where, null, 0, 0);
    }

    /** An address without {@code accept-proxy} nor TLS. */
    public BindConfig(final String host, final int port, final SourceLocation where, final String name, final int id,
                      final int backlog, final Family family, final String path, final int fd,
                      final BindOptions options) {
        this(host, port, where, name, id, backlog, family, path, fd, options, false, null);
    }

    /** An address of any form, without TLS. */
    public BindConfig(final String host, final int port, final SourceLocation where, final String name, final int id,
                      final int backlog, final Family family, final String path, final int fd,
                      final BindOptions options, final boolean acceptProxy) {
        this(host, port, where, name, id, backlog, family, path, fd, options, acceptProxy, null);
    }

    /** A TCP address with {@code accept-proxy} and {@code tls} as given, without socket options. */
    public BindConfig(final String host, final int port, final SourceLocation where, final String name, final int id,
                      final int backlog, final boolean acceptProxy, final BindTls tls) {
        this(host, port, where, name, id, backlog, Family.INET, null, -1, BindOptions.NONE, acceptProxy, tls);
    }

    /** A TCP address, with or without {@code accept-proxy}. */
    public BindConfig(final String host, final int port, final SourceLocation where, final String name, final int id,
                      final int backlog, final boolean acceptProxy) {
        this(host, port, where, name, id, backlog, Family.INET, null, -1, BindOptions.NONE, acceptProxy);
    }

    /** A TCP address with the bind options known before the address forms were added. */
    public BindConfig(final String host, final int port, final SourceLocation where, final String name, final int id,
                      final int backlog) {
        this(host, port, where, name, id, backlog, Family.INET, null, -1, BindOptions.NONE);
    }

    /** This bind with {@code accept-proxy} set to {@code on}. */
    BindConfig withAcceptProxy(final boolean on) {
        return on == acceptProxy ? this
            : new BindConfig(host, port, where, name, id, backlog, family, path, fd, options, on, tls);
    }

    /** This bind with the TLS settings {@code settings} (null: plain). */
    BindConfig withTls(final BindTls settings) {
        return settings == tls ? this
            : new BindConfig(host, port, where, name, id, backlog, family, path, fd, options, acceptProxy, settings);
    }

    /** This bind with {@code backlog} (the proxy's default) when it has none of its own. */
    BindConfig withDefaultBacklog(final int proxyBacklog) {
        return backlog != 0 || proxyBacklog == 0 ? this
            : new BindConfig(host, port, where, name, id, proxyBacklog, family, path, fd, options, acceptProxy, tls);
    }

    /**
     * The address as an operator would write it back: {@code *:80}, {@code 127.0.0.1:80}, {@code [::1]:80},
     * {@code unix@/run/app.sock}, {@code abns@name}, {@code fd@3}.
     */
    public String display() {
        switch (family) {
            case UNIX:
                return "unix@" + path;
            case ABNS:
                return "abns@" + path;
            case FD:
                return "fd@" + fd;
            default:
                break;
        }
        if (host == null) {
            return "*:" + port;
        }
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
