package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.http.cache.HttpCache;
import dev.baton.stats.cli.CliContext;

import java.util.List;

/**
 * {@code show cache}: each {@code cache} section of the running configuration, in file order, in HAProxy's layout:
 * a line with the cache and its available blocks, then one line per fresh object (its hash, size, blocks and the
 * seconds it has left). HAProxy prints memory addresses where baton prints stand-ins of the same shape. Level admin,
 * as in HAProxy. Runs on reactor 0; each cache is read under its own lock.
 */
final class ShowCacheCommand extends BaseCommand {
    /** Where HAProxy's cache structure lies in its shared context, as its two addresses show it. */
    private static final long CACHE_OFFSET = 0x3a;

    ShowCacheCommand() {
        super("show cache", "show cache status", AccessLevel.ADMIN, "show", "cache");
    }

    @Override
    public void run(final CliContext context, final List<String> args, final StringBuilder out) {
        final long nowS = System.currentTimeMillis() / 1000;
        for (final HttpCache cache : context.source().config().caches().values()) {
            final long shctx = 0x7f0000000000L | (System.identityHashCode(cache) & 0xfffffff0L);
            cache.show(nowS, String.format("0x%012x", shctx + CACHE_OFFSET), String.format("0x%012x", shctx), out);
        }
    }
}
