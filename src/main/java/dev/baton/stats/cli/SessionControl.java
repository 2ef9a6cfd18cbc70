package dev.baton.stats.cli;

/** What a command may change in the connection it runs on: {@code prompt} and {@code quit}. Reactor 0 only. */
public interface SessionControl {
    CliMode mode();

    /** Takes effect after the current line: the prompt, and whether the connection stays open. */
    void mode(CliMode mode);

    /** Closes the connection once what was written so far is sent; later commands of the line are skipped. */
    void quit();
}
