package dev.baton.reactor;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelectionKey;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * A selector whose every selection fails with an IOException, as a broken epoll instance would: channels register
 * on it as on any selector (their keys keep interest set and attachment), but it never reports readiness. Closing
 * it deregisters every key, so the channels can be closed for real afterwards.
 */
public final class FailingSelector extends AbstractSelector {
    private final Set<SelectionKey> keys = new HashSet<>();
    private final Set<SelectionKey> selected = new HashSet<>();
    private int selections;

    public FailingSelector() {
        super(SelectorProvider.provider());
    }

    /** Selections attempted so far. */
    public synchronized int selections() {
        return selections;
    }

    @Override
    protected synchronized SelectionKey register(final AbstractSelectableChannel ch, final int ops, final Object att) {
        final Key key = new Key(ch, this, ops);
        key.attach(att);
        keys.add(key);
        return key;
    }

    @Override
    protected synchronized void implCloseSelector() {
        for (final SelectionKey k : keys) {
            deregister((AbstractSelectionKey) k);
        }
        keys.clear();
    }

    @Override
    public synchronized Set<SelectionKey> keys() {
        return Collections.unmodifiableSet(new HashSet<>(keys));
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        return selected;
    }

    @Override
    public int selectNow() throws IOException {
        return fail();
    }

    @Override
    public int select(final long timeout) throws IOException {
        return fail();
    }

    @Override
    public int select() throws IOException {
        return fail();
    }

    private synchronized int fail() throws IOException {
        selections++;
        throw new IOException("Bad file descriptor (test: broken selector)");
    }

    @Override
    public Selector wakeup() {
        return this;
    }

    /** A key that only remembers what it was given. */
    private static final class Key extends AbstractSelectionKey {
        private final SelectableChannel channel;
        private final Selector selector;
        private volatile int interestOps;

        Key(final SelectableChannel channel, final Selector selector, final int interestOps) {
            this.channel = channel;
            this.selector = selector;
            this.interestOps = interestOps;
        }

        @Override
        public SelectableChannel channel() {
            return channel;
        }

        @Override
        public Selector selector() {
            return selector;
        }

        @Override
        public int interestOps() {
            return interestOps;
        }

        @Override
        public SelectionKey interestOps(final int ops) {
            this.interestOps = ops;
            return this;
        }

        @Override
        public int readyOps() {
            return 0;
        }
    }
}
