package dev.baton.stats;

import java.util.concurrent.CompletionStage;

/**
 * Reloads the configuration in place (docs/reload.md): the runtime API's {@code reload}, and the figures
 * {@code show info} reports. Any thread; reloads run one at a time, off the reactors.
 */
public interface Reloader {
    /**
     * Starts a reload, or queues it behind the one under way; completes with the answer the runtime API gives:
     * the outcome, then the errors ({@code FILE:LINE: message}) or what changed, one line each.
     */
    CompletionStage<String> reload(String trigger);

    /** How many reloads switched to a new configuration since the start. */
    int reloads();

    /** When the last successful reload switched, in ms since the epoch; 0 if none. */
    long lastReloadEpochMs();
}
