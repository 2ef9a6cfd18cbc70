package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The server keywords of name resolution, each with one argument: {@code resolvers NAME} (the section is checked
 * once every section is read, {@link ResolversValidator}), {@code resolve-prefer ipv4|ipv6}, {@code resolve-opts}
 * (a comma list of {@code allow-dup-ip}, {@code prevent-dup-ip}, {@code ignore-weight}: a DNS SRV record's weight
 * is not applied) and {@code init-addr} (a comma list of
 * {@code last}, {@code libc}, {@code none} and at most one IP literal, up to 10, tried in order at start-up).
 * Stateless.
 */
final class ServerDnsParser {
    /** HAProxy keeps the methods in 3-bit slots of an int: 10 at most. */
    private static final int MAX_METHODS = 10;
    private static final String EXPECTED_INIT_ADDR = "a comma list of last, libc, none or an IP address";

    private ServerDnsParser() {
    }

    /** Applies the keyword at word {@code i} (and its argument) to {@code dns}. */
    static ServerDns apply(final Directive d, final int i, final ServerDns dns) {
        final String kw = d.word(i);
        switch (kw) {
            case "resolvers":
                return dns.withResolvers(d.nameArg(i + 1, kw));
            case "resolve-prefer": {
                final String family = d.require(i + 1, kw, "ipv4 or ipv6");
                if (!family.equals("ipv4") && !family.equals("ipv6")) {
                    throw new LineError(Messages.badValue(kw, "ipv4 or ipv6", family));
                }
                return dns.withPreferIpv6(family.equals("ipv6"));
            }
            case "resolve-opts":
                return resolveOpts(d.require(i + 1, kw, "a comma list of allow-dup-ip, prevent-dup-ip, ignore-weight"),
                    dns);
            default:
                return dns.withInitAddr(initAddr(d.require(i + 1, kw, EXPECTED_INIT_ADDR)));
        }
    }

    private static ServerDns resolveOpts(final String list, final ServerDns dns) {
        ServerDns out = dns;
        for (final String opt : list.split(",", -1)) {
            switch (opt) {
                case "allow-dup-ip" -> out = out.withPreventDupIp(false);
                case "prevent-dup-ip" -> out = out.withPreventDupIp(true);
                case "ignore-weight" -> out = out.withIgnoreWeight(true);
                default -> throw new LineError("'resolve-opts' : unknown resolve-opts option '" + Messages.echo(opt)
                    + "', supported methods are 'allow-dup-ip', 'ignore-weight', and 'prevent-dup-ip'.");
            }
        }
        return out;
    }

    /** The methods of {@code list} in order (HAProxy's words for an unknown, a repeated or a second IP). */
    private static List<String> initAddr(final String list) {
        final List<String> out = new ArrayList<>();
        boolean ip = false;
        for (final String method : list.split(",", -1)) {
            final boolean literal = Addresses.isIpv4(method) || Addresses.isIpv6(method);
            if (!literal && !method.equals("last") && !method.equals("libc") && !method.equals("none")) {
                throw new LineError("'init-addr' : unknown init-addr method '" + Messages.echo(method)
                    + "', supported methods are 'libc', 'last', 'none'.");
            }
            if (literal && ip) {
                throw new LineError("'init-addr' : initial address already specified, cannot add '" + method + "'.");
            }
            if (out.size() >= MAX_METHODS) {
                throw new LineError("'init-addr' : too many init-addr methods when trying to add '" + method + "'");
            }
            ip |= literal;
            out.add(method);
        }
        return out;
    }
}
