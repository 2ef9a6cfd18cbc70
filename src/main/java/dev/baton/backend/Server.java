package dev.baton.backend;

import dev.baton.config.ServerConfig;
import dev.baton.queue.PendingQueue;
import dev.baton.counters.EventRate;
import dev.baton.counters.SlidingTime;
import dev.baton.counters.StreamTimes;
import dev.baton.counters.TrafficCounters;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend server of one configuration: its line, its resolved address, its backend, its {@code track} links
 * and its queue; what it accumulates while running (weight, state, counters, slots, pool identity) is its
 * {@link ServerRuntime}, which a reload that keeps the server hands to the new configuration's object. Shared by
 * every reactor: all mutable fields are volatile or atomic, so any
 * reactor may read them without a lock. The weight (and {@code maxconn}) is changed by the runtime API (reactor 0)
 * and by the server's agent check ({@code N%}, {@code maxconn:N}, on the agent's reactor): plain volatile writes,
 * the last one wins, as in HAProxy; the state by the runtime API, the stats page's admin forms and the agent's
 * {@code drain}/{@code maint}/{@code ready}, on whichever reactor serves them.
 *
 * <p>Administrative state, as HAProxy's: {@link AdminState#MAINT} ({@link #isDisabled()}: the
 * {@code disabled} keyword, {@code disable server}, {@code set server ... state maint}) and
 * {@link AdminState#DRAIN} ({@code set server ... state drain}) both keep the balancers away while the
 * connections already established carry on; they differ for idle connections (kept for a draining server,
 * not for one in maintenance) and in what the statistics show. The state is one {@link ServerState} value,
 * replaced whole by each change (a compare-and-set), so concurrent changes from several threads never mix:
 * {@code maint} and {@code drain} asked for at once end in one of them, never in neither.
 */
public final class Server {
    /** HAProxy's BE_WEIGHT_SCALE: the effective weight is the weight times a factor up to this. */
    public static final int FULL_RAMP = 16;

    private final Backend backend;
    private final ServerConfig config;
    /** State, counters, slots and pool identity: carried over by a reload that keeps the server. */
    private final ServerRuntime runtime;
    private dev.baton.tls.ServerTlsContext tls;
    /** The context new connections use: {@link #tls} unless {@code set server ... ssl} changed it. */
    private volatile dev.baton.tls.ServerTlsContext activeTls;
    private dev.baton.tls.ServerTlsContext checkTls;
    private final int id;
    private final String name;
    /** {@link #name} in ISO-8859-1, written into requests by {@code http-send-name-header} without allocating. */
    private final byte[] nameBytes;
    /** Replaced by the runtime API's {@code set server ... addr} (a volatile write every reactor sees). */
    private volatile InetSocketAddress address;
    /** The cookie {@code dynamic-cookie-key} derived for this server ({@link DynamicCookies}), or null. */
    private volatile String dynamicCookie;
    /** The name a DNS SRV record gave the server (the record's target), or null; written by the servers' thread. */
    private volatile String fqdn;
    /** Whether a DNS SRV record ever named the server (HAProxy's SRV_ADMF_HMAINT, which then stays set). */
    private volatile boolean namedByRecord;
    /** Added by the runtime API's {@code add server}: it may not be tracked, and {@code del server} may remove it. */
    private volatile boolean dynamic;
    /** A {@code unix@PATH} server's socket; null for any other. */
    private final SocketAddress unixAddress;
    private final boolean backup;
    private final boolean checked;
    /** {@code track}: the server whose state this one follows, or null; set before the configuration is published. */
    private volatile Server tracked;
    /**
     * The servers tracking this one: filled before the configuration is published, then changed only by the
     * runtime API (a dynamic server that tracks this one is added or deleted), hence copy-on-write.
     */
    private final List<Server> trackers = new CopyOnWriteArrayList<>();
    /** Streams bound to this server waiting for one of its slots; guarded by the backend's queue lock. */
    private final PendingQueue queue = new PendingQueue();
    /** {@code maxqueue}: how many may wait in {@link #queue}; 0 for no limit. */
    private final int maxqueue;

    public Server(final Backend backend, final int id, final ServerConfig config, final InetSocketAddress address) {
        this(backend, id, config, address, null);
    }

    /**
     * A server of {@code backend}; {@code kept}: the runtime of the same server in the running configuration, which
     * this one takes over (a reload), or null for a fresh one.
     */
    public Server(final Backend backend, final int id, final ServerConfig config, final InetSocketAddress address,
                  final ServerRuntime kept) {
        this.backend = backend;
        this.config = config;
        this.id = id;
        this.name = config.name();
        this.nameBytes = name.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        this.address = address;
        this.unixAddress = config.isUnix() && !config.abns() ? UnixDomainSocketAddress.of(config.path()) : null;
        this.maxqueue = config.maxqueue();
        this.backup = config.backup();
        this.checked = config.check().enabled();
        if (kept == null) {
            this.runtime = new ServerRuntime(config);
            runtime.server(this);
        } else {
            this.runtime = kept; // taken over when the configuration is published (takeOverRuntime)
        }
    }

    /**
     * A reload publishes this server's configuration: its kept runtime reads this server's configuration and
     * backend from now on. The reload thread, at the switch.
     */
    public void takeOverRuntime() {
        if (runtime.server() != this) {
            runtime.adopt(this);
        }
    }

    /** What this server accumulated while running, kept across reloads (pools are keyed by it). */
    public ServerRuntime runtime() {
        return runtime;
    }

    /** The passive health analysis ({@code observe}) the streams report to. */
    public PassiveHealth passive() {
        return runtime.passive();
    }

    /** The server line as configured (after default-server). */
    public ServerConfig config() {
        return config;
    }

    /**
     * The TLS context new connections use: the configured one ({@code ssl}, set once before the configuration is
     * published), or what the runtime API's {@code set server ... ssl on|off} chose since; null for clear text.
     */
    public dev.baton.tls.ServerTlsContext tls() {
        return activeTls;
    }

    /** Before the configuration is published (the reactors' start or the reload's volatile write). */
    public void tls(final dev.baton.tls.ServerTlsContext context) {
        this.tls = context;
        this.activeTls = context;
    }

    /**
     * Whether the server has TLS settings that {@code set server ... ssl on} can use: {@code ssl}, or TLS health
     * checks whose settings its traffic would share (HAProxy: the server has an SSL context).
     */
    public boolean hasTlsContext() {
        return tls != null || checkTls != null;
    }

    /** {@code set server ... ssl on|off}: whether new connections speak TLS ({@link #hasTlsContext()} first). */
    public void useTls(final boolean on) {
        activeTls = !on ? null : tls != null ? tls : checkTls;
    }

    /** The TLS context of its health checks ({@code check-ssl}, or {@code ssl}'s own), or null. */
    public dev.baton.tls.ServerTlsContext checkTls() {
        return checkTls;
    }

    /** Before the configuration is published. */
    public void checkTls(final dev.baton.tls.ServerTlsContext context) {
        this.checkTls = context;
    }

    public Backend backend() {
        return backend;
    }

    /**
     * Its number in the backend, 0-based (HAProxy's {@code puid} minus one): the file's servers in order, then the
     * first free number for each one the runtime API adds.
     */
    public int id() {
        return id;
    }

    public String name() {
        return name;
    }

    /** The name's bytes (ISO-8859-1); shared, never to be written to. */
    public byte[] nameBytes() {
        return nameBytes;
    }

    /** The resolved IP address and port; null for a Unix server. The port is the offset when ports are mapped. */
    public InetSocketAddress address() {
        return address;
    }

    /**
     * {@code set server ... addr}: new connections go to {@code next} (the caller drains the connections to the old
     * one). Any thread: a volatile write.
     */
    public void address(final InetSocketAddress next) {
        this.address = next;
        if (backend != null) {
            backend.dynamicCookies().refresh(this); // derived from the address, as HAProxy's srv_set_dyncookie
        }
    }

    /**
     * The server's persistence cookie: its {@code cookie VALUE}, else the one {@link DynamicCookies} derived, else
     * null. Any thread: a volatile read.
     */
    public String cookie() {
        final String own = config.cookie();
        return own != null ? own : dynamicCookie;
    }

    /** Set by {@link DynamicCookies} only (null: none). */
    void dynamicCookie(final String value) {
        dynamicCookie = value;
    }

    /** The name a DNS SRV record gave the server, or null (none, or not fed by SRV records). Any thread. */
    public String fqdn() {
        return fqdn;
    }

    /** The name the server's SRV record gives it (null: it lost its record). The servers' thread. */
    public void fqdn(final String name) {
        fqdn = name;
        namedByRecord |= name != null;
    }

    /** Whether a DNS SRV record ever named the server (HAProxy shows SRV_ADMF_HMAINT from then on). Any thread. */
    public boolean namedByRecord() {
        return namedByRecord;
    }

    /** Whether the runtime API added this server ({@code add server}). */
    public boolean isDynamic() {
        return dynamic;
    }

    /** Marks the server as added by the runtime API, before it is published. */
    public void markDynamic() {
        dynamic = true;
    }

    /**
     * Where a new connection for a client that connected to local port {@code clientPort} goes: the Unix socket,
     * the client's port plus the offset when the server maps ports (HAProxy's SRV_F_MAPPORTS; allocates), else
     * {@link #address()}. Null for an abstract socket, which is dialled by name ({@code config().path()}).
     */
    public SocketAddress dialAddress(final int clientPort) {
        if (config.isUnix()) {
            return unixAddress;
        }
        final InetSocketAddress at = address;
        return config.mapPorts() ? new InetSocketAddress(at.getAddress(), clientPort + config.port()) : at;
    }

    /** The configured weight. */
    public int initialWeight() {
        return config.weight();
    }

    public int weight() {
        return runtime.weight();
    }

    /**
     * HAProxy's effective weight (eweight) that the dynamic balancers share the traffic by: the weight in
     * sixteenths, lowered while {@code slowstart} ramps it. Any thread.
     */
    public int eweight() {
        return runtime.weight() * runtime.rampFactor();
    }

    /** The weight {@code show stat} shows: the effective weight rounded up to whole units, as HAProxy shows it. */
    public int shownWeight() {
        return (eweight() + FULL_RAMP - 1) / FULL_RAMP;
    }

    /** {@code slowstart}'s factor (1..{@link #FULL_RAMP}) from now on. The reactor that owns the server's check. */
    public void rampFactor(final int factor) {
        final int before = runtime.rampFactor();
        runtime.rampFactor(factor);
        if (factor > before) {
            offerIfWaiting(); // a warm-up step raised the dynamic limit: waiters take the room
        }
    }

    /** {@code slowstart}'s current factor ({@link #FULL_RAMP}: not ramping). Any thread. */
    public int rampFactor() {
        return runtime.rampFactor();
    }

    /** The runtime weight (runtime API, agent): a plain volatile write, the last one wins, as in HAProxy. */
    public void weight(final int weight) {
        runtime.weight(weight);
        backend.refreshAvailability(System.nanoTime());
    }

    /** Per-server connection limit; 0 means unlimited. */
    public int maxconn() {
        return runtime.maxconn();
    }

    /** Sets the connection limit (an agent's {@code maxconn:N}); established connections carry on. Any thread. */
    public void maxconn(final int maxconn) {
        final int before = runtime.maxconn(maxconn);
        if (before != 0 && (maxconn == 0 || maxconn > before)) {
            offerIfWaiting(); // more room: waiters take it now (docs/queues.md Q9)
        }
    }

    public boolean isBackup() {
        return backup;
    }

    /** The whole state, as one consistent value. Any thread. */
    public ServerState state() {
        return runtime.state();
    }

    /** In maintenance (whether or not also draining). */
    public boolean isDisabled() {
        return runtime.state().maint();
    }

    /** Into or out of maintenance, a drain left as it is ({@code disable/enable server}); states before and after. */
    public ServerState[] disabled(final boolean disabled) {
        return runtime.changeAdmin(f -> disabled ? f | ServerState.MAINT : f & ~ServerState.MAINT);
    }

    /**
     * Into or out of maintenance for want of an address (RMAINT), the other flags left as they are: the run-time
     * resolution's call ({@code dev.baton.DnsAnswers}); states before and after. Any thread.
     */
    public ServerState[] resolutionMaint(final boolean maint) {
        return runtime.changeAdmin(f -> maint ? f | ServerState.RMAINT : f & ~ServerState.RMAINT);
    }

    /** True in drain mode: no new connection from the balancers; existing ones carry on. */
    public boolean isDraining() {
        return runtime.state().drain();
    }

    /** Puts the server in or out of drain mode; returns the states before and after. */
    public ServerState[] draining(final boolean draining) {
        return runtime.changeAdmin(f -> draining ? f | ServerState.DRAIN : f & ~ServerState.DRAIN);
    }

    /** The administrative state: maintenance wins over drain. */
    public AdminState adminState() {
        return runtime.state().admin();
    }

    /**
     * Sets the administrative state as {@code set server B/S state} does: each state clears the others; returns
     * the states before and after.
     */
    public ServerState[] adminState(final AdminState admin) {
        final int flags = admin == AdminState.MAINT ? ServerState.MAINT
            : admin == AdminState.DRAIN ? ServerState.DRAIN : 0;
        // the tracked server's maintenance and the resolution's stay
        return runtime.changeAdmin(f -> flags | (f & (ServerState.IMAINT | ServerState.RMAINT)));
    }

    /**
     * {@code track}: this server follows {@code target}'s state from now on (its UP/DOWN transitions through
     * {@code dev.baton.health.TrackedTransitions}, its maintenance here), starting from target's current one.
     * Before the configuration is published.
     */
    public void track(final Server target) {
        tracked = target;
        target.trackers.add(this);
        if (target.isDisabled()) {
            inheritMaint(true);
        }
    }

    /**
     * {@code listener} runs, on the thread that made the change, each time the server enters or leaves
     * maintenance; it must not block. Once per runtime (a kept runtime keeps its listeners).
     */
    public void onMaintChange(final Runnable listener) {
        runtime.onMaintChange(listener);
    }

    /** {@code del server}: this server no longer follows the one it tracked. Runtime API (reload thread). */
    public void untrack() {
        final Server target = tracked;
        if (target != null) {
            target.trackers.remove(this);
            tracked = null;
        }
    }

    /** The server this one tracks, or null. */
    public Server tracked() {
        return tracked;
    }

    /** The servers that track this one (fixed once the configuration is published). */
    public List<Server> trackers() {
        return trackers;
    }

    /** The tracked server entered ({@code true}) or left maintenance: so does this one, and its own trackers. */
    void inheritMaint(final boolean maint) {
        runtime.changeAdmin(f -> maint ? f | ServerState.IMAINT : f & ~ServerState.IMAINT);
    }

    /** Whether the server has health checks ({@code check}). */
    public boolean isChecked() {
        return checked;
    }

    /** UP as the health checks see it (always, without checks); maintenance and drain are apart. */
    public boolean isRunning() {
        return runtime.state().running();
    }

    /**
     * Applies one check's outcome ({@link ServerState#afterCheck}) in one atomic step, retried while an
     * administrative change wins; returns the states before and after (the same object when nothing changed).
     * Called by the server's one health check, on its reactor.
     */
    public ServerState[] applyCheck(final CheckReport report, final long nowNs) {
        return runtime.applyCheck(report, nowNs);
    }

    /**
     * Applies the failure {@code report} ({@link CheckStatus#HANA}) that {@code on-error} makes of the traffic's
     * consecutive errors, HAProxy's health_adjust: {@code suddenDeath} first leaves a server above {@code rise}
     * at {@code rise + 1}, {@code markDown} first sets the health to {@code rise} (so that this failure takes it
     * DOWN), then it counts as one failed check. Returns the states before and after. The check's reactor.
     */
    public ServerState[] applyObserved(final boolean suddenDeath, final boolean markDown, final CheckReport report,
                                       final long nowNs) {
        return runtime.applyObserved(suddenDeath, markDown, report, nowNs);
    }

    /**
     * Whether the health checks run (HAProxy's CHK_ST_ENABLED): true for a checked server until
     * {@code disable health}; while false the check skips its turns and the server keeps its operational state.
     */
    public boolean checkEnabled() {
        return checked && runtime.checkEnabledFlag();
    }

    /** {@code disable/enable health}: pauses or resumes the checks; nothing for a server without checks. Any thread. */
    public void checkEnabled(final boolean enabled) {
        runtime.checkEnabled(enabled);
    }

    /** The port {@code set server ... check-port} chose for the checks; 0 for the configured check address. */
    public int checkPort() {
        return runtime.checkPort();
    }

    /** {@code set server ... check-port N}: the next checks connect to port {@code port} (0: as configured). */
    public void checkPort(final int port) {
        runtime.checkPort(port);
    }

    /**
     * {@code set server ... health up|stopping|down}: forces the operational state as HAProxy does, health at
     * its top ({@code rise + fall - 1}) for up and stopping, 0 for down, checked or not; the administrative
     * flags stay. In maintenance only the health changes. Returns the states before and after. Any thread.
     */
    public ServerState[] forceHealth(final boolean running, final boolean stopping) {
        return runtime.forceHealth(running, stopping);
    }

    /** The agent check's runtime settings and last outcome. */
    public AgentRuntime agent() {
        return runtime.agent();
    }

    /**
     * Applies one agent check's health verdict in one atomic step (HAProxy's set_server_check_status and
     * check_notify_failure/success for the agent): {@link CheckStatus#L7OK} ("up") raises the agent's health to 1
     * and brings the server UP unless it is in maintenance, soft-stopped or held DOWN by its health check;
     * {@link CheckStatus#L7STS} ("down", "stopped", "fail") drops the agent's health to 0 and takes the server
     * DOWN unless it is in maintenance; any other outcome changes nothing, as an agent that cannot be reached
     * must not take its server down. Returns the states before and after. The agent check's reactor.
     */
    public ServerState[] applyAgent(final CheckReport report, final long nowNs) {
        return runtime.applyAgent(report, nowNs, checkEnabled());
    }

    /**
     * {@code set server ... agent up|down}: the agent's health forced to 1 or 0, the server set running or
     * stopped (unless in maintenance) whatever its health check says, as HAProxy. One atomic step. Any thread.
     */
    public void forceAgent(final boolean up) {
        runtime.forceAgent(up);
    }

    /** How many queued streams the last state change moved ("requeued"), for its log line. Any thread. */
    public int lastQueueMoves() {
        return runtime.lastQueueMoves();
    }

    /** Whether a check is under way. Any thread. */
    public boolean checkInProgress() {
        return runtime.checkInProgress();
    }

    /** Set by the server's one health check when its connection opens and closes. */
    public void checkInProgress(final boolean inProgress) {
        runtime.checkInProgress(inProgress);
    }

    /** The last health check's outcome. Any thread. */
    public CheckReport lastCheck() {
        return runtime.lastCheck();
    }

    /** Failed checks counted by HAProxy's rule (not those of a server already DOWN). Any thread. */
    public long failedChecks() {
        return runtime.failedChecks();
    }

    /** How many times the checks took the server DOWN. Any thread. */
    public long downTransitions() {
        return runtime.downTransitions();
    }

    /** When the state last changed (administrative or UP/DOWN), as {@link System#nanoTime()}; the start if never. */
    public long lastChangeNs() {
        return runtime.state().sinceNs();
    }

    public int currConns() {
        return runtime.currConns();
    }

    public int maxConns() {
        return runtime.maxConns();
    }

    /**
     * True when the balancers may choose the server: UP (health checks) and not stopping (NOLB), neither in
     * maintenance nor draining, weight above 0 (HAProxy's srv_currently_usable), and still in the configuration.
     */
    public boolean isEligible() {
        return runtime.usable(runtime.state());
    }

    /**
     * True when a newcomer may take a slot now: no {@code maxconn}, or nobody waits in its queue (a newcomer never
     * overtakes them) and it is below its limit ({@link #dynamicMaxconn()}).
     */
    public boolean hasFreeSlot() {
        final int limit = dynamicMaxconn();
        return limit == 0 || (queue.size() == 0 && runtime.currConns() < limit);
    }

    /**
     * The number of slots now (HAProxy's srv_dynamic_maxconn, docs/queues.md Q13): {@code maxconn}, or with
     * {@code minconn} below it a limit between the two that grows with the backend's streams up to
     * {@code fullconn}; scaled down while {@code slowstart} warms the server up. 0 for no limit. Any thread.
     */
    public int dynamicMaxconn() {
        final int ramp = runtime.rampFactor();
        return DynamicMaxconn.limitOfNormalized(runtime.maxconn(), runtime.minconn(), backend.config().fullconn(),
            backend.currConns().get(), ramp < FULL_RAMP, ramp * 100 / FULL_RAMP);
    }

    /** {@code minconn} as in force (equal to {@link #maxconn()} for a static limit). */
    public int minconn() {
        return runtime.minconn();
    }

    /**
     * Claims one connection slot for a newcomer; false (and nothing claimed) when the server is at its limit or
     * streams wait in its queue. Any thread.
     */
    public boolean tryAcquire() {
        return (runtime.maxconn() == 0 || queue.size() == 0) && tryAcquireForQueue();
    }

    /**
     * Claims one slot below the limit, whoever waits: the queue's dispatch, under the backend's queue lock, for the
     * entry it grants. Any thread.
     */
    public boolean tryAcquireForQueue() {
        return runtime.tryAcquireBelow(this);
    }

    /**
     * Returns a slot claimed by {@link #tryAcquire()} or granted by the queue. When streams wait for it (here, or
     * in the backend's queue while this server takes new traffic), the slot goes to the next of them at once.
     * Lock-free when nobody waits (see {@code BackendQueues} for why no wake-up is lost). Any thread.
     */
    public void release() {
        runtime.releaseSlot();
        offerIfWaiting();
        // the slot is the runtime's, shared across a reload: it serves the waiters of the configuration in force and
        // of the one before (queued before the reload, they wait in that configuration's queues) whichever freed it
        final Server newest = runtime.server();
        if (newest != this) {
            newest.offerIfWaiting();
        }
        final Server previous = runtime.previous();
        if (previous != null && previous != this) {
            previous.offerIfWaiting();
        }
    }

    /** Serves waiters if there may be some for this server: its own, or the backend's while it takes traffic. */
    private void offerIfWaiting() {
        if (queue.size() != 0 || (backend.queues().queue().size() != 0 && isEligible())) {
            backend.queues().offer(this);
        }
    }

    /** The queue of streams waiting for a slot of this server. */
    public PendingQueue queue() {
        return queue;
    }

    /** {@code maxqueue}: how many streams may wait in its queue; 0 for no limit. */
    public int maxqueue() {
        return maxqueue;
    }

    /** Cumulative traffic counters, one single-writer slice per reactor. */
    public TrafficCounters counters() {
        return runtime.counters();
    }

    /** The queue time of the streams that connected: its sliding average and peak ({@code qtime}, {@code qtime_max}). */
    public SlidingTime queueTime() {
        return runtime.times().queue();
    }

    /** Queue, connect, response and total times of the streams that connected (qtime, ctime, rtime, ttime). */
    public StreamTimes times() {
        return runtime.times();
    }

    /** Sessions per second (rate, rate_max). */
    public EventRate sessionRate() {
        return runtime.sessionRate();
    }

    @Override
    public String toString() {
        return backend.name() + "/" + name;
    }

    /** HAProxy's three administrative states of a server. */
    public enum AdminState {
        READY("ready"),
        DRAIN("drain"),
        MAINT("maint");

        private final String keyword;

        AdminState(final String keyword) {
            this.keyword = keyword;
        }

        /** The word {@code set server B/S state} takes. */
        public String keyword() {
            return keyword;
        }

        /** The state named {@code keyword}, or null. */
        public static AdminState fromKeyword(final String keyword) {
            for (final AdminState s : values()) {
                if (s.keyword.equals(keyword)) {
                    return s;
                }
            }
            return null;
        }
    }
}
