package dev.baton.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code resolvers NAME} sections (HAProxy 2.6 manual 5.3.2) as they are read: {@code nameserver ID IP:PORT}
 * (UDP; {@code udp@} accepted, {@code tcp@} refused: baton queries over UDP only), {@code parse-resolv-conf},
 * {@code resolve_retries N}, {@code timeout resolve|retry T}, {@code hold valid|nx|refused|timeout|other|obsolete
 * T} and {@code accepted_payload_size N} (512..65535, announced through EDNS0). A name server is an IP literal:
 * nothing is resolved while the configuration is read. Single-threaded, one per load.
 */
final class ResolversSections {
    static final String RESOLV_CONF = "/etc/resolv.conf";
    private static final String EXPECTED_NAMESERVER = "a name and an IP address with a port such as 10.0.0.2:53";
    private static final int DNS_HEADER_SIZE = 12;
    private static final int MAX_UDP_MESSAGE = 65535;

    private final Map<String, ResolversConfig> sections = new LinkedHashMap<>();
    private final Map<String, Map<String, SourceLocation>> nameserverIds = new HashMap<>();
    private final Path resolvConf;
    /** The section whose lines are being read, or null. */
    private String current;

    ResolversSections() {
        this(Path.of(RESOLV_CONF));
    }

    /** Sections whose {@code parse-resolv-conf} reads {@code resolvConf} (tests point it elsewhere). */
    ResolversSections(final Path resolvConf) {
        this.resolvConf = resolvConf;
    }

    /** {@code resolvers NAME}: a new section (a name used twice is an error, as in HAProxy). */
    void open(final Directive d) {
        current = null;
        final String name = d.nameArg(1, "resolvers");
        d.noMoreThan(2, "resolvers");
        final ResolversConfig first = sections.get(name);
        if (first != null) {
            throw new LineError("resolvers section '" + Messages.echo(name) + "' already exists (declared at "
                + first.where() + ")");
        }
        sections.put(name, ResolversConfig.defaults(name, d.where()));
        nameserverIds.put(name, new HashMap<>());
        current = name;
    }

    /** Leaves the section being read. */
    void close() {
        current = null;
    }

    /** A line of the open section. */
    void line(final Directive d) {
        if (current == null) {
            return; // the header was refused and reported
        }
        final ResolversConfig r = sections.get(current);
        final String kw = d.keyword();
        final ResolversConfig next = switch (kw) {
            case "nameserver" -> nameserver(d, r);
            case "parse-resolv-conf" -> {
                d.noMoreThan(1, kw);
                final List<String> ids = readResolvConf(); // HAProxy names them by their address as written
                final List<InetSocketAddress> found = new ArrayList<>();
                for (final String ip : ids) {
                    found.add(new InetSocketAddress(literal(ip), 53));
                }
                yield withNameservers(r, found, ids);
            }
            case "resolve_retries" -> {
                final int n = d.intArg(1, kw, 1, Integer.MAX_VALUE);
                d.noMoreThan(2, kw);
                yield new ResolversConfig(r.name(), r.nameservers(), r.nameserverIds(), n, r.timeoutResolveMs(), r.timeoutRetryMs(),
                    r.holdValidMs(), r.holdNxMs(), r.holdRefusedMs(), r.holdTimeoutMs(), r.holdOtherMs(),
                    r.holdObsoleteMs(), r.acceptedPayloadSize(), r.where());
            }
            case "accepted_payload_size" -> {
                final int n = d.intArg(1, kw, DNS_HEADER_SIZE, MAX_UDP_MESSAGE);
                d.noMoreThan(2, kw);
                yield new ResolversConfig(r.name(), r.nameservers(), r.nameserverIds(), r.resolveRetries(), r.timeoutResolveMs(),
                    r.timeoutRetryMs(), r.holdValidMs(), r.holdNxMs(), r.holdRefusedMs(), r.holdTimeoutMs(),
                    r.holdOtherMs(), r.holdObsoleteMs(), n, r.where());
            }
            case "timeout" -> timeout(d, r);
            case "hold" -> hold(d, r);
            default -> throw new LineError("unknown keyword '" + Messages.echo(kw) + "' in 'resolvers' section"
                + (kw.equals("resolution_pool_size") || kw.equals("nameserver-tcp") ? "" : "; baton knows "
                + "nameserver, parse-resolv-conf, resolve_retries, timeout, hold and accepted_payload_size"));
        };
        sections.put(current, next);
    }

    /** Every section read, by name, once the file is read. */
    Map<String, ResolversConfig> finish() {
        return Map.copyOf(sections);
    }

