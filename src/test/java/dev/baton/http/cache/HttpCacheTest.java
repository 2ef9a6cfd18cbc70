package dev.baton.http.cache;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The store: its blocks, its size limits, least recently used eviction, expiry, and objects being stored. */
class HttpCacheTest {
    private static final long NOW = 1_700_000_000L;
    private static final byte[] HEAD = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static CacheKey key(final String path) {
        final byte[] t = path.getBytes(StandardCharsets.US_ASCII);
        return CacheKey.of("h", t, 0, t.length);
    }

    /** Stores {@code bodyBytes} bytes under {@code path}; the entry, or null when it was not stored. */
    private static CacheEntry store(final HttpCache cache, final String path, final int bodyBytes, final long expireS) {
        final CacheEntry e = cache.begin(new CacheEntry(key(path), HEAD, NOW, expireS, 0, NOW, null));
        if (e == null) {
            return null;
        }
        final ByteBuffer body = ByteBuffer.allocate(bodyBytes);
        if (!cache.append(e, body, 0, bodyBytes)) {
            return null;
        }
        cache.complete(e);
        return e;
    }

    @Test
    void anObjectIsFoundUntilItExpires() {
        final HttpCache cache = new HttpCache("c", 1024, 10_000, 60);
        final CacheEntry e = store(cache, "/a", 100, NOW + 5);
        assertSame(e, cache.lookup(key("/a"), NOW + 4));
        assertNull(cache.lookup(key("/b"), NOW));
        assertNull(cache.lookup(key("/a"), NOW + 5), "expired");
        assertEquals(0, cache.usedBlocks(), "an expired object found is removed");
    }

    @Test
    void anObjectBeingStoredIsNeitherServedNorStoredTwice() {
        final HttpCache cache = new HttpCache("c", 1024, 10_000, 60);
        final CacheEntry filling = cache.begin(new CacheEntry(key("/a"), HEAD, NOW, NOW + 60, 0, NOW, null));
        assertNotNull(filling);
        assertFalse(cache.lookup(key("/a"), NOW).isComplete(), "found, but not to be served");
        assertNull(cache.begin(new CacheEntry(key("/a"), HEAD, NOW, NOW + 60, 0, NOW, null)), "being stored");
        cache.abandon(filling);
        assertEquals(0, cache.usedBlocks());
        assertNotNull(store(cache, "/a", 10, NOW + 60));
    }

    @Test
    void anObjectGrowingPastMaxObjectSizeIsDropped() {
        final HttpCache cache = new HttpCache("c", 1024, 3000, 60);
        final CacheEntry e = cache.begin(new CacheEntry(key("/a"), HEAD, NOW, NOW + 60, 0, NOW, null));
        final ByteBuffer chunk = ByteBuffer.allocate(1000);
        assertTrue(cache.append(e, chunk, 0, 1000));
        assertTrue(cache.append(e, chunk, 0, 1000));
        assertEquals(false, cache.append(e, chunk, 0, 1000), "120 + 19 + 3000 bytes is over 3000");
        assertEquals(0, cache.usedBlocks(), "its blocks came back");
        assertNull(cache.lookup(key("/a"), NOW));
    }

    @Test
    void theLeastRecentlyUsedObjectsMakeRoomWhenTheBlocksRunOut() {
        final HttpCache cache = new HttpCache("c", 10, 5 * 1024, 60); // 10 blocks
        assertNotNull(store(cache, "/1", 3000, NOW + 60)); // 4 blocks each (header, head, body)
        assertNotNull(store(cache, "/2", 3000, NOW + 60));
        assertNotNull(cache.lookup(key("/1"), NOW), "/1 used last");
        assertNotNull(store(cache, "/3", 3000, NOW + 60));
        assertNull(cache.lookup(key("/2"), NOW), "evicted: least recently used");
        assertNotNull(cache.lookup(key("/1"), NOW));
        assertNotNull(cache.lookup(key("/3"), NOW));
        assertEquals(8, cache.usedBlocks());
    }

    @Test
    void showListsFreshObjectsInHashOrder() {
        final HttpCache cache = new HttpCache("c", 1024, 10_000, 60);
        store(cache, "/a", 1000, NOW + 30);
        store(cache, "/b", 10, NOW - 1);
        final StringBuilder out = new StringBuilder();
        cache.show(NOW, "0x7f000000103a", "0x7f0000001000", out);
        final String[] lines = out.toString().split("\n");
        assertEquals("0x7f000000103a: c (shctx:0x7f0000001000, available blocks:1024)", lines[0]);
        assertEquals(2, lines.length, out.toString());
        assertTrue(lines[1].matches("0x[0-9a-f]{12} hash:" + key("/a").treeKey()
            + " vary:0x0000000000000000 size:1139 \\(2 blocks\\), refcount:0, expire:30"), lines[1]);
    }
}
