package dev.baton.http.cache;

import dev.baton.http.HttpHead;
import dev.baton.http.HttpMethod;
import dev.baton.http.text.HeaderName;

import java.util.List;

/**
 * What RFC 7234 lets a shared cache do, as HAProxy 2.6 reads it (its {@code TX_CACHEABLE}, {@code TX_CACHE_COOK} and
 * {@code TX_CACHE_IGNORE} flags): whether a request may be answered from a cache and its response stored, whether a
 * response may be stored, how long it stays fresh, and whether a conditional request gets a 304. Stateless; any
 * thread; allocates (cache paths only).
 */
public final class Cacheability {
    /** The transaction may be stored (HAProxy's {@code TX_CACHEABLE}). */
    public static final int CACHEABLE = 1;
    /** No cookie forbids storing it ({@code TX_CACHE_COOK}). */
    public static final int COOKIE_OK = 2;
    /** Neither served from a cache nor stored ({@code TX_CACHE_IGNORE}). */
    public static final int IGNORE = 4;
    /** HAProxy's {@code CACHE_ENTRY_MAX_AGE}: the largest Age kept or announced. */
    static final long MAX_AGE_S = 2147483648L;

    static final HeaderName PRAGMA = HeaderName.of("Pragma");
    static final HeaderName AUTHORIZATION = HeaderName.of("Authorization");
    static final HeaderName CACHE_CONTROL = HeaderName.of("Cache-Control");
    static final HeaderName EXPIRES = HeaderName.of("Expires");
    static final HeaderName ETAG = HeaderName.of("ETag");
    static final HeaderName LAST_MODIFIED = HeaderName.of("Last-Modified");
    static final HeaderName DATE = HeaderName.of("Date");
    public static final HeaderName AGE = HeaderName.of("Age");
    public static final HeaderName VARY = HeaderName.of("Vary");
    static final HeaderName IF_NONE_MATCH = HeaderName.of("If-None-Match");
    static final HeaderName IF_MODIFIED_SINCE = HeaderName.of("If-Modified-Since");

    private Cacheability() {
    }

    /**
     * The flags of a request when {@code http-request cache-use} runs: cacheable when its method is safe; ignored
     * (no lookup, no storing) unless it is an HTTP/1.1 GET or HEAD, or when it carries Authorization, a
     * Cache-Control of {@code no-cache}, {@code max-age}, {@code max-stale} or {@code min-fresh}, or a Pragma
     * {@code no-cache} without Cache-Control; {@code no-store} forbids storing only.
     */
    public static int request(final HttpHead req) {
        final HttpMethod m = req.method();
        int flags = m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS || m == HttpMethod.TRACE
            ? CACHEABLE | COOKIE_OK : 0;
        if (req.version() < 11 || m != HttpMethod.GET && m != HttpMethod.HEAD) {
            flags |= IGNORE;
        }
        if ((flags & (CACHEABLE | IGNORE)) == IGNORE) {
            return flags;
        }
        final String pragma = HeaderValues.first(req, PRAGMA);
        final boolean pragmaNoCache = "no-cache".equalsIgnoreCase(pragma);
        if (HeaderValues.has(req, AUTHORIZATION)) {
            flags = flags & ~(CACHEABLE | COOKIE_OK) | IGNORE;
        }
        final List<String> cc = HeaderValues.split(req, CACHE_CONTROL);
        for (final String v : cc) {
            if (startsWith(v, "max-age") || startsWith(v, "no-cache") || startsWith(v, "max-stale")
                || startsWith(v, "min-fresh")) {
                flags |= IGNORE;
            } else if (startsWith(v, "no-store")) {
                flags &= ~(CACHEABLE | COOKIE_OK);
            }
        }
        if (cc.isEmpty() && HeaderValues.has(req, CACHE_CONTROL)) {
            return flags; // present though empty: Pragma is ignored all the same
        }
        return cc.isEmpty() && pragmaNoCache ? flags | IGNORE : flags;
    }

