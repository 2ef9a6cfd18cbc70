package dev.baton.io;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.SelectionKey;

/** Small channel chores shared by endpoints and listeners. Thread: the owner of the key. */
public final class Channels {
    private Channels() {
    }

    /**
     * Cancels {@code key} (when there is one) and closes {@code channel}; a close that fails is ignored, as
     * nothing more can be done with such a socket.
     */
    public static void cancelAndClose(final SelectionKey key, final Channel channel) {
        if (key != null) {
            key.cancel();
        }
        closeQuietly(channel);
    }

    /** Closes {@code channel}, ignoring a failure: nothing more can be done with such a socket. */
    public static void closeQuietly(final Channel channel) {
        try {
            channel.close();
        } catch (final IOException ignored) {
            // nothing more to do with a socket that fails to close
        }
    }
}
