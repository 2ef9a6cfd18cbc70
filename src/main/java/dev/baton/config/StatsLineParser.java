package dev.baton.config;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The {@code stats} lines of the global section: {@code stats socket ADDRESS [mode OCTAL]
 * [level user|operator|admin] [user U|uid N] [group G|gid N]}, {@code stats timeout TIME} and {@code stats maxconn N}. ADDRESS is a unix
 * socket path ({@code /run/baton.sock} or {@code unix@PATH}) or a TCP address ({@code [ipv4@|ipv6@]HOST:PORT},
 * IPv6 in brackets). A TCP socket beyond loopback is accepted with a warning: it hands the runtime API to
 * whoever reaches it. Stateless; the section parser keeps what the lines produce.
 */
final class StatsLineParser {
    static final String KW = "stats";
    static final String SOCKET = "stats socket";
    static final String EXPECTED_SUB = "socket, timeout or maxconn";
    static final String EXPECTED_ADDRESS = "a unix socket path or HOST:PORT";
    static final String EXPECTED_MODE = "an octal mode such as 600";
    static final String EXPECTED_LEVEL = "user, operator or admin";
    static final String EXPECTED_TIMEOUT = "a positive time such as 10s";
    /** The longest unix socket path Linux accepts ({@code sun_path} is 108 bytes with its NUL). */
    static final int MAX_UNIX_PATH = 107;

    /** HAProxy's other {@code stats} keywords of the global section. */
    private static final Set<String> OTHER_SUBKEYWORDS = Set.of("calculate-max-counters");
    /** HAProxy bind options a {@code stats socket} line may carry that baton does not apply. */
    private static final Set<String> OTHER_OPTIONS = Set.of(
        "process", "thread", "accept-proxy", "name", "id", "nice",
        "severity-output", "ssl", "crt", "maxconn", "backlog", "defer-accept", "transparent", "interface",
        "namespace", "v4v6", "v6only", "tfo", "mss", "accept-netscaler-cip", "label", "guid-prefix");
    private static final Set<String> TCP_PREFIXES = Set.of("ipv4@", "ipv6@");

    private StatsLineParser() {
    }

    /** The word after {@code stats}, refused when it is missing or not one baton knows. */
    static String subKeyword(final Directive d) {
        final String sub = d.require(1, KW, EXPECTED_SUB);
        if (OTHER_SUBKEYWORDS.contains(sub)) {
            throw new LineError(Messages.notImplemented(KW + " " + sub));
        }
        return sub;
    }

    /** {@code stats socket ...}. */
    static StatsSocketConfig socket(final Directive d) {
        d.require(2, SOCKET, EXPECTED_ADDRESS);
        final String address = d.address(2);
        int mode = StatsSocketConfig.NO_MODE;
        AccessLevel level = AccessLevel.DEFAULT;
        int uid = -1;
        int gid = -1;
        for (int i = 3; d.has(i); i += 2) {
            final String option = d.word(i);
            if (option.equals("user") || option.equals("uid")) {
                final String value = d.require(i + 1, SOCKET + " " + option, "a user");
                uid = option.equals("uid") ? d.intArg(i + 1, SOCKET + " uid", 0, Integer.MAX_VALUE)
                    : BindOptionParser.user(value, SOCKET + " user");
            } else if (option.equals("group") || option.equals("gid")) {
                final String value = d.require(i + 1, SOCKET + " " + option, "a group");
                gid = option.equals("gid") ? d.intArg(i + 1, SOCKET + " gid", 0, Integer.MAX_VALUE)
                    : BindOptionParser.group(value, SOCKET + " group");
            } else if (option.equals("mode")) {
                mode = mode(d.require(i + 1, SOCKET + " mode", EXPECTED_MODE));
            } else if (option.equals("level")) {
                level = level(d.require(i + 1, SOCKET + " level", EXPECTED_LEVEL));
            } else if (option.equals("expose-fd")) {
                // HAProxy lets a reloading process fetch the listening sockets here; baton never hands its
                // sockets to another process, so accepting it exposes nothing (the README says so)
                final String what = d.require(i + 1, SOCKET + " expose-fd", "'listeners'");
                if (!what.equals("listeners")) {
                    throw new LineError(Messages.badValue(SOCKET + " expose-fd", "'listeners'", what));
                }
            } else if (OTHER_OPTIONS.contains(option)) {
                throw new LineError(Messages.notImplemented(SOCKET + " " + option));
            } else {
                throw new LineError(Messages.unexpectedArgument(SOCKET, option));
            }
        }
        final StatsSocketConfig parsed = address(address, mode, level, d.where());
        final StatsSocketConfig socket = new StatsSocketConfig(parsed.kind(), parsed.path(), parsed.host(),
            parsed.port(), parsed.mode(), parsed.level(), parsed.where(), uid, gid);
        if (socket.kind() == StatsSocketConfig.Kind.TCP && (mode != StatsSocketConfig.NO_MODE || uid >= 0
            || gid >= 0)) {
            // HAProxy accepts them and they change nothing on a TCP socket: said rather than refused
            d.warning("'stats socket " + Messages.echo(address) + "': mode, user and group apply to unix sockets "
                + "only; ignored here, as HAProxy ignores them");
        }
        if (socket.kind() == StatsSocketConfig.Kind.TCP && !isLoopback(socket.host())) {
            d.warning("stats socket " + socket.display() + " listens beyond loopback: whoever reaches it has '"
                + level.keyword() + "' rights on the runtime API");
        }
        return socket;
    }

