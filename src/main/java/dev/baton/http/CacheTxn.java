package dev.baton.http;

import dev.baton.counters.Counter;
import dev.baton.counters.TrafficCounters;
import dev.baton.http.cache.CacheEntry;
import dev.baton.http.cache.CacheKey;
import dev.baton.http.cache.Cacheability;
import dev.baton.http.cache.HttpCache;
import dev.baton.http.cache.SecondaryKey;
import dev.baton.http.rules.CacheRule;
import dev.baton.http.text.HeaderName;

import java.nio.ByteBuffer;

/**
 * What the cache rules of one request know (HAProxy's {@code txn->cache_hash} and cache flags): the key
 * {@code cache-use} computed, the object it found, and the object {@code cache-store} is filling with the response
 * as it goes to the client. One per request workspace, cleared per request; reactor thread only. Only requests whose
 * rules name a cache get here: the others never allocate nor lock anything of it.
 */
final class CacheTxn {
    private int reactorId;
    /** The counters of the proxy whose rule list is running ({@code cache_lookups}, {@code cache_hits}). */
    private TrafficCounters counters;
    private int flags;
    /** The request's key, null while no {@code cache-use} keyed it. */
    private CacheKey key;
    private HttpMethod method;
    private int version;
    private CacheEntry hit;
    /** The request's secondary key ({@code process-vary on}), valid when {@link #hasSecondary}; reused. */
    private byte[] secondary;
    private boolean hasSecondary;
    /** The name of the cache {@link #hit} comes from. */
    private byte[] hitCacheName;
    /**
     * The response is compressed by the frontend's compression while a backend's rules store it: HAProxy's frontend
     * filter comes before the backend's cache filter, which then gives up on it.
     */
    private boolean compressedFirst;
    /** The frontend's response rules are running (after the backend's). */
    private boolean frontendRules;
    /**
     * The objects being filled with the response, one per cache its {@code cache-store} rules name (HAProxy runs one
     * cache filter per cache); made on the first response stored, empty while none is.
     */
    private java.util.ArrayList<CacheEntry> storing;
    private java.util.ArrayList<HttpCache> storeCaches;
    /** Made on the first response stored: the head as the rules left it, parsed again. */
    private HeadParser parser;
    private HttpHead rendered;

    /** A new request on reactor {@code id}: nothing known yet. */
    void begin(final int id) {
        clear();
        reactorId = id;
    }

    /** The rules of the proxy counting in {@code c} run next. */
    void rulesOf(final TrafficCounters c) {
        counters = c;
    }

    /** The name of the cache whose object answers the request ({@code res.cache_name}), or null. */
    byte[] hitCacheName() {
        return hitCacheName;
    }

    /** The object {@code cache-use} found for the request, or null. */
    CacheEntry hit() {
        return hit;
    }

    /**
     * {@code http-request cache-use}: keys {@code req} (every method: a successful unsafe one invalidates the
     * object) and, when it may be served from the cache, looks it up ({@code cache_lookups}, {@code cache_hits}).
     */
    void use(final CacheRule rule, final HttpHead req) {
        flags = Cacheability.request(req);
        method = req.method();
        version = req.version();
        key = keyOf(req);
        if (key == null || (flags & Cacheability.IGNORE) != 0) {
            return;
        }
        count(Counter.CACHE_LOOKUPS);
        final HttpCache cache = rule.cache().cache();
        final long now = nowS();
        CacheEntry found = cache.lookup(key, now);
        if (found != null && found.isComplete()) {
            if (found.signature() != 0) {
                // a key with variants: the request's secondary key for the parts that object varies on
                hasSecondary = SecondaryKey.build(req, found.signature(), secondary());
                found = hasSecondary ? cache.variant(found, secondary, now) : null;
            }
            if (found != null) {
                hit = found;
                hitCacheName = cache.nameBytes();
                count(Counter.CACHE_HITS);
            }
        } else if (found == null && cache.processVary()) {
            // nothing stored yet: every part, until the response tells which ones it varies on
            hasSecondary = SecondaryKey.build(req, SecondaryKey.ALL, secondary());
        }
    }

    /** The request's secondary key, made on first use (only caches with {@code process-vary on} need one). */
    private byte[] secondary() {
        if (secondary == null) {
            secondary = new byte[SecondaryKey.LENGTH];
        }
        return secondary;
    }

    /**
     * The response is about to meet the backend's rules; {@code compressedByFrontend}: the frontend's compression
     * compresses it (and the backend is another proxy).
     */
    void responseStarts(final boolean compressedByFrontend) {
        compressedFirst = compressedByFrontend;
        frontendRules = false;
    }

    /** The frontend's response rules run next. */
    void frontendResponseRules() {
        frontendRules = true;
    }

