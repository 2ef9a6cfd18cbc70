package dev.baton.config;

import java.util.Set;

/**
 * {@code log TARGET [len N] [format F] FACILITY [LEVEL [MINLEVEL]]} in the global section. TARGET is
 * {@code stdout}, {@code stderr}, a syslog server over UDP: {@code [udp@|udp4@|udp6@|ipv4@|ipv6@]HOST[:PORT]}
 * (port 514 by default; IPv6 in brackets), or a Unix datagram socket: {@code /PATH} or {@code unix@PATH} (such as
 * {@code /dev/log}; the file need not exist yet, as in HAProxy). Host names are kept as written, never resolved
 * here.
 * <p>{@code len}, {@code format} and MINLEVEL are checked but not carried: {@link LogTarget} has no field for
 * them yet. {@code format} accepts only {@code rfc3164} (what the UDP writer sends) and {@code raw}.
 */
final class LogTargetParser {
    static final String KW = "log";
    static final String EXPECTED_TARGET = "a target such as stdout, stderr, udp@HOST:PORT or /dev/log";
    static final String EXPECTED_FACILITY = "a syslog facility such as local0";
    static final String EXPECTED_LEVEL = "a syslog level: emerg, alert, crit, err, warning, notice, info or debug";
    static final String DEFAULT_LEVEL = "info";
    static final int DEFAULT_PORT = 514;
    /** sizeof(sun_path) on Linux, its terminating NUL included. */
    static final int UNIX_PATH_MAX = 108;

    static final Set<String> FACILITIES = Set.of(
        "kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron", "auth2", "ftp", "ntp",
        "audit", "alert", "cron2", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7");
    static final Set<String> LEVELS = Set.of("emerg", "alert", "crit", "err", "warning", "notice", "info", "debug");

    private static final Set<String> UDP_PREFIXES = Set.of("udp@", "udp4@", "udp6@", "ipv4@", "ipv6@");
    private static final Set<String> FORMATS = Set.of("rfc3164", "raw");
    private static final Set<String> OTHER_FORMATS = Set.of("rfc5424", "short", "iso", "timed", "local", "priority");

    private LogTargetParser() {
    }

    static LogTarget parse(final Directive d) {
        final String target = d.require(1, KW, EXPECTED_TARGET + " and a facility");
        if (target.equals("global")) {
            throw new LineError(Messages.notAllowed("log global", Section.GLOBAL));
        }
        int i = 2;
        while (d.has(i) && (d.word(i).equals("len") || d.word(i).equals("format") || d.word(i).equals("sample"))) {
            final String option = d.word(i);
            if (option.equals("len")) {
                d.intArg(i + 1, "log len", 80, 65535);
            } else if (option.equals("format")) {
                checkFormat(d.require(i + 1, "log format", "rfc3164 or raw"));
            } else {
                throw new LineError(Messages.notImplemented("log sample"));
            }
            i += 2;
        }
        final String facility = d.require(i, KW, EXPECTED_FACILITY);
        if (!FACILITIES.contains(facility)) {
            throw new LineError(Messages.badValue(KW, EXPECTED_FACILITY, facility));
        }
        final String level = d.has(i + 1) ? checkLevel(d.word(i + 1)) : DEFAULT_LEVEL;
        if (d.has(i + 2)) {
            checkLevel(d.word(i + 2));
        }
        d.noMoreThan(i + 3, KW);
        return target(target, facility, level, d.where());
    }

    private static LogTarget target(final String target, final String facility, final String level,
                                    final SourceLocation where) {
        if (target.equals("stdout")) {
            return new LogTarget(LogTarget.Kind.STDOUT, null, 0, facility, level, where);
        }
        if (target.equals("stderr")) {
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
            throw new LineError("log target '" + Messages.echo(target) + "' is not implemented yet");
        }
        final Addresses.HostPort hp = Addresses.HostPort.split(target.substring(at + 1));
        final int port = hp.port() == null ? DEFAULT_PORT : Addresses.port(hp.port(), KW, EXPECTED_TARGET, target, KW);
        if (!Addresses.isHost(hp.host())) {
            throw new LineError(Messages.badValue(KW, EXPECTED_TARGET, target));
        }
        return new LogTarget(LogTarget.Kind.UDP, hp.host(), port, facility, level, where);
    }

    private static void checkFormat(final String format) {
        if (OTHER_FORMATS.contains(format)) {
            throw new LineError("log format '" + Messages.echo(format) + "' is not implemented yet");
        }
        if (!FORMATS.contains(format)) {
            throw new LineError(Messages.badValue("log format", "rfc3164 or raw", format));
        }
    }

    private static String checkLevel(final String level) {
        if (!LEVELS.contains(level)) {
            throw new LineError(Messages.badValue(KW, EXPECTED_LEVEL, level));
        }
        return level;
    }
}
