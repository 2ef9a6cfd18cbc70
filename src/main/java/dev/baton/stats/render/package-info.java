/**
 * Pure renderers of a {@link dev.baton.stats.StatsSnapshot}: HAProxy's {@code show stat} CSV
 * ({@link dev.baton.stats.render.StatCsv}), the Prometheus text exposition with HAProxy's exporter names
 * ({@link dev.baton.stats.render.PrometheusExposition}) and the HTML stats page
 * ({@link dev.baton.stats.render.StatsPage}). The last two are ready for HTTP mode to serve.
 */
package dev.baton.stats.render;
