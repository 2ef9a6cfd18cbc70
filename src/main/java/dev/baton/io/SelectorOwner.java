package dev.baton.io;

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
}
