package dev.baton.io;

import java.nio.channels.SelectionKey;

/**
 * The attachment of every selection key: what the reactor calls when the key is ready. Runs on the
 * reactor that owns the key; must not block.
 */
public interface Selectable {
    /** Called with the key's ready operations. The key may have been cancelled by a previous handler. */
    void onSelected(SelectionKey key, int readyOps);
}