    private ResolversConfig nameserver(final Directive d, final ResolversConfig r) {
        final String id = d.require(1, "nameserver", EXPECTED_NAMESERVER);
        d.require(2, "nameserver " + id, EXPECTED_NAMESERVER);
        String text = d.address(2); // ${VAR} expanded even outside quotes, as HAProxy's address parser does
        d.noMoreThan(3, "nameserver");
        if (!Names.isValid(id)) {
            throw new LineError(Messages.badValue("nameserver", Names.EXPECTED, id));
        }
        final SourceLocation first = nameserverIds.get(r.name()).putIfAbsent(id, d.where());
        if (first != null) {
            throw new LineError("nameserver '" + Messages.echo(id) + "' has same name as another nameserver "
                + "(declared at " + first + ")");
        }
        if (text.startsWith("tcp@") || text.startsWith("tcp4@") || text.startsWith("tcp6@")) {
            throw new LineError("'nameserver " + Messages.echo(id) + "': baton queries name servers over UDP only; "
                + "write the address without 'tcp@' (or with 'udp@')");
        }
        if (text.startsWith("udp@") || text.startsWith("udp4@") || text.startsWith("udp6@")) {
            text = text.substring(text.indexOf('@') + 1);
        }
        Addresses.HostPort hp = Addresses.HostPort.split(text);
        if (hp.host().isEmpty() && hp.port() != null) {
            // ':53' (an unset ${VAR} before the port): HAProxy takes the IPv4 wildcard, which the kernel delivers to
            // this host's own name server
            hp = Addresses.HostPort.split("0.0.0.0:" + hp.port());
        }
        if (hp.port() == null || !(Addresses.isIpv4(hp.host()) || Addresses.isIpv6(hp.host()))) {
            throw new LineError(Messages.badValue("nameserver " + id, EXPECTED_NAMESERVER, text));
        }
        final int port = Addresses.port(hp.port(), "nameserver " + id, EXPECTED_NAMESERVER, text,
            "nameserver " + id);
        return withNameservers(r, List.of(new InetSocketAddress(literal(hp.host()), port)), List.of(id));
    }

    /**
     * The addresses of the {@code nameserver} lines of /etc/resolv.conf, as written (HAProxy's parse_resolve_conf;
     * they are queried on port 53): IP literals only; an unreadable file is an error.
     */
    private List<String> readResolvConf() {
        final List<String> lines;
        try {
            lines = Files.readAllLines(resolvConf, StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new LineError("'parse-resolv-conf': could not read " + resolvConf + ": " + e.getMessage());
        }
        final List<String> out = new ArrayList<>();
        for (final String line : lines) {
            final String[] words = line.trim().split("\\s+");
            if (words.length >= 2 && words[0].equals("nameserver")
                && (Addresses.isIpv4(words[1]) || Addresses.isIpv6(words[1]))) {
                out.add(words[1]);
            }
        }
        return out;
    }

    private ResolversConfig timeout(final Directive d, final ResolversConfig r) {
        final String which = d.require(1, "timeout", "'retry' or 'resolve' and a time");
        if (!which.equals("retry") && !which.equals("resolve")) {
            throw new LineError(Messages.badValue("timeout", "'retry' or 'resolve'", which));
        }
        final long ms = positive(d, "timeout " + which);
        final boolean retry = which.equals("retry");
        return new ResolversConfig(r.name(), r.nameservers(), r.nameserverIds(), r.resolveRetries(), retry ? r.timeoutResolveMs() : ms,
            retry ? ms : r.timeoutRetryMs(), r.holdValidMs(), r.holdNxMs(), r.holdRefusedMs(), r.holdTimeoutMs(),
            r.holdOtherMs(), r.holdObsoleteMs(), r.acceptedPayloadSize(), r.where());
    }

    private ResolversConfig hold(final Directive d, final ResolversConfig r) {
        final String event = d.require(1, "hold", "an event (valid, nx, refused, timeout, other, obsolete) and a time");
        final long ms = d.timeArg(2, "hold " + event);
        d.noMoreThan(3, "hold");
        long valid = r.holdValidMs();
        long nx = r.holdNxMs();
        long refused = r.holdRefusedMs();
        long timeout = r.holdTimeoutMs();
        long other = r.holdOtherMs();
        long obsolete = r.holdObsoleteMs();
        switch (event) {
            case "valid" -> valid = ms;
            case "nx" -> nx = ms;
            case "refused" -> refused = ms;
            case "timeout" -> timeout = ms;
            case "other" -> other = ms;
            case "obsolete" -> obsolete = ms;
            default -> throw new LineError(Messages.badValue("hold",
                "one of valid, nx, refused, timeout, other, obsolete", event));
        }
        return new ResolversConfig(r.name(), r.nameservers(), r.nameserverIds(), r.resolveRetries(), r.timeoutResolveMs(),
            r.timeoutRetryMs(), valid, nx, refused, timeout, other, obsolete, r.acceptedPayloadSize(), r.where());
    }

    /** Word 2 as a time above 0 ms, the line having no more words. */
    private static long positive(final Directive d, final String kw) {
        final long ms = d.timeArg(2, kw);
        d.noMoreThan(3, kw);
        if (ms <= 0) {
            throw new LineError(Messages.badValue(kw, "a positive delay such as 1s", d.word(2)));
        }
        return ms;
    }

    private static ResolversConfig withNameservers(final ResolversConfig r, final List<InetSocketAddress> more,
                                                   final List<String> moreIds) {
        final List<InetSocketAddress> all = new ArrayList<>(r.nameservers());
        all.addAll(more);
        final List<String> ids = new ArrayList<>(r.nameserverIds());
        ids.addAll(moreIds);
        return new ResolversConfig(r.name(), all, ids, r.resolveRetries(), r.timeoutResolveMs(), r.timeoutRetryMs(),
            r.holdValidMs(), r.holdNxMs(), r.holdRefusedMs(), r.holdTimeoutMs(), r.holdOtherMs(), r.holdObsoleteMs(),
            r.acceptedPayloadSize(), r.where());
    }

    /** An IP literal as an address (parsed, never looked up). */
    private static InetAddress literal(final String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (final UnknownHostException e) {
            throw new LineError("'" + Messages.echo(ip) + "' is not an IP address");
        }
    }
}
