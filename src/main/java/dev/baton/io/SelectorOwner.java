package dev.baton.io;

import java.nio.channels.Channel;
import java.nio.channels.Selector;

/**
 * The thread that owns a {@link Selector} and every key on it (a reactor): the only one that may register
 * channels with it or change their interest (DESIGN.md rule 3). Lets endpoints check that rule without
 * depending on the reactor itself.
 */
public interface SelectorOwner {
    Selector selector();

    /** True when called from the owner's thread (or from a test driving it by hand). */
    boolean inReactorThread();

    /**
     * Closes {@code channel}, whose key on this owner's selector was just cancelled. An owner may wait until its
     * selector has dropped the key (a reactor does: see its {@code closeDeregistered}); by default, at once.
     * Owner's thread.
     */
    default void closeDeregistered(final Channel channel) {
        Channels.closeQuietly(channel);
    }

    /**
     * Closes {@code channel}, which has no key on this owner's selector. An owner may wait until its turn's work is
     * done (a reactor does: see its {@code closeUnregistered}); by default, at once. Owner's thread.
     */
    default void closeUnregistered(final Channel channel) {
        Channels.closeQuietly(channel);
    }

    /**
     * Runs {@code registration} just before this owner's next selection (a reactor does: see its
     * {@code beforeSelection}); by default, at once. Owner's thread.
     */
    default void beforeSelection(final DeferredRegistration registration) {
        registration.registerIfWanted();
    }

    /** A channel whose registration waits until a selection needs it ({@link SocketEndpoint#registerLazily}). */
    interface DeferredRegistration {
        /** Registers the channel if it still wants an event and is open. */
        void registerIfWanted();
    }
}