    /**
     * {@code flags} updated by the response {@code resp} (HAProxy's {@code http_check_response_for_cacheability}):
     * Pragma {@code no-cache}, Cache-Control {@code private}, {@code no-cache}, {@code no-store}, {@code max-age=0}
     * or {@code s-maxage=0} forbid storing, {@code public} allows it again, {@code no-cache="set-cookie"} forbids it
     * for cookies; a response with neither freshness (max-age, s-maxage, Expires) nor validator (ETag,
     * Last-Modified) is ignored.
     */
    public static int response(final int flags, final HttpHead resp) {
        int f = flags;
        if (resp.status() < 200) {
            return f & ~(CACHEABLE | COOKIE_OK);
        }
        if ("no-cache".equalsIgnoreCase(HeaderValues.first(resp, PRAGMA))) {
            return f & ~(CACHEABLE | COOKIE_OK);
        }
        boolean fresh = false;
        for (final String v : HeaderValues.split(resp, CACHE_CONTROL)) {
            if (v.equalsIgnoreCase("public")) {
                f |= CACHEABLE | COOKIE_OK;
            } else if (v.equalsIgnoreCase("private") || v.equalsIgnoreCase("no-cache") || v.equalsIgnoreCase("no-store")
                || v.equalsIgnoreCase("max-age=0") || v.equalsIgnoreCase("s-maxage=0")) {
                f &= ~(CACHEABLE | COOKIE_OK);
            } else if (startsWith(v, "no-cache=\"set-cookie")) {
                f &= ~COOKIE_OK;
            } else if (startsWith(v, "s-maxage") || startsWith(v, "max-age")) {
                fresh = true;
            }
        }
        if (!fresh) {
            fresh = HeaderValues.has(resp, EXPIRES);
        }
        if (!fresh && !HeaderValues.has(resp, ETAG) && !HeaderValues.has(resp, LAST_MODIFIED)) {
            f |= IGNORE;
        }
        return f;
    }

    /** Whether {@code flags} let a response be stored. */
    public static boolean storable(final int flags) {
        return (flags & (CACHEABLE | COOKIE_OK | IGNORE)) == (CACHEABLE | COOKIE_OK);
    }

    /**
     * The life of a stored response at {@code nowS}, as HAProxy's {@code http_calc_maxage}: {@code s-maxage}, else
     * {@code max-age}, else Expires minus now (0 when past or invalid), each capped by the cache's {@code max-age},
     * which applies alone when the response says nothing. Returns {effective, announced}; -1 for both when a
     * directive's value is not a number.
     */
    public static long[] maxAgeS(final HttpHead resp, final int cacheMaxAgeS, final long nowS) {
        long smaxage = -1;
        long maxage = -1;
        for (final String v : HeaderValues.split(resp, CACHE_CONTROL)) {
            final String s = directiveValue(v, "s-maxage");
            if (s != null) {
                smaxage = leadingNumber(s);
                if (smaxage < 0) {
                    return new long[] {-1, -1};
                }
            }
            final String m = directiveValue(v, "max-age");
            if (m != null) {
                maxage = leadingNumber(m);
                if (maxage < 0) {
                    return new long[] {-1, -1};
                }
            }
        }
        long expires = -1;
        if (maxage == -1 && smaxage == -1) {
            final String e = HeaderValues.first(resp, EXPIRES);
            if (e != null) {
                final long at = HttpDates.parse(e);
                expires = at == HttpDates.INVALID ? 0 : Math.max(0, at - nowS); // invalid: already stale (RFC 7234)
            }
        }
        if (smaxage > 0) {
            return new long[] {Math.min(smaxage, cacheMaxAgeS), smaxage};
        }
        if (maxage > 0) {
            return new long[] {Math.min(maxage, cacheMaxAgeS), maxage};
        }
        if (expires >= 0) {
            return new long[] {Math.min(expires, cacheMaxAgeS), expires};
        }
        return new long[] {cacheMaxAgeS, 0};
    }

