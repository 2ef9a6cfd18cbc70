package dev.baton.config;

/**
 * The global section's {@code log-tag TAG} (null: the program name, {@code baton}) and {@code log-send-hostname
 * [NAME]} (null: no host name in the syslog headers; the system's host name when NAME is omitted).
 */
public record SyslogHeader(String tag, String hostname) {
    public static final SyslogHeader DEFAULT = new SyslogHeader(null, null);
}
