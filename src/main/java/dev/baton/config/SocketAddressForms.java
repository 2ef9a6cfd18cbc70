package dev.baton.config;

import java.nio.charset.StandardCharsets;

/**
 * The address forms of HAProxy 2.6 ({@code str2sa_range}) beyond IP addresses: {@code unix@PATH} and
 * {@code /PATH} (a Unix stream socket), {@code abns@NAME} (Linux's abstract namespace), {@code fd@N} (a
 * listening socket inherited from the parent process) and {@code sockpair@N} (refused: it carries sockets over
 * SCM_RIGHTS for HAProxy's master-worker model, which baton does not have). Pure functions.
 */
final class SocketAddressForms {
    /** {@code sizeof(sun_path) - 1}: the longest path or abstract name Linux takes. */
    static final int MAX_PATH = 107;
    /** Room HAProxy keeps for its {@code .PID.tmp} and {@code .PID.bak} names while binding a Unix socket. */
    static final int BIND_SUFFIX = 1 + 5 + 1 + 3;

    private SocketAddressForms() {
    }

    /**
     * The family an IP prefix pins: 4 for {@code ipv4@} and {@code tcp4@}, 6 for {@code ipv6@} and {@code tcp6@},
     * 0 for {@code ip@}, {@code tcp@} or none (HAProxy 2.6's stream prefixes).
     */
    static int ipFamily(final String text) {
        if (text.startsWith("ipv4@") || text.startsWith("tcp4@")) {
            return 4;
        }
        return text.startsWith("ipv6@") || text.startsWith("tcp6@") ? 6 : 0;
    }

    /** {@code text} without its IP prefix ({@code ipv4@ ipv6@ tcp4@ tcp6@ tcp@ ip@}), if any. */
    static String withoutIpPrefix(final String text) {
        for (final String prefix : new String[] {"ipv4@", "ipv6@", "tcp4@", "tcp6@", "tcp@", "ip@"}) {
            if (text.startsWith(prefix)) {
                return text.substring(prefix.length());
            }
        }
        return text;
    }

    /** Whether {@code text} is one of the forms {@link #bind} and {@link #server} handle. */
    static boolean isSocketForm(final String text) {
        return text.startsWith("/") || text.startsWith("unix@") || text.startsWith("abns@") || text.startsWith("fd@")
            || text.startsWith("sockpair@") || text.startsWith("uxst@");
    }

    /** A bind address of one of these forms, or null when {@code written} is an IP address form. */
    static BindConfig bind(final String written, final SourceLocation where, final String name, final int id,
                           final int backlog, final BindOptions options) {
        if (!isSocketForm(written)) {
            return null;
        }
        if (written.startsWith("fd@")) {
            final int fd = fdNumber(written.substring(3), written);
            return new BindConfig(null, 0, where, name, id, backlog, BindConfig.Family.FD, null, fd, options);
        }
        if (written.startsWith("sockpair@")) {
            throw new LineError(sockpairRefused(written));
        }
        if (written.startsWith("abns@")) {
            final String abns = path(written.substring(5), written, MAX_PATH);
            return new BindConfig(null, 0, where, name, id, backlog, BindConfig.Family.ABNS, abns, -1, options);
        }
        final String path = path(unixPath(written), written, MAX_PATH - BIND_SUFFIX);
        return new BindConfig(null, 0, where, name, id, backlog, BindConfig.Family.UNIX, path, -1, options);
    }

    /** The path of a {@code unix@PATH}, {@code uxst@PATH} or {@code /PATH} address. */
    static String unixPath(final String written) {
        return written.startsWith("/") ? written : written.substring(written.indexOf('@') + 1);
    }

    /** HAProxy's refusal of a path too long for {@code sun_path} ("socket path '...' too long (max N)"). */
    static String path(final String path, final String written, final int max) {
        if (path.isEmpty()) {
            throw new LineError("missing path or name in '" + Messages.echo(written) + "'");
        }
        if (path.getBytes(StandardCharsets.UTF_8).length > max) {
            throw new LineError("socket path '" + Messages.echo(written) + "' too long (max " + max + ")");
        }
        return path;
    }

    static String sockpairRefused(final String written) {
        return "address '" + Messages.echo(written) + "': sockpair@ receives sockets over a socketpair from "
            + "HAProxy's master process, which baton does not have; have the supervisor pass a listening socket "
            + "as fd@N, or bind unix@PATH";
    }

    private static int fdNumber(final String text, final String written) {
        if (text.isEmpty() || text.length() > 9 || Numbers.leadingDigits(text) != text.length()) {
            // HAProxy: "file descriptor '%s' is not a valid integer in '%s'"
            throw new LineError("file descriptor '" + Messages.echo(text) + "' is not a valid integer in '"
                + Messages.echo(written) + "'");
        }
        return Integer.parseInt(text);
    }
}
