package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code server-template PREFIX NUM|LOW-HIGH ADDR [options]} (backend, listen): HAProxy's servers PREFIX<i> for i
 * in 1..NUM or LOW..HIGH, each a copy of the one server line the rest of the line makes. ADDR is resolved as a
 * {@code server} line's: a host name once at start-up by the system resolver, and again at run time when the line
 * names a {@code resolvers} section (each copy then takes an address another copy does not hold, as
 * {@code prevent-dup-ip} asks); a DNS SRV name ({@code _service._proto.name}) with {@code resolvers} fills the copies
 * from its records, one record per copy, each with the record's target address, port and weight
 * ({@code dev.baton.dns.SrvRequest}). The first copy keeps a forced {@code id}; the others are numbered
 * automatically, as in HAProxy.
 */
final class ServerTemplateParser {
    static final String EXPECTED = "a prefix, a number or range of servers and an address such as web 1-4 web:80";

    private ServerTemplateParser() {
    }

    static void template(final Directive d, final ProxyDraft p) {
        final String prefix = d.require(1, "server-template", EXPECTED);
        if (!Names.isValid(prefix)) {
            throw new LineError(Messages.badValue("server-template", Names.EXPECTED, prefix));
        }
        final int[] range = range(d.require(2, "server-template", EXPECTED));
        d.require(3, "server-template", EXPECTED);
        final List<String> words = new ArrayList<>(d.size() - 1);
        words.add("server");
        words.add(prefix + range[0]);
        for (int i = 3; i < d.size(); i++) {
            words.add(d.word(i));
        }
        final int before = p.servers.size();
        ServerLineParser.server(d.rewritten(words), p);
        if (p.servers.size() == before) {
            return; // the line was refused
        }
        final ServerConfig first = p.servers.get(before);
        for (int i = range[0] + 1; i <= range[1]; i++) {
            final String name = prefix + i;
            final ServerConfig earlier = p.firstServerByName.get(name);
            if (earlier != null) {
                d.error(Messages.alreadyDefined("server '" + name + "'", earlier.where()));
            }
            final ServerConfig copy = first.copyNamed(name);
            p.servers.add(copy);
            p.firstServerByName.putIfAbsent(name, copy);
        }
    }

    /**
     * HAProxy's range argument: {@code N} is 1..N, {@code LOW-HIGH} is LOW..HIGH with 0 <= LOW <= HIGH. Returns
     * {LOW, HIGH}.
     */
    static int[] range(final String text) {
        final int dash = text.indexOf('-');
        try {
            final int low = dash < 0 ? 1 : Integer.parseInt(text.substring(0, dash));
            final int high = Integer.parseInt(dash < 0 ? text : text.substring(dash + 1));
            if (low >= 0 && high >= low && (dash >= 0 || high >= 1)) {
                return new int[] {low, high};
            }
        } catch (final NumberFormatException e) {
            // refused below
        }
        throw new LineError("Wrong server-template number or range arg '" + Messages.echo(text) + "'"); // HAProxy's
    }
}
