package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code bind ADDR:PORT[,ADDR:PORT...]}. ADDR is a literal: IPv4, {@code *} or empty for the IPv4 wildcard,
 * IPv6 in brackets or split at the last colon ({@code :::80} is the IPv6 wildcard, host {@code ::}). Host
 * names are refused: binding must not depend on name resolution. As HAProxy: an {@code ipv4@} or {@code ipv6@}
 * prefix pins the family, a port range ({@code *:8000-8003}) binds each port of it; Unix sockets, abstract
 * sockets and inherited ones: see {@link SocketAddressForms}. Options: {@code name}, {@code id}, {@code backlog},
 * {@code accept-proxy} and {@code v4v6} (the IPv6 wildcard of the JDK is dual-stack already); the socket options in
 * {@link BindOptionParser}, the TLS options of {@link BindTlsParser}; the others are refused, each naming why.
 */
final class BindLineParser {
    static final String KW = "bind";
    static final String EXPECTED = "ADDR:PORT such as *:80, 127.0.0.1:8080 or [::1]:8080";
    static final String EXPECTED_LITERAL = "an IPv4 or IPv6 address or a host name such as 127.0.0.1:80";

    private BindLineParser() {
    }

    static List<BindConfig> parse(final Directive d) {
        d.require(1, KW, EXPECTED);
        final String addresses = d.address(1);
        String name = null;
        int id = 0;
        int backlog = 0;
        boolean acceptProxy = false;
        final BindOptionParser more = new BindOptionParser();
        final BindTlsParser tls = new BindTlsParser();
        for (int i = 2; i < d.size(); i++) {
            final String option = d.word(i);
            switch (option) {
                case "name":
                    name = d.require(++i, "bind name", "a name");
                    break;
                case "id":
                    id = d.intArg(++i, "bind id", 1, Integer.MAX_VALUE);
                    break;
                case "backlog":
                    backlog = d.intArg(++i, "bind backlog", 1, Integer.MAX_VALUE);
                    break;
                case "accept-proxy":
                    acceptProxy = true;
                    break;
                case "v4v6":
                    break; // the JDK's IPv6 sockets accept IPv4 clients too, as v4v6 asks
                default:
                    int last = more.apply(d, i);
                    if (last < 0) {
                        last = tls.option(d, i);
                    }
                    if (last < 0) {
                        throw new LineError("bind option '" + Messages.echo(option) + "' is not supported yet");
                    }
                    i = last;
                    break;
            }
        }
        final BindOptions options = more.build();
        final BindTls tlsSettings = tls.finish(d);
        final List<BindConfig> out = new ArrayList<>();
        for (final String address : addresses.split(",", -1)) {
            final BindConfig socket = SocketAddressForms.bind(address, d.where(), name, id, backlog, options);
            if (socket != null) {
                out.add(socket.withAcceptProxy(acceptProxy).withTls(tlsSettings));
            } else {
                addresses(address, d.where(), name, id, backlog, options, acceptProxy, tlsSettings, out);
            }
        }
        return out;
    }

    /**
     * A host name of a bind address, resolved now by the system resolver as HAProxy resolves it when it reads the
     * line (its first address, of the family {@code ipv4@}/{@code ipv6@} asks for); HAProxy's error when it has none.
     */
    private static String resolved(final String host, final int family, final String written) {
        if (!Addresses.isHostName(host)) {
            throw new LineError(Messages.badValue(KW, EXPECTED_LITERAL, written));
        }
        final String address = Addresses.firstAddress(host, family);
        if (address != null) {
            return address;
        }
        throw new LineError("'bind' : invalid address: '" + Messages.echo(host) + "' in '" + Messages.echo(written)
            + "'");
    }

    private static void addresses(final String written, final SourceLocation where, final String name, final int id,
                                  final int backlog, final BindOptions options, final boolean acceptProxy,
                                  final BindTls tls, final List<BindConfig> out) {
        final int family = SocketAddressForms.ipFamily(written);
        final String text = SocketAddressForms.withoutIpPrefix(written);
        final Addresses.HostPort hp = Addresses.HostPort.split(text);
        if (hp.port() == null) {
            throw new LineError(Messages.badValue(KW, EXPECTED, written));
        }
        final String ports = hp.port();
        final int dash = ports.indexOf('-');
        final int first = Addresses.port(dash < 0 ? ports : ports.substring(0, dash), KW, EXPECTED, written, KW);
        final int last = dash < 0 ? first : Addresses.port(ports.substring(dash + 1), KW, EXPECTED, written, KW);
        if (last < first) {
            throw new LineError("bind address '" + Messages.echo(written) + "': the port range ends before it starts");
        }
        String host = hp.host();
        if (host.isEmpty() || host.equals("*")) {
            host = family == 6 ? "::" : family == 4 ? "0.0.0.0" : null;
        } else if (family == 4 ? !Addresses.isIpv4(host) : family == 6 ? !Addresses.isIpv6(host)
            : !Addresses.isIpv4(host) && !Addresses.isIpv6(host)) {
            host = resolved(host, family, written);
        }
        for (int port = first; port <= last; port++) {
            out.add(new BindConfig(host, port, where, name, id, backlog, BindConfig.Family.INET, null, -1, options,
                acceptProxy, tls));
        }
    }
}
