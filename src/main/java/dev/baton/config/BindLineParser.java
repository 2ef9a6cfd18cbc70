package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code bind ADDR:PORT[,ADDR:PORT...]}. ADDR is a literal: IPv4, {@code *} or empty for the IPv4 wildcard,
 * IPv6 in brackets or split at the last colon ({@code :::80} is the IPv6 wildcard, host {@code ::}). Host
 * names are refused: binding must not depend on name resolution. No bind option is supported yet.
 */
final class BindLineParser {
    static final String KW = "bind";
    static final String EXPECTED = "ADDR:PORT such as *:80, 127.0.0.1:8080 or [::1]:8080";
    static final String EXPECTED_LITERAL = "a literal IPv4 or IPv6 address such as 127.0.0.1:80 (host names are not resolved)";

    private BindLineParser() {
    }

    static List<BindConfig> parse(final Directive d) {
        final String addresses = d.require(1, KW, EXPECTED);
        final List<BindConfig> out = new ArrayList<>();
        for (final String address : addresses.split(",", -1)) {
            out.add(address(address, d.where()));
        }
        if (d.has(2)) {
            throw new LineError("bind option '" + Messages.echo(d.word(2)) + "' is not supported yet");
        }
        return out;
    }

    private static BindConfig address(final String text, final SourceLocation where) {
        final Addresses.HostPort hp = Addresses.HostPort.split(text);
        if (hp.port() == null) {
            throw new LineError(Messages.badValue(KW, EXPECTED, text));
        }
        final int port = Addresses.port(hp.port(), KW, EXPECTED, text, KW);
        String host = hp.host();
        if (host.isEmpty() || host.equals("*")) {
            host = null;
        } else if (!Addresses.isIpv4(host) && !Addresses.isIpv6(host)) {
            throw new LineError(Messages.badValue(KW, EXPECTED_LITERAL, text));
        }
        return new BindConfig(host, port, where);
    }
}
