package dev.baton.io;

import java.nio.channels.SelectionKey;

/**
 * The attachment of every selection key: what the reactor calls when the key is ready. Runs on the
 * reactor that owns the key; must not block.
 */
public interface Selectable {
    /** Called with the key's ready operations. The key may have been cancelled by a previous handler. */
    void onSelected(SelectionKey key, int readyOps);

    /**
     * The reactor replaced its selector (its selection kept failing): the channel is now registered on the new
     * one as {@code newKey}, with the same interest set and this attachment, and the old key is cancelled. An
     * implementation that keeps its key uses {@code newKey} from now on. Runs on the reactor's thread, outside
     * any selection, between two turns.
     */
    void rekeyed(SelectionKey newKey);
}
