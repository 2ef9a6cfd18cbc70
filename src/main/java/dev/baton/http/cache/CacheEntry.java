package dev.baton.http.cache;

/**
 * One object of an {@link HttpCache}: the response head as {@code http-response cache-store} saw it (less its Age
 * header) and the body bytes as the client received them, with what HAProxy keeps beside them (its expiry, the
 * origin's Age, the date compared to If-Modified-Since and the ETag compared to If-None-Match).
 *
 * <p>Made by the reactor storing it, which alone appends to it while it is incomplete; once {@link #complete} is
 * set (under the cache's lock) its bytes never change and any reactor may read them without the lock: a hit keeps
 * a reference, so an entry evicted while it is being sent stays whole for that client.
 */
public final class CacheEntry {
    /** HAProxy's {@code sizeof(struct cache_entry)} on x86_64: counted in every object's size, as HAProxy counts it. */
    static final int HEADER_BYTES = 120;

    final CacheKey key;
    final byte[] head;
    /** The body, {@link #bodyLength} bytes of it; grown by the storing reactor only (show cache reads the length). */
    byte[] body;
    volatile int bodyLength;
    /** Written under the cache's lock; volatile: a reactor that found the entry reads it without. */
    volatile boolean complete;
    /** The 1 kB blocks the object holds in its cache; guarded by the cache's lock. */
    int blocks;
    /** Epoch seconds: HAProxy's {@code latest_validation} and {@code expire}. */
    final long validatedS;
    final long expireS;
    /** The origin's Age header (seconds), added to a hit's own. */
    final long originAgeS;
    /** Epoch seconds of Last-Modified, else Date, else the storing time. */
    final long lastModifiedS;
    /** The ETag value as the server sent it, or null. */
    final String etag;
    /** The Vary signature ({@link SecondaryKey} bits), 0 for an object that does not vary. */
    final int signature;
    /** Its secondary key ({@link SecondaryKey#LENGTH} bytes; zeros when it does not vary). */
    final byte[] secondary;

    /**
     * An object of {@code key} to store: its head, stored at {@code validatedS} (epoch seconds), fresh until
     * {@code expireS}, with the origin's Age, the date If-Modified-Since is compared to and the ETag (or null).
     */
    public CacheEntry(final CacheKey key, final byte[] head, final long validatedS, final long expireS,
                      final long originAgeS, final long lastModifiedS, final String etag) {
        this(key, head, validatedS, expireS, originAgeS, lastModifiedS, etag, 0, new byte[SecondaryKey.LENGTH]);
    }

    /** {@link #CacheEntry(CacheKey, byte[], long, long, long, long, String)} of a variant: its signature and key. */
    public CacheEntry(final CacheKey key, final byte[] head, final long validatedS, final long expireS,
                      final long originAgeS, final long lastModifiedS, final String etag, final int signature,
                      final byte[] secondary) {
        this.key = key;
        this.head = head;
        this.body = new byte[0];
        this.validatedS = validatedS;
        this.expireS = expireS;
        this.originAgeS = originAgeS;
        this.lastModifiedS = lastModifiedS;
        this.etag = etag;
        this.signature = signature;
        this.secondary = secondary;
    }

    /** Whether its whole body is stored: hits may use it. */
    public boolean isComplete() {
        return complete;
    }

    /** Its Vary signature (0: it does not vary). */
    public int signature() {
        return signature;
    }

    /** The stored response head (status line, headers, the blank line). Never modified. */
    public byte[] head() {
        return head;
    }

    /** The stored body: the first {@link #bodyLength()} bytes. Read only once the entry was found complete. */
    public byte[] body() {
        return body;
    }

    public int bodyLength() {
        return bodyLength;
    }

    public long lastModifiedS() {
        return lastModifiedS;
    }

    public String etag() {
        return etag;
    }

    /** The Age a hit announces at {@code nowS}: the time since it was stored plus the origin's, as HAProxy. */
    public long ageAt(final long nowS) {
        return Math.min(Math.max(0, nowS - validatedS) + originAgeS, Cacheability.MAX_AGE_S);
    }

    /** HAProxy's object size: its entry header, the stored head and the body. */
    int size() {
        return HEADER_BYTES + head.length + bodyLength;
    }

    static int blocksFor(final long bytes) {
        return (int) ((bytes + HttpCache.BLOCK_SIZE - 1) / HttpCache.BLOCK_SIZE);
    }
}
