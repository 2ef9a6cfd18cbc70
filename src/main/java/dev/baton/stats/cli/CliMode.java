package dev.baton.stats.cli;

/** How a runtime API connection goes on after a line, as HAProxy's {@code prompt} modes. */
public enum CliMode {
    /** One line, then the connection closes (the default: scripts). */
    NON_INTERACTIVE,
    /** Line after line until {@code quit}, the timeout or the client's end; no prompt. */
    INTERACTIVE,
    /** As interactive, with {@code > } printed when the next command is awaited (humans). */
    PROMPT
}
