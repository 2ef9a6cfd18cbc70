package dev.baton.config;

import dev.baton.http.cache.CacheRef;
import dev.baton.http.cache.HttpCache;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code cache NAME} sections (HAProxy 2.6 manual 6.2.1) as they are read: {@code total-max-size} (megabytes,
 * 1..4095, required), {@code max-object-size} (bytes, at most half the total; default a 256th of it),
 * {@code max-age} (seconds, default 60), {@code process-vary on|off} (default off) and
 * {@code max-secondary-entries} (default 10, the variants of one key with {@code process-vary on}). Then the {@code cache-use}/{@code cache-store} rules are pointed at the caches they name. Single-threaded, one per
 * load; the caches it builds are new and empty, as a reloaded HAProxy's.
 */
final class CacheSections {
    /** HAProxy's limit: {@code UINT_MAX >> 20} megabytes. */
    static final int MAX_TOTAL_MB = 4095;
    /** HAProxy truncates longer names. */
    static final int MAX_NAME = 32;
    static final int DEFAULT_MAX_AGE_S = 60;
    /** HAProxy's {@code DEFAULT_MAX_SECONDARY_ENTRY}. */
    static final int DEFAULT_MAX_SECONDARY_ENTRIES = 10;
    /** A section being read: its values so far. */
    private static final class Draft {
        final String name;
        final SourceLocation where;
        int totalMb;
        long maxObjectSize;
        int maxAgeS = DEFAULT_MAX_AGE_S;
        boolean processVary;
        int maxSecondaryEntries = DEFAULT_MAX_SECONDARY_ENTRIES;

        Draft(final String name, final SourceLocation where) {
            this.name = name;
            this.where = where;
        }
    }

    private final Map<String, Draft> drafts = new LinkedHashMap<>();
    private Draft current;
    private Map<String, HttpCache> built = Map.of();

    /** {@code cache NAME}: a new section (a name used twice is an error, as in HAProxy). */
    void open(final Directive d) {
        current = null;
        String name = d.require(1, "cache", "a <name> argument");
        d.noMoreThan(2, "cache");
        if (name.length() > MAX_NAME) {
            name = name.substring(0, MAX_NAME);
            d.warning("cache name is limited to " + MAX_NAME + " characters, truncate to '" + Messages.echo(name)
                + "'.");
        }
        if (drafts.containsKey(name)) {
            throw new LineError("Duplicate cache name '" + Messages.echo(name) + "'.");
        }
        current = new Draft(name, d.where());
        drafts.put(name, current);
    }

    void close() {
        current = null;
    }

    /** A line of the open section. */
    void line(final Directive d) {
        if (current == null) {
            return; // the header was refused and reported
        }
        final String kw = d.keyword();
        switch (kw) {
            case "total-max-size":
                d.noMoreThan(2, kw);
                current.totalMb = d.intArg(1, kw, 0, MAX_TOTAL_MB);
                break;
            case "max-object-size":
                d.noMoreThan(2, kw);
                current.maxObjectSize = d.intArg(1, kw, 0, Integer.MAX_VALUE);
                break;
            case "max-age":
                d.noMoreThan(2, kw);
                current.maxAgeS = d.intArg(1, kw, 0, Integer.MAX_VALUE);
                break;
            case "process-vary": {
                d.noMoreThan(2, kw);
                final String v = d.require(1, kw, "\"on\" or \"off\"");
                if (!v.equals("on") && !v.equals("off")) {
                    throw new LineError(Messages.badValue(kw, "\"on\" or \"off\"", v));
                }
                current.processVary = v.equals("on");
                break;
            }
            case "max-secondary-entries":
                d.noMoreThan(2, kw);
                current.maxSecondaryEntries = d.intArg(1, kw, 1, Integer.MAX_VALUE);
                break;
            default:
                throw new LineError("unknown keyword '" + Messages.echo(kw) + "' in 'cache' section");
        }
    }

    /** Builds the caches once every section was read; a section without a size is an error, as in HAProxy. */
    void finish(final Diagnostics diag) {
        final Map<String, HttpCache> out = new LinkedHashMap<>();
        for (final Draft c : drafts.values()) {
            if (c.totalMb <= 0) {
                diag.error(c.where, "Size not specified for cache '" + Messages.echo(c.name) + "'");
                continue;
            }
            final long totalBytes = (long) c.totalMb << 20;
            long maxObject = c.maxObjectSize;
            if (maxObject == 0) {
                maxObject = totalBytes >> 8;
            } else if (maxObject > totalBytes / 2) {
                diag.error(c.where, "\"max-object-size\" is limited to an half of \"total-max-size\" => "
                    + totalBytes / 2);
                continue;
            }
            out.put(c.name, new HttpCache(c.name, (int) (totalBytes / HttpCache.BLOCK_SIZE), (int) maxObject,
                c.maxAgeS, c.processVary, c.maxSecondaryEntries));
        }
        built = out;
    }

    /** The caches built by {@link #finish}, by name, in file order. */
    Map<String, HttpCache> caches() {
        return built;
    }

    /** Points the cache rules of proxy {@code proxy} at the caches built; an unknown name is an error, as in HAProxy. */
    void resolve(final List<Use> uses, final String kind, final String proxy, final Diagnostics diag) {
        for (final Use use : uses) {
            final HttpCache cache = built.get(use.ref().name());
            if (cache == null) {
                diag.error(use.where(), kind + " '" + proxy + "': unable to find the cache '"
                    + Messages.echo(use.ref().name()) + "' referenced by the filter 'cache'.");
                continue;
            }
            use.ref().resolve(cache);
        }
    }

    /** A cache named by a rule, where. */
    record Use(CacheRef ref, SourceLocation where) {
    }
}
