package dev.baton.config;

import java.util.List;

/**
 * {@code server NAME ADDR:PORT [options]} and {@code default-server [options]}. Options: {@code weight N}
 * (0..256), {@code maxconn N} (0 = unlimited), {@code backup}/{@code no-backup},
 * {@code disabled}/{@code enabled}, {@code minconn N} and {@code maxqueue N} (0.. as {@code maxconn}, 0 = unset;
 * see {@link ServerConfig}); the inverse forms exist, as in HAProxy, to undo a
 * {@code default-server} setting. Idle-pool options (see {@link PoolOptions}): {@code pool-max-conn N}
 * (-1..), {@code pool-purge-delay T}, {@code max-reuse N} (-1..), {@code pool-low-conn N} (0..).
 * Health checks (see {@link CheckOptions}): {@code check}/{@code no-check}, {@code inter T}, {@code fastinter T},
 * {@code downinter T} (positive times), {@code rise N}, {@code fall N} (1..), {@code port N}, {@code addr ADDR}.
 * Agent checks (see {@link AgentCheckOptions}): {@code agent-check}/{@code no-agent-check}, {@code agent-port N},
 * {@code agent-addr ADDR}, {@code agent-inter T}, {@code agent-send STRING}; a server with {@code agent-check}
 * needs an agent port ({@code agent-port}, or {@code port}), as in HAProxy.
 * ADDR: see {@link ServerAddressParser}. Passive checks, slowstart, track and the
 * on-marked-* actions: see {@link ServerReactionParser}.
 * <p>Each HAProxy server keyword baton lacks is reported and skipped with its arguments, so one line
 * lists all of them; an unknown keyword ends the line, since its arguments cannot be told apart.
 */
final class ServerLineParser {
    static final String EXPECTED_LINE = "a name and an address such as s1 10.0.0.1:80";
    static final String EXPECTED_ADDRESS = ServerAddressParser.EXPECTED;
    static final int MAX_WEIGHT = 256;

    private static final List<String> KEYWORDS = List.of("cookie", "id", "resolve-prefer", "weight", "maxconn", "minconn", "maxqueue", "backup",
        "no-backup", "disabled", "enabled", "pool-max-conn", "pool-purge-delay", "max-reuse", "pool-low-conn",
        "check", "no-check", "inter", "fastinter", "downinter", "rise", "fall", "port", "addr", "observe",
        "error-limit", "on-error", "on-marked-down", "on-marked-up", "slowstart", "track", "agent-check",
        "no-agent-check", "agent-port", "agent-addr", "agent-inter", "agent-send", "resolvers", "resolve-opts", "init-addr");
    static final String EXPECTED_CHECK_ADDRESS = "an IPv4 or IPv6 address or a host name";
    static final String EXPECTED_AGENT_SEND = "a string such as \"hello\\n\"";

    private ServerLineParser() {
    }

    static void server(final Directive d, final ProxyDraft p) {
        final String name = d.require(1, "server", EXPECTED_LINE);
        if (!Names.isValid(name)) {
            throw new LineError(Messages.badValue("server", Names.EXPECTED, name));
        }
        final String context = "server " + name;
        d.require(2, context, EXPECTED_ADDRESS);
        final String address = d.address(2);
        final ServerAddressParser.Parsed at = ServerAddressParser.parse(address, context);
        final ServerConfig first = p.firstServerByName.get(name);
        if (first != null) {
            // As HAProxy: once per duplicate, against the first definition.
            d.error(Messages.alreadyDefined("server '" + name + "'", first.where()));
        }
        final LineOnly only = new LineOnly();
        final ServerDefaults s = options(d, 3, p.serverDefaults, p.mode, only);
        if (s.agent().enabled() && s.agent().effectivePort(s.check()) == 0) {
            throw new LineError(Messages.agentWithoutPort(name));
        }
        if (only.id != 0) {
            final ServerConfig same = byId(p.servers, only.id);
            if (same != null) {
                throw new LineError(ServerIds.inUse(only.id, same));
            }
        }
        // a DNS SRV name: its records give the port, so it never follows the client's (HAProxy clears the flag)
        final boolean srv = at.host() != null && at.host().startsWith("_");
        final ServerConfig server = new ServerConfig(name, at.host(), srv && at.mapPorts() ? 0 : at.port(),
            s.weight(), s.maxconn(), s.backup(), s.disabled(), s.pool(), s.check(), s.reactions(), d.where(),
            s.agent(), s.minconn(), s.maxqueue(), s.sendProxy(), at.path(), at.abns(), at.mapPorts() && !srv,
            only.cookie, s.tls(), only.id, s.dns());
        p.servers.add(server);
        p.firstServerByName.putIfAbsent(name, server);
    }

