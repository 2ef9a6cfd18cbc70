package dev.baton.config;

import java.util.Set;

/**
 * {@code log TARGET [len N] [format F] [sample RANGES:SIZE] FACILITY [LEVEL [MINLEVEL]]}, in the global section
 * and in proxies ({@link ProxyLogParser}), its options in HAProxy's order. TARGET is {@code stdout} or {@code fd@1},
 * {@code stderr} or {@code fd@2}, a syslog server over UDP: {@code [udp@|udp4@|udp6@|ipv4@|ipv6@]HOST[:PORT]} (port
 * 514 by default; IPv6 in brackets), or a Unix datagram socket: {@code /PATH} or {@code unix@PATH} (such as
 * {@code /dev/log}; the file need not exist yet, as in HAProxy). A host name is resolved here, once, as HAProxy
 * resolves it while reading the line (its first address of the family {@code udp4@}/{@code ipv4@} or
 * {@code udp6@}/{@code ipv6@} asks for); one that does not resolve is HAProxy's error. {@code ring@NAME}, other file descriptors and stream targets are refused with the alternative.
 */
final class LogTargetParser {
    static final String KW = "log";
    static final String EXPECTED_TARGET = "a target such as stdout, stderr, udp@HOST:PORT or /dev/log";
    static final String EXPECTED_FACILITY = "a syslog facility such as local0";
    static final String EXPECTED_LEVEL = "a syslog level: emerg, alert, crit, err, warning, notice, info or debug";
    static final String EXPECTED_FORMAT = "local, rfc3164, rfc5424, priority, short, timed, iso or raw";
    /** HAProxy's default: every severity is sent. */
    static final String DEFAULT_LEVEL = "debug";
    static final String DEFAULT_MIN_LEVEL = "emerg";
    static final int DEFAULT_PORT = 514;
    /** sizeof(sun_path) on Linux, its terminating NUL included. */
    static final int UNIX_PATH_MAX = 108;

    static final Set<String> FACILITIES = Set.of(
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2", "ftp", "ntp",
        "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");
    static final Set<String> LEVELS = Set.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

    private static final Set<String> UDP_PREFIXES = Set.of("udp@", "udp4@", "udp6@", "ipv4@", "ipv6@");

    private LogTargetParser() {
    }

    static LogTarget parse(final Directive d) {
        d.require(1, KW, EXPECTED_TARGET + " and a facility");
        final String target = d.address(1);
        if (target.equals("global")) {
            throw new LineError(Messages.notAllowed("log global", Section.GLOBAL));
        }
        int i = 2;
        int maxLen = LogTarget.DEFAULT_MAX_LEN;
        LogFormat format = LogFormat.UNSPECIFIED;
        LogSample sample = null;
        if (d.has(i) && d.word(i).equals("len")) {
            maxLen = d.intArg(i + 1, "log len", 80, 65535);
            i += 2;
        }
        if (d.has(i) && d.word(i).equals("format")) {
            final String word = d.require(i + 1, "log format", EXPECTED_FORMAT);
            format = LogFormat.of(word);
            if (format == null) {
                throw new LineError(Messages.badValue("log format", EXPECTED_FORMAT, word));
            }
            i += 2;
        }
        if (d.has(i) && d.word(i).equals("sample")) {
            sample = LogSample.parse(d.require(i + 1, "log sample", "RANGES:SIZE"));
            i += 2;
        }
        final String facility = d.require(i, KW, EXPECTED_FACILITY);
        if (!FACILITIES.contains(facility)) {
            throw new LineError(Messages.badValue(KW, EXPECTED_FACILITY, facility));
        }
        final String level = d.has(i + 1) ? checkLevel(d.word(i + 1)) : DEFAULT_LEVEL;
        final String minLevel = d.has(i + 2) ? checkLevel(d.word(i + 2)) : DEFAULT_MIN_LEVEL;
        d.noMoreThan(i + 3, KW);
        final LogTarget t = target(target, facility, level, d.where());
        return new LogTarget(t.kind(), t.host(), t.port(), facility, level, d.where(), minLevel, maxLen, format,
            sample);
    }

