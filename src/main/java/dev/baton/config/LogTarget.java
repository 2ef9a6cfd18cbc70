package dev.baton.config;

/**
 * One {@code log TARGET [len N] [format F] [sample RANGES:SIZE] FACILITY [LEVEL [MINLEVEL]]} line, of the global
 * section or of a proxy. {@code kind} STDOUT/STDERR ({@code stdout}, {@code stderr}, {@code fd@1}, {@code fd@2})
 * write each line to the process's stream; UDP sends one datagram per line to {@code host:port}; UNIX the same
 * datagram to the Unix datagram socket at path {@code host} ({@code port} 0). {@code facility} is the syslog
 * facility (local0..local7, daemon, user, ...). A line is sent only when its severity is at least as important as
 * {@code level} (emerg..debug; HAProxy's default: every line, {@code debug}), and one more important than
 * {@code minLevel} (default {@code emerg}) is sent as {@code minLevel}. {@code maxLen} (80..65535, default 1024)
 * caps what is sent of a line (see {@code dev.baton.log.LogEnvelope}); {@code format} is the header;
 * {@code sample} (null: every line) keeps a share of the lines.
 */
public record LogTarget(Kind kind, String host, int port, String facility, String level, SourceLocation where,
                        String minLevel, int maxLen, LogFormat format, LogSample sample) {
    /** HAProxy's default {@code len}. */
    public static final int DEFAULT_MAX_LEN = 1024;

    /** The destination kinds. */
    public enum Kind { STDOUT, STDERR, UDP, UNIX }

    /** A target without {@code len}, {@code format}, {@code sample} nor MINLEVEL. */
    public LogTarget(final Kind kind, final String host, final int port, final String facility, final String level,
                     final SourceLocation where) {
        this(kind, host, port, facility, level, where, "emerg", DEFAULT_MAX_LEN, LogFormat.UNSPECIFIED, null);
    }
}