    /**
     * The Age header of a response to store: its first value in seconds (capped), or -1 when it is not a positive
     * number (HAProxy then stores nothing), or 0 when there is none.
     */
    public static long originAgeS(final HttpHead resp) {
        if (!HeaderValues.has(resp, AGE)) {
            return 0;
        }
        final String v = HeaderValues.firstValue(resp, AGE);
        if (v == null || v.isEmpty()) {
            return -1;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            final char c = v.charAt(i);
            if (c < '0' || c > '9' || n > MAX_AGE_S) {
                return c >= '0' && c <= '9' ? MAX_AGE_S : -1;
            }
            n = n * 10 + (c - '0');
        }
        return n <= 0 ? -1 : Math.min(n, MAX_AGE_S);
    }

    /** The date a stored response was last modified: Last-Modified, else Date, else {@code nowS}. */
    public static long lastModifiedS(final HttpHead resp, final long nowS) {
        long at = HttpDates.parse(HeaderValues.first(resp, LAST_MODIFIED));
        if (at == HttpDates.INVALID || at == 0) {
            at = HttpDates.parse(HeaderValues.first(resp, DATE));
        }
        return at == HttpDates.INVALID || at == 0 ? nowS : at;
    }

    /** The response's ETag value, or null. */
    public static String etag(final HttpHead resp) {
        return HeaderValues.first(resp, ETAG);
    }

    /**
     * Whether a hit on {@code entry} is answered 304 Not Modified: an If-None-Match value {@code *} or matching the
     * stored ETag (weak comparison); without If-None-Match, an If-Modified-Since date not before the stored date.
     */
    public static boolean notModified(final HttpHead req, final CacheEntry entry) {
        final List<String> inm = HeaderValues.split(req, IF_NONE_MATCH);
        for (final String v : inm) {
            if (v.equals("*")) {
                return true;
            }
            if (entry.etag() == null) {
                return false;
            }
            if (weakEquals(entry.etag(), v)) {
                return true;
            }
        }
        if (!inm.isEmpty() || HeaderValues.has(req, IF_NONE_MATCH)) {
            return false;
        }
        final String ims = HeaderValues.first(req, IF_MODIFIED_SINCE);
        if (ims == null) {
            return false;
        }
        final long at = HttpDates.parse(ims);
        return at != HttpDates.INVALID && entry.lastModifiedS() <= at;
    }

    /** RFC 7232's weak comparison: both quoted, equal once a {@code W/} prefix is set aside. */
    private static boolean weakEquals(final String a, final String b) {
        final String x = a.startsWith("W/") ? a.substring(2) : a;
        final String y = b.startsWith("W/") ? b.substring(2) : b;
        return x.length() >= 2 && x.charAt(0) == '"' && x.charAt(x.length() - 1) == '"' && x.equals(y);
    }

    /** The text after {@code word=} when {@code v} is that directive (word case-insensitive), else null. */
    private static String directiveValue(final String v, final String word) {
        if (v.length() <= word.length() || !v.regionMatches(true, 0, word, 0, word.length())
            || v.charAt(word.length()) != '=') {
            return null;
        }
        return v.substring(word.length() + 1);
    }

    /** strtol's reading of a directive's value (one leading quote allowed): -1 when no digit comes first. */
    private static long leadingNumber(final String s) {
        int i = s.startsWith("\"") ? 1 : 0;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        boolean negative = false;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            negative = s.charAt(i) == '-';
            i++;
        }
        final int first = i;
        long n = 0;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9' && n < MAX_AGE_S * 16) {
            n = n * 10 + (s.charAt(i) - '0');
            i++;
        }
        return i == first || negative && n > 0 ? -1 : n;
    }

    private static boolean startsWith(final String v, final String prefix) {
        return v.regionMatches(true, 0, prefix, 0, prefix.length());
    }
}
