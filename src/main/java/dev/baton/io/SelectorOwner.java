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
}
