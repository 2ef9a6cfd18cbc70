package dev.baton.stats;

import java.util.List;

/**
 * Every number the runtime API, the Prometheus exporter and the stats page show, read at one moment by
 * {@link StatsCollector}. Immutable; the renderers are pure functions of it. Values are read one by one
 * without stopping traffic, so two of them may disagree by the few connections that changed in between.
 *
 * @param process  process-wide figures ({@code show info})
 * @param proxies  every proxy in configuration order ({@code show stat})
 * @param threads  one entry per reactor, by thread number ({@code show activity})
 */
public record StatsSnapshot(ProcessStats process, List<ProxyStats> proxies, List<ThreadStats> threads) {
    public StatsSnapshot {
        proxies = List.copyOf(proxies);
        threads = List.copyOf(threads);
    }

    /** The proxy named {@code name}, or null. */
    public ProxyStats proxy(final String name) {
        for (final ProxyStats p : proxies) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
