package dev.baton.stats;

import dev.baton.counters.Counter;
import dev.baton.counters.EventRate;
import dev.baton.counters.SlidingTime;
import dev.baton.counters.StreamTimes;
import dev.baton.counters.TrafficCounters;
import dev.baton.backend.Backend;
import dev.baton.backend.BackendAvailability;
import dev.baton.backend.CheckReport;
import dev.baton.backend.Server;
import dev.baton.config.AgentCheckOptions;
import dev.baton.config.Mode;
import dev.baton.backend.ServerState;
import dev.baton.pool.ServerPool;
import dev.baton.config.ProxyConfig;
import dev.baton.listener.Frontend;
import dev.baton.reactor.Reactor;
import dev.baton.reactor.ReactorStats;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a {@link StatsSnapshot} from a running baton. Any thread; reads volatile and atomic fields only,
 * so it never waits for a reactor. Allocates the snapshot: call it per request, not per connection.
 */
public final class StatsCollector {
    /** The product name shown by {@code show info} and the stats page. */
    public static final String PRODUCT = "baton";

    private StatsCollector() {
    }

    /** Everything at once; {@code nowEpochMs} dates the uptime. */
    public static StatsSnapshot collect(final StatsSource source, final long nowEpochMs) {
        final int nbthread = source.reactors().size();
        final List<ProxyStats> proxies = new ArrayList<>();
        long cumConns = 0;
        long cumStreams = 0;
        long cumReq = 0;
        int position = 0;
        for (final ProxyConfig p : source.config().proxies()) {
            position++;
            if (p.disabled()) {
                continue; // a disabled proxy never started: HAProxy's stats skip it
            }
            // a configuration built by hand has no ids: its position stands in
            final int iid = p.extras().id() > 0 ? p.extras().id() : position;
            final Frontend fe = p.kind().isFrontend() ? source.frontend(p.name()) : null;
            final Backend be = p.kind().isBackend() ? source.backend(p.name()) : null;
            final FrontendStats feStats = fe == null ? null : frontend(fe, source.limits().globalMax());
            if (feStats != null) {
                cumConns += feStats.connTot();
                cumStreams += feStats.stot();
                cumReq += fe.counters().get(Counter.REQUESTS);
            }
            final List<ServerStats> servers = new ArrayList<>();
            if (be != null) {
                for (final Server s : be.servers()) {
                    servers.add(server(s, source.serverPool(s), nbthread));
                }
            }
            proxies.add(new ProxyStats(p.name(), iid, p.mode().name().toLowerCase(Locale.ROOT), feStats,
                be == null ? null : backend(be), servers, p.extras().description(),
                be == null || p.http().cookie() == null ? null : p.http().cookie().name(),
                fe == null ? List.of() : ListenerRows.of(fe, source.listeners())));
        }
        final List<ThreadStats> threads = new ArrayList<>();
        for (int i = 0; i < nbthread; i++) {
            threads.add(thread(source.reactors().get(i)));
        }
        final long uptimeMs = Math.max(0, nowEpochMs - source.startEpochMs());
        final ProcessStats process = new ProcessStats(PRODUCT, version(), ProcessHandle.current().pid(), nbthread,
            source.startEpochMs(), uptimeMs, source.fileLimit(), source.fds().maxsock(), source.limits().globalMax(),
            source.limits().globalCurrent(), cumConns, source.liveStreams(), cumStreams, source.listeners().size(),
            source.fds().open(), cumReq, JvmStats.now());
        return new StatsSnapshot(process, proxies, threads);
    }

