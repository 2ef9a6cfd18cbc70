package dev.baton.pool;

/**
 * An intrusive doubly-linked list of idle {@link ServerConnection}s in insertion order: the head is the
 * oldest (purged and killed first), new connections join at the tail. O(1) link and unlink, no
 * allocation. Not thread-safe: every access holds the owning reactor's {@code idleConnsLock}.
 */
final class IdleList {
    private ServerConnection head;
    private ServerConnection tail;
    private int size;

    void addLast(final ServerConnection c) {
        c.prev = tail;
        c.next = null;
        if (tail == null) {
            head = c;
        } else {
            tail.next = c;
        }
        tail = c;
        c.list = this;
        size++;
    }

    void remove(final ServerConnection c) {
        if (c.prev == null) {
            head = c.next;
        } else {
            c.prev.next = c.next;
        }
        if (c.next == null) {
            tail = c.prev;
        } else {
            c.next.prev = c.prev;
        }
        c.prev = null;
        c.next = null;
        c.list = null;
        size--;
    }

    ServerConnection head() {
        return head;
    }

    /** The most recently added: reused first, as its server is the least likely to have closed it. */
    ServerConnection tail() {
        return tail;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * The most recent connection that sent {@code sni} as its TLS server name (null: none), or null; for a plain
     * server, the tail. Caller holds the lock of the list's pool.
     */
    ServerConnection latestWith(final String sni) {
        for (ServerConnection c = tail; c != null; c = c.prev) {
            if (java.util.Objects.equals(c.sni(), sni)) {
                return c;
            }
        }
        return null;
    }
}
