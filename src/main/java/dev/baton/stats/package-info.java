/**
 * Observability: the traffic counters ({@link dev.baton.counters.TrafficCounters}, one single-writer slice per
 * reactor), and the {@link dev.baton.stats.StatsSnapshot} that {@link dev.baton.stats.StatsCollector} reads
 * from a running baton ({@link dev.baton.stats.StatsSource}) without stopping any reactor.
 *
 * <p>Everything shown to operators is a pure function of a snapshot: the runtime API's answers
 * ({@code dev.baton.stats.cli}), the {@code show stat} CSV, the Prometheus exposition and the stats page
 * ({@code dev.baton.stats.render}). See docs/stats.md.
 */
package dev.baton.stats;
