package dev.baton.config;

/**
 * The address of a {@code server} line as HAProxy 2.6 reads it ({@code str2sa_range} for a server): an IPv4 or
 * IPv6 literal or a host name with an optional {@code ipv4@}/{@code ipv6@} prefix and an optional port; without a
 * port, or with {@code +N}/{@code -N}, the port follows the client's: the port it connected to, or that plus N
 * (HAProxy's mapped ports). {@code unix@PATH}/{@code /PATH} is a Unix socket, {@code abns@NAME} an abstract one;
 * {@code sockpair@} and {@code fd@} are refused. Pure functions.
 */
final class ServerAddressParser {
    static final String EXPECTED = "ADDR[:PORT] such as 10.0.0.1:80, [::1]:80, app.internal:8080, 10.0.0.1:+1000 "
        + "or unix@/run/app.sock";

    private ServerAddressParser() {
    }

    /**
     * A parsed address: {@code host} (null for a socket path), {@code port} (the port, or the offset when
     * {@code mapPorts}; 0 for a socket path), {@code path} (a Unix path or abstract name, else null).
     */
    record Parsed(String host, int port, boolean mapPorts, String path, boolean abns) {
    }

    static Parsed parse(final String written, final String context) {
        if (written.startsWith("sockpair@") || written.startsWith("fd@")) {
            throw new LineError(written.startsWith("fd@")
                ? "a file descriptor is not acceptable here in '" + Messages.echo(written) + "'"
                : SocketAddressForms.sockpairRefused(written));
        }
        if (written.startsWith("abns@")) {
            return new Parsed(null, 0, false,
                SocketAddressForms.path(written.substring(5), written, SocketAddressForms.MAX_PATH), true);
        }
        if (SocketAddressForms.isSocketForm(written)) {
            return new Parsed(null, 0, false, SocketAddressForms.path(SocketAddressForms.unixPath(written), written,
                SocketAddressForms.MAX_PATH), false);
        }
        final int family = SocketAddressForms.ipFamily(written);
        final String text = SocketAddressForms.withoutIpPrefix(written);
        final Addresses.HostPort split = Addresses.HostPort.split(text);
        // "*" or nothing before the port is the wildcard address, as HAProxy reads it: 0.0.0.0 (:: with ipv6@), which
        // Linux connects to this host.
        final boolean wildcard = split.host().equals("*") || split.host().isEmpty() && split.port() != null;
        final Addresses.HostPort hp = !wildcard ? split
            : new Addresses.HostPort(family == 6 ? "::" : "0.0.0.0", split.port());
        final boolean ok = family == 4 ? Addresses.isIpv4(hp.host()) || Addresses.isHostName(hp.host())
            : family == 6 ? Addresses.isIpv6(hp.host()) || Addresses.isHostName(hp.host()) : Addresses.isHost(hp.host());
        if (!ok) {
            throw new LineError(Messages.badValue(context, EXPECTED, written));
        }
        final String port = hp.port();
        if (port == null || port.isEmpty()) {
            return new Parsed(hp.host(), 0, true, null, false); // the port the client connected to
        }
        if (port.charAt(0) == '+' || port.charAt(0) == '-') {
            final String digits = port.substring(1);
            if (digits.isEmpty() || Numbers.leadingDigits(digits) != digits.length() || digits.length() > 5
                || Integer.parseInt(digits) > 65535) {
                throw new LineError("invalid character '" + Messages.echo(port.substring(0, 1)) + "' in port number '"
                    + Messages.echo(port) + "' in '" + Messages.echo(written) + "'");
            }
            final int offset = Integer.parseInt(digits);
            return new Parsed(hp.host(), port.charAt(0) == '-' ? -offset : offset, true, null, false);
        }
        return new Parsed(hp.host(), Addresses.port(port, context, EXPECTED, written, context), false, null, false);
    }
}