    /** The server of {@code servers} whose line forced id {@code id}, or null. */
    static ServerConfig byId(final List<ServerConfig> servers, final int id) {
        for (final ServerConfig s : servers) {
            if (s.id() == id) {
                return s;
            }
        }
        return null;
    }

    /** What only a {@code server} line sets, never {@code default-server}: the persistence cookie and a forced id. */
    private static final class LineOnly {
        String cookie;
        int id;
    }

    static void defaultServer(final Directive d, final ProxyDraft p) {
        p.serverDefaults = options(d, 1, p.serverDefaults, p.mode, null);
    }

    /**
     * The runtime API's {@code add server} line ({@code server NAME ADDR [options]}) for a backend of {@code mode}:
     * HAProxy's rules for dynamic servers: no {@code default-server} applies, only the keywords
     * {@link DynamicServerParser#ALLOWED} lists, an IP address (nothing is resolved at run time).
     */
    static ServerConfig dynamicServer(final Directive d, final Mode mode) {
        final String name = d.require(1, "server", EXPECTED_LINE);
        if (!Names.isValid(name)) {
            throw new LineError(Messages.badValue("server", Names.EXPECTED, name));
        }
        final String context = "server " + name;
        final ServerAddressParser.Parsed at = ServerAddressParser.parse(d.require(2, context, EXPECTED_ADDRESS),
            context);
        if (at.host() != null && !DynamicServerParser.isIpLiteral(at.host())) {
            throw new LineError(DynamicServerParser.NO_RESOLUTION + " '" + Messages.echo(at.host()) + "'");
        }
        final LineOnly only = new LineOnly();
        final ServerDefaults s = options(d, 3, ServerDefaults.DEFAULT, mode, only, true);
        if (s.agent().enabled() && s.agent().effectivePort(s.check()) == 0) {
            throw new LineError(Messages.agentWithoutPort(name));
        }
        return new ServerConfig(name, at.host(), at.port(), s.weight(), s.maxconn(), s.backup(), s.disabled(),
            s.pool(), s.check(), s.reactions(), d.where(), s.agent(), s.minconn(), s.maxqueue(), s.sendProxy(),
            at.path(), at.abns(), at.mapPorts(), null, s.tls(), only.id);
    }

    private static ServerDefaults options(final Directive d, final int from, final ServerDefaults start,
                                          final Mode mode, final LineOnly only) {
        return options(d, from, start, mode, only, false);
    }

