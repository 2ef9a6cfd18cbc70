package dev.baton.config;

import dev.baton.http.rules.Condition;

/**
 * One {@code tcp-request connection|session|content} or {@code tcp-response content} rule: its {@link Action} when
 * its condition holds. Immutable, shared by reactors.
 */
public record TcpRule(Action action, Condition condition, SourceLocation where, dev.baton.stick.StickAction stick,
                      dev.baton.http.rules.HttpRule effect) {
    /** A rule that accepts or rejects. */
    public TcpRule(final Action action, final Condition condition, final SourceLocation where) {
        this(action, condition, where, null, null);
    }

    /** A rule that accepts, rejects or runs {@code stick}. */
    public TcpRule(final Action action, final Condition condition, final SourceLocation where,
                   final dev.baton.stick.StickAction stick) {
        this(action, condition, where, stick, null);
    }

    /** What a rule does when its condition holds; each but {@link #STICK} ends the evaluation of its rule set. */
    public enum Action {
        /** Stop evaluating this set: the connection goes on. */
        ACCEPT,
        /** Close the connection, counted as denied. */
        REJECT,
        /**
         * {@link #REJECT}, the connection dropped so that the client is not told
         * ({@code dev.baton.io.Endpoint#silentDrop}).
         */
        SILENT_DROP,
        /** Run {@link TcpRule#stick()} ({@code track-scN}, {@code sc-inc-gpc0}...) and go on with the next rule. */
        STICK,
        /**
         * Run {@link TcpRule#effect()} ({@code set-src}, {@code set-var}, {@code capture}...: the http rule of the
         * same action, see {@code dev.baton.listener.TcpEffects}) and go on with the next rule.
         */
        EFFECT,
        /**
         * {@code expect-proxy layer4} ({@code tcp-request connection} only): the client must start with a PROXY
         * protocol header, read before anything else as a bind's {@code accept-proxy} would; go on with the next rule.
         */
        EXPECT_PROXY;

        /** Whether this action refuses the connection ({@link #REJECT}, {@link #SILENT_DROP}). */
        public boolean refuses() {
            return this == REJECT || this == SILENT_DROP;
        }

        /**
         * The verdict of a matched rule on {@code client} (null: none to act on): whether it refuses the connection,
         * a {@link #SILENT_DROP} dropping it silently first, so that the caller's usual reject close finds it closed.
         * Reactor thread of the client.
         */
        public boolean refuses(final dev.baton.io.Endpoint client) {
            if (this == SILENT_DROP && client != null) {
                client.silentDrop();
            }
            return refuses();
        }
    }
}