    /** The version in the jar's manifest, or {@code dev} when run from classes. */
    public static String version() {
        final String v = StatsCollector.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    private static FrontendStats frontend(final Frontend fe, final int globalMax) {
        final int slim = fe.maxconn() > 0 ? fe.maxconn() : globalMax;
        final TrafficCounters c = fe.counters();
        final long nowNs = System.nanoTime();
        final ActivityStats activity = new ActivityStats(fe.sessionRate().perSecond(nowNs), fe.sessionRate().max(),
            fe.requestRate().perSecond(nowNs), fe.requestRate().max(), fe.connRate().perSecond(nowNs),
            fe.connRate().max(), -1, ActivityStats.Time.NONE, ActivityStats.Time.NONE, ActivityStats.Time.NONE, -1,
            null);
        return new FrontendStats(fe.currConns().get(), fe.maxConns(), slim, c.get(Counter.SESSIONS),
            c.get(Counter.BYTES_IN), c.get(Counter.BYTES_OUT), fe.totalConns(), "OPEN", c.get(Counter.REQUESTS),
            TrafficTotals.of(c), activity, CompressionStats.of(c));
    }

    /**
     * The rates and times of a backend or server: {@code rate} its sessions, {@code ctime}/{@code rtime}/{@code ttime}
     * averaged over {@code requests} as {@code qtime} is (SlidingTime), {@code lastSessSec} given by the caller.
     */
    private static ActivityStats activity(final EventRate sessions, final StreamTimes times, final long requests,
                                          final long lastSessSec, final int throttle, final String tracked) {
        final long nowNs = System.nanoTime();
        return new ActivityStats(sessions.perSecond(nowNs), sessions.max(), 0, 0, 0, 0, lastSessSec,
            time(times.connect(), requests), time(times.response(), requests), time(times.total(), requests), throttle,
            tracked);
    }

    private static ActivityStats.Time time(final SlidingTime t, final long requests) {
        return new ActivityStats.Time(t.average(requests), t.exporterAverage(), t.max());
    }

    /** One backend's figures; package-private for tests that build a backend by hand. */
    static BackendStats backend(final Backend be) {
        int actWeight = 0;
        int bckWeight = 0;
        int uweight = 0;
        int act = 0;
        int bck = 0;
        for (final Server s : be.servers()) {
            if (!s.isBackup()) {
                uweight += s.weight();
            }
            if (s.isEligible()) {
                if (s.isBackup()) {
                    bck++;
                    bckWeight += s.weight();
                } else {
                    act++;
                    actWeight += s.weight();
                }
            }
        }
        final int weight = act > 0 ? actWeight : bckWeight;
        final String status = weight > 0 || be.servers().isEmpty() ? "UP" : "DOWN";
        final BackendAvailability a = be.availability();
        final long nowNs = System.nanoTime();
        // HAProxy stamps a backend's last session when it gives a stream a server: the latest of its servers'
        long lastSess = -1;
        for (final Server s : be.servers()) {
            final long since = s.sessionRate().secondsSinceLast(nowNs);
            if (since >= 0 && (lastSess < 0 || since < lastSess)) {
                lastSess = since;
            }
        }
        final long requests = be.counters().get(timeWindow(be));
        return new BackendStats(be.currConns().get(), be.maxConns(), TrafficTotals.of(be.counters()), weight, uweight,
            act, bck, status, be.config().balance().keyword(), a.downTransitions(),
            Math.max(0, (nowNs - a.sinceNs()) / 1_000_000_000L), a.downtimeNs(nowNs) / 1_000_000_000L,
            be.config().fullconn(), QueueStats.of(be.queues().queue(), 0, be.queueTime(), requests),
            activity(be.sessionRate(), be.times(), requests, lastSess, -1, null), CompressionStats.of(be.counters()));
    }

    /** One server's figures ({@code p} null: no pool); package-private for tests that build servers by hand. */
    static ServerStats server(final Server s, final ServerPool p, final int nbthread) {
        final Server.AdminState admin = s.adminState();
        final long requests = s.counters().get(timeWindow(s.backend()));
        // HAProxy 2.6 keeps the effective weight of a drained server (status DRAIN); while slowstart ramps a
        // running server, its effective weight, rounded up as HAProxy shows it
        final int weight = s.isRunning() && admin != Server.AdminState.MAINT ? s.shownWeight() : s.weight();
        // HAProxy shows "unix" as a Unix server's address
        // HAProxy: "-" for a server whose resolution cleared its address (show servers state), nothing in show stat
        final String address = s.address() == null ? "unix"
            : s.state().resolutionMaint() && s.address().getAddress().isAnyLocalAddress() ? ServerStats.NO_ADDRESS
            : literal(s.address().getAddress());
        return new ServerStats(s.name(), s.id() + 1, address, s.address() == null ? 0 : s.address().getPort(),
            s.isBackup(), admin, s.currConns(), s.maxConns(), s.maxconn(), TrafficTotals.of(s.counters()), weight,
            s.weight(), s.initialWeight(), pool(p, nbthread),
            Math.max(0, (System.nanoTime() - s.lastChangeNs()) / 1_000_000_000L), checks(s).withHanafail(hanafail(s)),
            s.state().resolutionMaint() ? ServerStats.RESOLUTION
                : s.state().inheritedMaintOnly() ? s.tracked().toString() : null, s.tracked() != null,
            QueueStats.of(s.queue(), s.maxqueue(), s.queueTime(), requests), s.cookie(),
            activity(s.sessionRate(), s.times(), requests, s.sessionRate().secondsSinceLast(System.nanoTime()),
                throttle(s),
                s.tracked() == null ? null : s.tracked().toString()));
    }

    /**
     * HAProxy's {@code throttle}: while {@code slowstart} ramps a running server up (not draining), the share of its
     * weight in force, in percent rounded up; -1 otherwise.
     */
    static int throttle(final Server s) {
        final int ramp = s.rampFactor();
        if (ramp >= Server.FULL_RAMP || !s.isRunning() || s.adminState() != Server.AdminState.READY) {
            return -1;
        }
        return s.weight() == 0 ? 100 : (100 * ramp + Server.FULL_RAMP - 1) / Server.FULL_RAMP;
    }

    /** What sizes the window of the queue time (ServerLeg#countTimes): requests in mode http, picks in mode tcp. */
    private static Counter timeWindow(final Backend be) {
        return be.config().mode() == Mode.HTTP ? Counter.REQUESTS : Counter.SELECTED;
    }

    /**
     * HAProxy's {@code hanafail}: the server's own count of {@code error-limit} reached, shown when the end of its
     * tracking chain (itself without {@code track}) observes its traffic.
     */
    private static long hanafail(final Server s) {
        Server ref = s;
        while (ref.tracked() != null) {
            ref = ref.tracked();
        }
        return ref.passive().observing() ? s.passive().limitsReached() : -1;
    }

    private static ServerChecks checks(final Server s) {
        if (s.tracked() != null) {
            return trackerChecks(s);
        }
        final ServerState st = s.state();
        // the agent's address and port are shown (show servers state) with or without agent-check, as HAProxy
        final ServerAgent agent = new ServerAgent(s.agent().enabled(), st.agentHealth(), AgentCheckOptions.RISE,
            AgentCheckOptions.FALL, s.agent().last(), s.agent().inProgress(), s.agent().configured(),
            s.agent().addr() == null ? null : literal(s.agent().addr()), s.agent().port());
        if (!s.checkEnabled()) {
            // no check, or checks disabled: only the operational state, which set server ... health may force
            return (st.running() && !st.stopping() ? ServerChecks.NONE : new ServerChecks(false, st.running(), 0, 0,
                0, CheckReport.INITIAL, 0, 0, 0, false, st.stopping())).withAgent(agent);
        }
        return new ServerChecks(true, st.running(), st.health(), s.config().check().rise(),
            s.config().check().fall(), s.lastCheck(), s.failedChecks(), s.downTransitions(),
            st.downtimeNs(System.nanoTime()) / 1_000_000_000L, s.checkInProgress(), st.stopping(), agent, -1);
    }

    /**
     * A tracker's figures as HAProxy's status reads them: the check settings and health of the end of its
     * chain (the server whose checks decide), with its own UP/DOWN and soft-stop.
     */
    private static ServerChecks trackerChecks(final Server s) {
        Server ref = s.tracked();
        while (ref.tracked() != null) {
            ref = ref.tracked();
        }
        final ServerState st = s.state();
        final ServerChecks own = checks(ref);
        return new ServerChecks(own.checked(), st.running(), own.health(), own.rise(), own.fall(), CheckReport.INITIAL,
            0, s.downTransitions(), st.downtimeNs(System.nanoTime()) / 1_000_000_000L, false, st.stopping());
    }

    /**
     * The address as a literal, IPv6 in its short form ({@code ::1}, not Java's {@code 0:0:0:0:0:0:0:1}):
     * the longest run of two or more zero groups becomes {@code ::} (RFC 5952).
     */
    static String literal(final InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        final byte[] b = address.getAddress();
        final int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j - 1);
        }
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            out.append(Integer.toHexString(groups[i]));
            if (i < 7) {
                out.append(':');
            }
        }
        return out.toString();
    }

    /** The server's idle-pool figures (DESIGN.md §3); none for a server of a TCP backend. */
    private static PoolStats pool(final ServerPool p, final int nbthread) {
        if (p == null) {
            return PoolStats.empty(nbthread);
        }
        final int[] perThread = new int[nbthread];
        for (int i = 0; i < nbthread; i++) {
            perThread[i] = p.currIdleOn(i);
        }
        return new PoolStats(p.currIdleNb(), p.currSafeNb(), p.currUsedConns(), p.maxUsedConns(), p.estNeedConns(),
            p.maxIdleConns() < 0 ? PoolStats.UNLIMITED : p.maxIdleConns(), p.purgeDelayMs(), perThread);
    }

    private static ThreadStats thread(final Reactor r) {
        final ReactorStats st = r.stats();
        return new ThreadStats(r.id() + 1, st.loops.get(), st.wakeups.get(), st.events.get(), st.accepts.get(),
            st.fdTakeovers.get(), st.takeoverFailures.get(), st.killsRequested.get(), st.killsDone.get(),
            st.commandsRejected.get(), r.live().size());
    }
}