    private static LogTarget target(final String target, final String facility, final String level,
                                    final SourceLocation where) {
        if (target.startsWith("ring@")) {
            throw new LineError("log target '" + Messages.echo(target) + "': baton has no ring sections (nor 'show "
                + "events'); log to stdout, a Unix socket such as /dev/log or a UDP syslog server instead");
        }
        if (target.startsWith("fd@") && !target.equals("fd@1") && !target.equals("fd@2")) {
            throw new LineError("log target '" + Messages.echo(target) + "': baton writes logs to fd@1 (stdout) and"
                + " fd@2 (stderr) only; redirect one of them instead");
        }
        if (target.equals("stdout") || target.equals("fd@1")) {
            return new LogTarget(LogTarget.Kind.STDOUT, null, 0, facility, level, where);
        }
        if (target.equals("stderr") || target.equals("fd@2")) {
            return new LogTarget(LogTarget.Kind.STDERR, null, 0, facility, level, where);
        }
        if (target.startsWith("/") || target.startsWith("unix@")) {
            final String path = target.startsWith("/") ? target : target.substring("unix@".length());
            if (path.isEmpty()) {
                throw new LineError(Messages.badValue(KW, EXPECTED_TARGET, target));
            }
            if (path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length >= UNIX_PATH_MAX) {
                throw new LineError("log target '" + Messages.echo(target) + "': a unix socket path is at most "
                    + (UNIX_PATH_MAX - 1) + " bytes");
            }
            return new LogTarget(LogTarget.Kind.UNIX, path, 0, facility, level, where);
        }
        final int at = target.indexOf('@');
        if (at >= 0 && !UDP_PREFIXES.contains(target.substring(0, at + 1))) {
            throw new LineError("log target '" + Messages.echo(target) + "': baton sends logs over UDP, to Unix"
                + " datagram sockets and to stdout/stderr only (HAProxy's stream targets need ring sections); use"
                + " udp@HOST:PORT or /dev/log instead");
        }
        final Addresses.HostPort hp = Addresses.HostPort.split(target.substring(at + 1));
        final int port = hp.port() == null ? DEFAULT_PORT : Addresses.port(hp.port(), KW, EXPECTED_TARGET, target, KW);
        if (!Addresses.isHost(hp.host())) {
            throw new LineError(Messages.badValue(KW, EXPECTED_TARGET, target));
        }
        final String prefix = at < 0 ? "" : target.substring(0, at + 1);
        final int family = prefix.equals("udp4@") || prefix.equals("ipv4@") ? 4
            : prefix.equals("udp6@") || prefix.equals("ipv6@") ? 6 : 0;
        return new LogTarget(LogTarget.Kind.UDP, resolved(hp.host(), family, target), port, facility, level, where);
    }

    /** {@code host}, or its first address of {@code family} (4, 6, 0: any) when it is a name; HAProxy's error if none. */
    private static String resolved(final String host, final int family, final String target) {
        if (!Addresses.isHostName(host)) {
            return host;
        }
        final String address = Addresses.firstAddress(host, family);
        if (address != null) {
            return address;
        }
        throw new LineError("log : invalid address: '" + Messages.echo(host) + "' in '" + Messages.echo(target) + "'");
    }

    /** {@code log-tag TAG} (global or proxy). */
    static String logTag(final Directive d) {
        final String tag = d.require(1, "log-tag", "a tag for use in syslog");
        d.noMoreThan(2, "log-tag");
        return tag;
    }

    private static String checkLevel(final String level) {
        if (!LEVELS.contains(level)) {
            throw new LineError(Messages.badValue(KW, EXPECTED_LEVEL, level));
        }
        return level;
    }
}
