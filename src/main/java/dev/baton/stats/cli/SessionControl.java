package dev.baton.stats.cli;

/**
 * What a command may change in the connection it runs on: {@code prompt}, {@code quit} and {@code expert-mode}.
 * Reactor 0 only.
 */
public interface SessionControl {
    CliMode mode();

    /** Takes effect after the current line: the prompt, and whether the connection stays open. */
    void mode(CliMode mode);

    /** Closes the connection once what was written so far is sent; later commands of the line are skipped. */
    void quit();

    /** Whether {@code expert-mode on} was said on this connection (off at first, as in HAProxy). */
    boolean expertMode();

    void expertMode(boolean on);

    /**
     * The command's answer comes later, from {@code answer} (completed on any thread): the line's next commands,
     * and the next lines, wait for it (a {@code reload}, which runs off reactor 0). Nothing by default.
     */
    default void defer(final java.util.concurrent.CompletionStage<String> answer) {
        throw new UnsupportedOperationException("this session cannot wait for an answer");
    }
}
