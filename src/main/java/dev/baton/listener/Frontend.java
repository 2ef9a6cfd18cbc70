package dev.baton.listener;

import dev.baton.backend.Backend;
import dev.baton.config.ProxyConfig;
import dev.baton.log.TrafficLog;
import dev.baton.reactor.Peaks;
import dev.baton.counters.EventRate;
import dev.baton.counters.TrafficCounters;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A frontend (or the front half of a listen section) at run time: where its clients go and how many it
 * has. Shared by every reactor; counters are atomic.
 */
public final class Frontend {
    private final TrafficCounters counters = new TrafficCounters();
    private final EventRate connRate = new EventRate();
    private final EventRate sessionRate = new EventRate();
    private final EventRate requestRate = new EventRate();
    private final ProxyConfig config;
    private final Backend defaultBackend;
    private final TrafficLog log;
    private final AtomicInteger currConns = new AtomicInteger();
    private final AtomicInteger maxConns = new AtomicInteger();
    private final AtomicInteger totalConns = new AtomicInteger();
    private volatile int maxconn;
    private Backend[] switchTargets = new Backend[0];
    private dev.baton.spoe.SpoeRuntime[] spoe = new dev.baton.spoe.SpoeRuntime[0];
    private java.util.function.Function<String, Backend> backends = name -> null;
    private dev.baton.stick.StickTables stickTables = dev.baton.stick.StickTables.NONE;
    private java.util.List<dev.baton.counters.ListenerCounters> listenerCounters = java.util.List.of();

    public Frontend(final ProxyConfig config, final Backend defaultBackend, final TrafficLog log) {
        this.config = config;
        this.defaultBackend = defaultBackend;
        this.log = log;
        this.maxconn = config.maxconn();
    }

    public ProxyConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    public Backend defaultBackend() {
        return defaultBackend;
    }

    /** Its SPOE engines ({@code filter spoe} lines), in order; at start-up only. */
    public void spoe(final dev.baton.spoe.SpoeRuntime[] engines) {
        this.spoe = engines.clone();
    }

    /** Its SPOE engines, empty when none. */
    public dev.baton.spoe.SpoeRuntime[] spoe() {
        return spoe;
    }

    /** The backends of the {@code use_backend} rules, in rule order; at start-up only. */
    public void switchTargets(final Backend[] targets) {
        this.switchTargets = targets.clone();
    }

    /** Every backend by name, for fetches that name one ({@code nbsrv(BE)}); set at start-up only. */
    public void backends(final java.util.function.Function<String, Backend> lookup) {
        this.backends = lookup;
    }

    /** The stick tables of this frontend's generation ({@code track-sc}, {@code src_*}); set at start-up only. */
    public void stickTables(final dev.baton.stick.StickTables tables) {
        this.stickTables = tables;
    }

    public dev.baton.stick.StickTables stickTables() {
        return stickTables;
    }

    /**
     * The counters of each bind address ({@code option socket-stats}), in the order of {@code config().binds()}; set
     * at start-up only, before any client is accepted.
     */
    public void listenerCounters(final java.util.List<dev.baton.counters.ListenerCounters> counters) {
        this.listenerCounters = java.util.List.copyOf(counters);
    }

    /** The counters of each bind address in bind order; empty without {@code option socket-stats}. Any thread. */
    public java.util.List<dev.baton.counters.ListenerCounters> listenerCounters() {
        return listenerCounters;
    }

    /** The backend called {@code name}, or null. */
    public Backend backendNamed(final String name) {
        return backends.apply(name);
    }

    /** The backend of the {@code i}th {@code use_backend} rule. */
    public Backend switchTarget(final int i) {
        return switchTargets[i];
    }

    public TrafficLog log() {
        return log;
    }

    /** This frontend's connection limit; 0 means only the global limit applies. */
    public int maxconn() {
        return maxconn;
    }

    public void maxconn(final int maxconn) {
        this.maxconn = maxconn;
    }

    /** Current clients of this frontend (HAProxy's feconn). */
    public AtomicInteger currConns() {
        return currConns;
    }

    public int maxConns() {
        return maxConns.get();
    }

    public int totalConns() {
        return totalConns.get();
    }

    /** A client was accepted by reactor {@code reactorId} at {@code nowNs}, {@code current} now connected. */
    void countAccepted(final int current, final int reactorId, final long nowNs) {
        totalConns.incrementAndGet();
        Peaks.raise(maxConns, current);
        connRate.add(reactorId, nowNs);
    }

    /** Connections accepted per second (conn_rate, conn_rate_max). */
    public EventRate connRate() {
        return connRate;
    }

    /** Sessions started per second (rate, rate_max): connections past the tcp-request connection/session rules. */
    public EventRate sessionRate() {
        return sessionRate;
    }

    /** HTTP requests received per second (req_rate, req_rate_max). */
    public EventRate requestRate() {
        return requestRate;
    }

    /** Cumulative traffic counters, one single-writer slice per reactor. */
    public TrafficCounters counters() {
        return counters;
    }

    @Override
    public String toString() {
        return name();
    }
}