    /**
     * Applies the options from word {@code from} on to {@code start}, in a proxy of {@code mode}; what only a server
     * line sets ({@code cookie VALUE}, {@code id N}) goes to {@code only}, null for {@code default-server}.
     */
    private static ServerDefaults options(final Directive d, final int from, final ServerDefaults start,
                                          final Mode mode, final LineOnly only, final boolean dynamic) {
        ServerDefaults s = start;
        int i = from;
        while (i < d.size()) {
            final String kw = d.word(i);
            if (dynamic && !DynamicServerParser.ALLOWED.contains(kw) && known(kw)) {
                throw new LineError("'" + kw + "' option is not accepted for dynamic server"); // HAProxy's words
            }
            if (dynamic && (kw.equals("addr") || kw.equals("agent-addr")) && i + 1 < d.size()
                && !DynamicServerParser.isIpLiteral(d.word(i + 1))) {
                throw new LineError(DynamicServerParser.NO_RESOLUTION + " '" + Messages.echo(d.word(i + 1)) + "'");
            }
            switch (kw) {
                case "cookie":
                    if (only == null) {
                        throw new LineError("'default-server cookie' is not implemented by baton (a cookie value "
                            + "shared by servers); write 'cookie VALUE' on each server line");
                    }
                    only.cookie = d.require(i + 1, kw, "the value of the persistence cookie for this server");
                    i += 2;
                    break;
                case "id":
                    if (only == null) {
                        throw new LineError("'id' option is not accepted in default-server sections"); // HAProxy's
                    }
                    only.id = d.intArg(i + 1, kw, 1, Integer.MAX_VALUE);
                    i += 2;
                    break;
                case "resolve-prefer":
                case "resolvers":
                case "resolve-opts":
                case "init-addr":
                    s = s.withDns(ServerDnsParser.apply(d, i, s.dns()));
                    i += 2;
                    break;
                case "weight":
                    s = s.withWeight(weight(d, i + 1));
                    i += 2;
                    break;
                case "maxconn":
                case "minconn":
                case "maxqueue": {
                    final int n = d.intArg(i + 1, kw, 0, Integer.MAX_VALUE);
                    s = kw.equals("maxconn") ? s.withMaxconn(n) : kw.equals("minconn") ? s.withMinconn(n)
                        : s.withMaxqueue(n);
                    i += 2;
                    break;
                }
                case "backup":
                case "no-backup":
                    s = s.withBackup(kw.equals("backup"));
                    i++;
                    break;
                case "disabled":
                case "enabled":
                    s = s.withDisabled(kw.equals("disabled"));
                    i++;
                    break;
                case "pool-max-conn":
                    s = s.withPool(s.pool().withPoolMaxConn(d.intArg(i + 1, kw, -1, Integer.MAX_VALUE)));
                    i += 2;
                    break;
                case "pool-purge-delay":
                    s = s.withPool(s.pool().withPoolPurgeDelayMs(d.timeArg(i + 1, kw)));
                    i += 2;
                    break;
                case "max-reuse":
                    s = s.withPool(s.pool().withMaxReuse(d.intArg(i + 1, kw, -1, Integer.MAX_VALUE)));
                    i += 2;
                    break;
                case "pool-low-conn":
                    s = s.withPool(s.pool().withPoolLowConn(d.intArg(i + 1, kw, 0, Integer.MAX_VALUE)));
                    i += 2;
                    break;
                case "check":
                case "no-check":
                    s = s.withCheck(s.check().withEnabled(kw.equals("check")));
                    i++;
                    break;
                case "inter":
                    s = s.withCheck(s.check().withInterMs(positiveTime(d, i + 1, kw)));
                    i += 2;
                    break;
                case "fastinter":
                    s = s.withCheck(s.check().withFastinterMs(positiveTime(d, i + 1, kw)));
                    i += 2;
                    break;
                case "downinter":
                    s = s.withCheck(s.check().withDowninterMs(positiveTime(d, i + 1, kw)));
                    i += 2;
                    break;
                case "rise":
                    s = s.withCheck(s.check().withRise(d.intArg(i + 1, kw, 1, Integer.MAX_VALUE)));
                    i += 2;
                    break;
                case "fall":
                    s = s.withCheck(s.check().withFall(d.intArg(i + 1, kw, 1, Integer.MAX_VALUE)));
                    i += 2;
                    break;
                case "port":
                    s = s.withCheck(s.check().withPort(d.intArg(i + 1, kw, 1, 65535)));
                    i += 2;
                    break;
                case "addr": {
                    d.require(i + 1, kw, EXPECTED_CHECK_ADDRESS);
                    final String host = d.address(i + 1); // an address: ${VAR} expanded as HAProxy does
                    if (!Addresses.isHost(host)) {
                        throw new LineError(Messages.badValue(kw, EXPECTED_CHECK_ADDRESS, host));
                    }
                    s = s.withCheck(s.check().withAddr(host));
                    i += 2;
                    break;
                }
                case "agent-check":
                case "no-agent-check":
                    s = s.withAgent(s.agent().withEnabled(kw.equals("agent-check")));
                    i++;
                    break;
                case "agent-port":
                    s = s.withAgent(s.agent().withPort(d.intArg(i + 1, kw, 1, 65535)));
                    i += 2;
                    break;
                case "agent-addr": {
                    d.require(i + 1, kw, EXPECTED_CHECK_ADDRESS);
                    final String host = d.address(i + 1); // an address: ${VAR} expanded as HAProxy does
                    if (!Addresses.isHost(host)) {
                        throw new LineError(Messages.badValue(kw, EXPECTED_CHECK_ADDRESS, host));
                    }
                    s = s.withAgent(s.agent().withAddr(host));
                    i += 2;
                    break;
                }
                case "agent-inter":
                    s = s.withAgent(s.agent().withInterMs(positiveTime(d, i + 1, kw)));
                    i += 2;
                    break;
                case "agent-send": {
                    final String send = d.require(i + 1, kw, EXPECTED_AGENT_SEND);
                    if (send.isEmpty()) {
                        throw new LineError(Messages.badValue(kw, EXPECTED_AGENT_SEND, send));
                    }
                    s = s.withAgent(s.agent().withSend(send));
                    i += 2;
                    break;
                }
                default:
                    if (SendProxyParser.handles(kw)) {
                        s = s.withSendProxy(SendProxyParser.apply(d, i, s.sendProxy()));
                        i += SendProxyParser.arity(kw) + 1;
                        break;
                    }
                    if (ServerTlsParser.handles(kw)) {
                        s = s.withTls(ServerTlsParser.apply(d, i, s.tls()));
                        i += ServerTlsParser.arity(kw) + 1;
                        break;
                    }
                    if (ServerReactionParser.handles(kw)) {
                        s = s.withReactions(ServerReactionParser.apply(d, i, s.reactions(), mode));
                        i += 2;
                        break;
                    }
                    i += 1 + notImplemented(d, kw);
                    break;
            }
        }
        return s;
    }

