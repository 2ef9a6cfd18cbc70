package dev.baton.config;

/**
 * One {@code log} line of the global section: where traffic logs go. {@code kind} STDOUT/STDERR write
 * lines to the process's stream; UDP sends RFC 3164 syslog datagrams to {@code host:port}, UNIX the same
 * datagrams to the Unix datagram socket at path {@code host} ({@code port} 0), with
 * {@code facility} (local0..local7, daemon, user, ...) and keeps messages at or above {@code level}
 * (emerg..debug, default info).
 */
public record LogTarget(Kind kind, String host, int port, String facility, String level, SourceLocation where) {
    /** The destination kinds. */
    public enum Kind { STDOUT, STDERR, UDP, UNIX }
}
