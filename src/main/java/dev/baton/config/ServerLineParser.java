package dev.baton.config;

import java.util.List;

/**
 * {@code server NAME ADDR:PORT [options]} and {@code default-server [options]}. Options: {@code weight N}
 * (0..256), {@code maxconn N} (0 = unlimited), {@code backup}/{@code no-backup},
 * {@code disabled}/{@code enabled}; the inverse forms exist, as in HAProxy, to undo a
 * {@code default-server} setting. Idle-pool options (see {@link PoolOptions}): {@code pool-max-conn N}
 * (-1..), {@code pool-purge-delay T}, {@code max-reuse N} (-1..), {@code pool-low-conn N} (0..).
 * Health checks (see {@link CheckOptions}): {@code check}/{@code no-check}, {@code inter T}, {@code fastinter T},
 * {@code downinter T} (positive times), {@code rise N}, {@code fall N} (1..), {@code port N}, {@code addr ADDR}.
 * ADDR is an IPv4 or IPv6 literal or a host name, kept as written. Passive checks, slowstart, track and the
 * on-marked-* actions: see {@link ServerReactionParser}.
 * <p>Each HAProxy server keyword baton lacks is reported and skipped with its arguments, so one line
 * lists all of them; an unknown keyword ends the line, since its arguments cannot be told apart.
 */
final class ServerLineParser {
    static final String EXPECTED_LINE = "a name and an address such as s1 10.0.0.1:80";
    static final String EXPECTED_ADDRESS = "ADDR:PORT such as 10.0.0.1:80, [::1]:80 or app.internal:8080";
    static final int MAX_WEIGHT = 256;

    private static final List<String> KEYWORDS = List.of("weight", "maxconn", "backup", "no-backup", "disabled", "enabled",
        "pool-max-conn", "pool-purge-delay", "max-reuse", "pool-low-conn", "check", "no-check", "inter", "fastinter",
        "downinter", "rise", "fall", "port", "addr", "observe", "error-limit", "on-error", "on-marked-down", "on-marked-up",
        "slowstart", "track");
    static final String EXPECTED_CHECK_ADDRESS = "an IPv4 or IPv6 address or a host name";

    private ServerLineParser() {
    }

    static void server(final Directive d, final ProxyDraft p) {
        final String name = d.require(1, "server", EXPECTED_LINE);
        if (!Names.isValid(name)) {
            throw new LineError(Messages.badValue("server", Names.EXPECTED, name));
        }
        final String context = "server " + name;
        final String address = d.require(2, context, EXPECTED_ADDRESS);
        final Addresses.HostPort hp = Addresses.HostPort.split(address);
        if (hp.port() == null) {
            throw new LineError(Messages.badValue(context, EXPECTED_ADDRESS, address));
        }
        final int port = Addresses.port(hp.port(), context, EXPECTED_ADDRESS, address, context);
        if (!Addresses.isHost(hp.host())) {
            throw new LineError(Messages.badValue(context, EXPECTED_ADDRESS, address));
        }
        final ServerConfig first = p.firstServerByName.get(name);
        if (first != null) {
            // As HAProxy: once per duplicate, against the first definition.
            d.error(Messages.alreadyDefined("server '" + name + "'", first.where()));
        }
        final ServerDefaults s = options(d, 3, p.serverDefaults, p.mode);
        final ServerConfig server = new ServerConfig(name, hp.host(), port, s.weight(), s.maxconn(), s.backup(),
            s.disabled(), s.pool(), s.check(), s.reactions(), d.where());
        p.servers.add(server);
        p.firstServerByName.putIfAbsent(name, server);
    }

    static void defaultServer(final Directive d, final ProxyDraft p) {
        p.serverDefaults = options(d, 1, p.serverDefaults, p.mode);
    }

    /** Applies the options from word {@code from} on to {@code start}, in a proxy of {@code mode}. */
    private static ServerDefaults options(final Directive d, final int from, final ServerDefaults start,
                                          final Mode mode) {
        ServerDefaults s = start;
        int i = from;
        while (i < d.size()) {
            final String kw = d.word(i);
            switch (kw) {
                case "weight":
                    s = s.withWeight(d.intArg(i + 1, kw, 0, MAX_WEIGHT));
                    i += 2;
                    break;
                case "maxconn":
                    s = s.withMaxconn(d.intArg(i + 1, kw, 0, Integer.MAX_VALUE));
                    i += 2;
                    break;
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
                    final String host = d.require(i + 1, kw, EXPECTED_CHECK_ADDRESS);
                    if (!Addresses.isHost(host)) {
                        throw new LineError(Messages.badValue(kw, EXPECTED_CHECK_ADDRESS, host));
                    }
                    s = s.withCheck(s.check().withAddr(host));
                    i += 2;
                    break;
                }
                default:
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
                KeywordSuggestions.closest(kw, KEYWORDS, UnsupportedKeywords.SERVER_ARITY.keySet())));
        }
        d.error(Messages.serverKeywordNotImplemented(kw));
        return arity;
    }
}