    /** Whether {@code kw} is a server keyword HAProxy knows (baton's own or one it reports as missing). */
    private static boolean known(final String kw) {
        return KEYWORDS.contains(kw) || SendProxyParser.handles(kw) || ServerTlsParser.handles(kw)
            || ServerReactionParser.handles(kw) || UnsupportedKeywords.SERVER_ARITY.containsKey(kw);
    }

    /** Word {@code index} as a time above 0 ms (HAProxy: "expects a positive delay"). */
    private static long positiveTime(final Directive d, final int index, final String kw) {
        final long ms = d.timeArg(index, kw);
        if (ms <= 0) {
            throw new LineError(Messages.badValue(kw, "a positive delay such as 2s", d.word(index)));
        }
        return ms;
    }

    /** Reports a HAProxy server keyword baton lacks and returns its argument count; ends the line if unknown. */
    private static int notImplemented(final Directive d, final String kw) {
        final Integer arity = UnsupportedKeywords.SERVER_ARITY.get(kw);
        if (arity == null) {
            throw new LineError(Messages.unknownServerKeyword(kw,
                KeywordSuggestions.closest(kw, KEYWORDS, ServerTlsParser.suggestions())));
        }
        d.error(Messages.serverKeywordNotImplemented(kw));
        return arity;
    }

    /**
     * A server's {@code weight}: HAProxy reads it with atol, so {@code 80.5%} is 80; baton takes the same number
     * and warns that the rest was ignored (a word with no leading digits stays an error: HAProxy's 0 is surely not
     * what was meant).
     */
    private static int weight(final Directive d, final int at) {
        final String text = d.require(at, "weight", Numbers.describe(0, MAX_WEIGHT));
        int end = 0;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (end == 0 || end == text.length()) {
            return d.intArg(at, "weight", 0, MAX_WEIGHT);
        }
        try {
            final int w = Numbers.parseInt(text.substring(0, end), 0, MAX_WEIGHT);
            d.warning("'weight " + Messages.echo(text) + "' is read as " + w + ", as HAProxy reads it: a weight is an "
                + "integer, the rest is ignored");
            return w;
        } catch (final BadValueException e) {
            return d.intArg(at, "weight", 0, MAX_WEIGHT);
        }
    }
}