    /** {@code stats timeout TIME}: a positive time in milliseconds. */
    static long timeout(final Directive d) {
        final long ms = d.timeArg(2, "stats timeout");
        if (ms == 0) {
            throw new LineError(Messages.badValue("stats timeout", EXPECTED_TIMEOUT, d.word(2)));
        }
        d.noMoreThan(3, "stats timeout");
        return ms;
    }

    /** {@code stats maxconn N}: how many runtime API connections may be open at once. */
    static int maxconn(final Directive d) {
        final int n = d.intArg(2, "stats maxconn", 1, Integer.MAX_VALUE);
        d.noMoreThan(3, "stats maxconn");
        return n;
    }

    private static StatsSocketConfig address(final String text, final int mode, final AccessLevel level,
                                             final SourceLocation where) {
        if (text.startsWith("/") || text.startsWith("unix@")) {
            final String path = text.startsWith("/") ? text : text.substring("unix@".length());
            if (path.isEmpty()) {
                throw new LineError(Messages.badValue(SOCKET, EXPECTED_ADDRESS, text));
            }
            if (path.getBytes(StandardCharsets.UTF_8).length > MAX_UNIX_PATH) {
                throw new LineError("unix socket path '" + Messages.echo(path) + "' is longer than " + MAX_UNIX_PATH
                    + " bytes");
            }
            return new StatsSocketConfig(StatsSocketConfig.Kind.UNIX, path, null, 0, mode, level, where);
        }
        final int at = text.indexOf('@');
        if (at >= 0 && !TCP_PREFIXES.contains(text.substring(0, at + 1))) {
            throw new LineError("stats socket address '" + Messages.echo(text) + "' is not implemented yet");
        }
        final Addresses.HostPort hp = Addresses.HostPort.split(text.substring(at + 1));
        if (hp.port() == null) {
            throw new LineError(Messages.badValue(SOCKET, EXPECTED_ADDRESS, text));
        }
        final int port = Addresses.port(hp.port(), SOCKET, EXPECTED_ADDRESS, text, SOCKET);
        // "*" is every address, as an empty host (HAProxy's "*:9999")
        final String host = hp.host().equals("*") ? "" : hp.host();
        if (!host.isEmpty() && !Addresses.isHost(host)) {
            throw new LineError(Messages.badValue(SOCKET, EXPECTED_ADDRESS, text));
        }
        return new StatsSocketConfig(StatsSocketConfig.Kind.TCP, null, host, port, mode, level, where);
    }

    /** Permission bits in octal, as chmod takes them (no set-id or sticky bit: they mean nothing on a socket). */
    private static int mode(final String text) {
        if (text.isEmpty() || text.length() > 4) {
            throw new LineError(Messages.badValue(SOCKET + " mode", EXPECTED_MODE, text));
        }
        int mode = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '7') {
                throw new LineError(Messages.badValue(SOCKET + " mode", EXPECTED_MODE, text));
            }
            mode = mode * 8 + (c - '0');
        }
        if (mode > 0777) {
            throw new LineError(Messages.badValue(SOCKET + " mode", EXPECTED_MODE, text));
        }
        return mode;
    }

    private static AccessLevel level(final String text) {
        final AccessLevel level = AccessLevel.fromKeyword(text);
        if (level == null) {
            throw new LineError(Messages.badValue(SOCKET + " level", EXPECTED_LEVEL, text));
        }
        return level;
    }

    /** Loopback as written: 127.0.0.0/8, ::1 or localhost. Names other than localhost count as beyond. */
    private static boolean isLoopback(final String host) {
        if (host.equals("localhost")) {
            return true;
        }
        if (Addresses.isIpv4(host)) {
            return host.startsWith("127.");
        }
        final byte[] v6 = Addresses.ipv6Bytes(host);
        if (v6 == null) {
            return false;
        }
        for (int i = 0; i < 15; i++) {
            if (v6[i] != 0) {
                return false;
            }
        }
        return v6[15] == 1;
    }
}