    /**
     * {@code http-response cache-store}: starts storing {@code resp} as {@code edits} leave it now, when HAProxy
     * would: a 200 to an HTTP/1.1 GET keyed by {@code cache-use}, not from a cache, not compressed by a frontend
     * before a backend's rule (a compression of the rule's own proxy comes after: the object is stored uncompressed,
     * head and body as the server sent them), without Vary,
     * within {@code max-object-size} by its Content-Length, storable by its Cache-Control/Pragma, with an Age that
     * is a positive number not over its announced max-age (the Age header then leaves the response). A successful
     * unsafe method removes the object instead.
     */
    void store(final CacheRule rule, final HttpHead resp, final HeaderEdits edits) {
        if (hit != null || key == null || version < 11) {
            return;
        }
        final HttpCache cache = rule.cache().cache();
        final int status = resp.status();
        if (method != HttpMethod.GET) {
            if (status >= 200 && status < 400 && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS
                && method != HttpMethod.TRACE) {
                cache.invalidate(key, nowS());
            }
            return;
        }
        if (status != 200 || compressedFirst && !frontendRules) {
            return;
        }
        HttpHead view = render(resp, edits);
        if (view == null) {
            return;
        }
        if (view.contentLength() >= 0 && !view.transferEncoding()
            && view.headLength() + view.contentLength() > cache.maxObjectSize()) {
            return;
        }
        final int signature = cache.processVary() ? SecondaryKey.signature(view)
            : view.indexOf(Cacheability.VARY, 0) >= 0 ? -1 : 0; // process-vary off: a response that varies is not stored
        if (signature < 0 || signature != 0 && !hasSecondary) {
            return;
        }
        final byte[] variant = new byte[SecondaryKey.LENGTH];
        if (signature != 0) {
            SecondaryKey.reduce(signature, secondary);
            System.arraycopy(secondary, 0, variant, 0, SecondaryKey.LENGTH);
            if (!SecondaryKey.responseEncoding(view, variant)) {
                return; // an encoding HAProxy does not know, on a response that varies on Accept-Encoding
            }
        }
        if (!Cacheability.storable(Cacheability.response(flags, view))) {
            return;
        }
        final long now = nowS();
        final long[] maxAge = Cacheability.maxAgeS(view, cache.maxAgeS(), now);
        final long originAge = Cacheability.originAgeS(view);
        final long lastModified = Cacheability.lastModifiedS(view, now);
        final String etag = Cacheability.etag(view);
        final boolean hasAge = view.indexOf(Cacheability.AGE, 0) >= 0;
        if (hasAge && originAge > 0 && originAge <= maxAge[1]) {
            edits.dropAll(resp, Cacheability.AGE); // kept in the entry, the client of this response sees none
            edits.removeAdded(Cacheability.AGE);
            view = render(resp, edits);
            if (view == null) {
                return;
            }
        }
        final byte[] head = new byte[view.headLength()];
        view.buffer().get(0, head);
        final CacheEntry entry = cache.begin(new CacheEntry(key, head, now, now + maxAge[0], Math.max(0, originAge),
            lastModified, etag, signature, variant), signature != 0 ? secondary : null);
        if (entry == null) {
            return;
        }
        if (hasAge && (originAge <= 0 || originAge > maxAge[1]) || maxAge[0] < 0) {
            cache.abandon(entry); // a stale or unreadable Age: HAProxy drops the object it had begun
            return;
        }
        if (storing == null) {
            storing = new java.util.ArrayList<>(1);
            storeCaches = new java.util.ArrayList<>(1);
        }
        storing.add(entry);
        storeCaches.add(cache);
    }

    /** Whether the response's body bytes are to be given to {@link #body}. */
    boolean storing() {
        return storing != null && !storing.isEmpty();
    }

    /** Body bytes the server sent (before any compression): {@code in} from {@code from} to {@code to}. */
    void body(final ByteBuffer in, final int from, final int to) {
        for (int i = storing.size() - 1; i >= 0; i--) {
            if (!storeCaches.get(i).append(storing.get(i), in, from, to)) {
                storing.remove(i); // grew past max-object-size, or no room: not stored, the client still gets it all
                storeCaches.remove(i);
            }
        }
    }

    /** The exchange ended: a whole response becomes a usable object, a cut one is dropped. */
    void end(final boolean wholeResponse) {
        if (storing == null) {
            return;
        }
        for (int i = 0; i < storing.size(); i++) {
            if (wholeResponse) {
                storeCaches.get(i).complete(storing.get(i));
            } else {
                storeCaches.get(i).abandon(storing.get(i));
            }
        }
        storing.clear();
        storeCaches.clear();
    }

    /** Forgets the request; an object still being filled is dropped. */
    void clear() {
        end(false);
        counters = null;
        flags = 0;
        key = null;
        method = null;
        version = 0;
        hit = null;
        hasSecondary = false;
        hitCacheName = null;
        compressedFirst = false;
        frontendRules = false;
    }

    /** The head with {@code edits}, parsed again (what HAProxy's rules see); null if it cannot be. */
    private HttpHead render(final HttpHead resp, final HeaderEdits edits) {
        final ByteBuffer buf = ByteBuffer.allocate(HeadWriter.size(resp, edits));
        if (!HeadWriter.write(resp, edits, buf)) {
            return null;
        }
        buf.flip();
        if (parser == null) {
            parser = new HeadParser(false, Integer.MAX_VALUE / 2);
            rendered = new HttpHead();
        }
        parser.reset();
        final int r = parser.parse(buf, rendered);
        return r < 0 ? null : rendered;
    }

    private void count(final Counter c) {
        if (counters != null) {
            counters.increment(reactorId, c);
        }
    }

    private static long nowS() {
        return System.currentTimeMillis() / 1000;
    }

    /** HAProxy's key of {@code req}: its absolute target, else "https://", its Host and its target; null without. */
    private static CacheKey keyOf(final HttpHead req) {
        final int length = req.targetLength();
        if (length == 0) {
            return null;
        }
        final ByteBuffer b = req.buffer();
        final byte[] target = new byte[length];
        b.get(req.targetStart(), target);
        if (req.authorityLength() > 0) {
            return CacheKey.of(null, target, 0, length);
        }
        final int h = req.indexOf(HeaderName.HOST, 0);
        if (h < 0) {
            return null;
        }
        final byte[] host = new byte[req.valueLength(h)];
        b.get(req.valueStart(h), host);
        return CacheKey.of(new String(host, java.nio.charset.StandardCharsets.ISO_8859_1), target, 0, length);
    }
}
