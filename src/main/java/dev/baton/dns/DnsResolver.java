package dev.baton.dns;

import dev.baton.backend.Server;
import dev.baton.config.DynamicServerParser;
import dev.baton.config.ResolversConfig;
import org.tinylog.Logger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The run-time name resolution of one configuration's servers (HAProxy 2.6's resolvers.c, for A and AAAA records):
 * one thread, {@code baton-dns}, owns a selector, one non-blocking UDP socket per {@code resolvers} section and every
 * {@link Resolution}; nothing else touches them. Each server whose line names a section and whose address is a host
 * name is resolved at once, then again {@code hold valid} after a valid answer or {@code timeout resolve} after a
 * failure. A query goes to every name server of the section, for the family {@code resolve-prefer} asks first; an
 * error answer from all of them (or none in {@code timeout retry}) switches to the other family at once, then
 * retries up to {@code resolve_retries} sends before the failure is reported. Every outcome goes to the
 * {@link Sink}, which must not block (it hands the work to another thread).
 * <p>A server whose address is a DNS SRV name is fed by the one {@link SrvRequest} of its backend and name: that
 * name is queried (type SRV; an error answer is only retried, there is no other family) and each answer fills the
 * servers with its records ({@link Sink#srvChanged}); a server whose record came without an additional address gets
 * a resolution of its own for the record's target, which the request starts and stops
 * ({@link SrvRequest.Actions#link}, {@link SrvRequest.Actions#unlink}).
 */
public final class DnsResolver {
    /** Where outcomes go; called on the resolver's thread. */
    public interface Sink {
        /** The A/AAAA resolution of {@code server}'s name (or its SRV record's target) ended. */
        void resolved(Server server, Outcome outcome);

        /** An SRV answer changed what {@code server} serves. */
        void srvChanged(Server server, SrvChange change);
    }

    /**
     * A resolution's end: {@code status} (VALID with {@code addresses}, else the failure), {@code msSinceValid} since
     * the last valid answer (or the start), the section's settings for the hold times, and who answered
     * ({@code SECTION/NAMESERVER}, HAProxy's updater in its address-change line; null without a valid answer).
     */
    public record Outcome(DnsWire.Status status, List<InetAddress> addresses, long msSinceValid,
                          ResolversConfig resolvers, String answeredBy) {
    }

    private static final int MAX_DATAGRAM = 65535;
    /**
     * A server (or an SRV request) and the section that resolves it, with the state of its current query. Resolver
     * thread only.
     */
    private static final class Resolution {
        final Server server;
        final SrvRequest srv;
        final String host;
        final Section section;
        final int preferredType;
        int type;
        int id = -1;
        int triesLeft;
        int answers;
        DnsWire.Status lastError;
        long nextStartNs;
        long deadlineNs;
        long lastValidNs;
        boolean running;
        /** Stopped by its SRV request: dropped from the list at the next turn. */
        boolean removed;

        /** The A/AAAA resolution of {@code host} for {@code server}. */
        Resolution(final Server server, final String host, final Section section, final long nowNs) {
            this.server = server;
            this.srv = null;
            this.host = host;
            this.section = section;
            this.preferredType = server.config().dns().preferIpv6() ? DnsWire.TYPE_AAAA : DnsWire.TYPE_A;
            this.nextStartNs = nowNs;
            this.lastValidNs = nowNs;
        }

        /** The SRV resolution of {@code srv}'s name. */
        Resolution(final SrvRequest srv, final Section section, final long nowNs) {
            this.server = null;
            this.srv = srv;
            this.host = srv.name;
            this.section = section;
            this.preferredType = DnsWire.TYPE_SRV;
            this.nextStartNs = nowNs;
            this.lastValidNs = nowNs;
        }
    }

    /** One section: its socket and the queries under way by id. */
    private static final class Section {
        final ResolversConfig config;
        final DatagramChannel channel;
        final Map<Integer, Resolution> byId = new HashMap<>();

        Section(final ResolversConfig config, final DatagramChannel channel) {
            this.config = config;
            this.channel = channel;
        }
    }

    private final List<Resolution> resolutions = new ArrayList<>();
    /** The A/AAAA resolutions SRV requests started, by server. */
    private final Map<Server, Resolution> targets = new HashMap<>();
    private final List<Section> sections = new ArrayList<>();
    private final Selector selector;
    private final Sink sink;
    private final Thread thread;
    private final ByteBuffer receive = ByteBuffer.allocate(MAX_DATAGRAM);
    private volatile boolean running = true;

    private DnsResolver(final Map<String, ResolversConfig> configs, final List<Server> servers, final Sink sink)
        throws IOException {
        this.sink = sink;
        this.selector = Selector.open();
        final Map<String, Section> byName = new HashMap<>();
        final Map<String, List<Server>> bySrvName = new LinkedHashMap<>();
        final long nowNs = System.nanoTime();
        try {
            for (final Server s : servers) {
                final String name = s.config().dns().resolvers();
                final ResolversConfig cfg = name == null ? null : configs.get(name);
                if (cfg == null || cfg.nameservers().isEmpty() || s.config().isUnix()
                    || !DnsWire.isQueryable(s.config().host()) || isIpLiteral(s.config().host())) {
                    continue;
                }
                Section section = byName.get(name);
                if (section == null) {
                    final DatagramChannel ch = DatagramChannel.open();
                    ch.configureBlocking(false);
                    ch.bind(null);
                    section = new Section(cfg, ch);
                    ch.register(selector, SelectionKey.OP_READ, section);
                    byName.put(name, section);
                    sections.add(section);
                }
                if (s.config().isSrv()) {
                    // one request per backend and name (HAProxy's find_srvrq_by_name), with the first server's section
                    bySrvName.computeIfAbsent(s.backend().name() + '\0' + s.config().host(), k -> new ArrayList<>())
                        .add(s);
                } else {
                    resolutions.add(new Resolution(s, s.config().host(), section, nowNs));
                }
            }
            for (final List<Server> fed : bySrvName.values()) {
                final Section section = byName.get(fed.get(0).config().dns().resolvers());
                final SrvRequest request = new SrvRequest(fed.get(0).config().host(), section.config, fed,
                    new Targets(section));
                resolutions.add(new Resolution(request, section, nowNs));
            }
        } catch (final IOException e) {
            closeAll();
            throw e;
        }
        this.thread = new Thread(this::loop, "baton-dns");
        thread.setDaemon(true);
    }

    /**
     * The resolver of {@code servers} (those without a section, with an IP literal or a Unix path are left out), or
     * null when none is to be resolved. Opens the sockets; {@link #start} starts the thread.
     */
    public static DnsResolver create(final Map<String, ResolversConfig> configs, final List<Server> servers,
                                     final Sink sink) throws IOException {
        final DnsResolver r = new DnsResolver(configs, servers, sink);
        if (r.resolutions.isEmpty()) {
            r.closeAll();
            return null;
        }
        return r;
    }

    public void start() {
        thread.start();
    }

    /** Stops the thread and closes the sockets; no outcome is reported after it returns. Any thread but its own. */
    public void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void loop() {
        try {
            while (running) {
                final long nowNs = System.nanoTime();
                long nextNs = nowNs + TimeUnit.SECONDS.toNanos(1);
                resolutions.removeIf(r -> r.removed);
                for (final Resolution r : resolutions.toArray(new Resolution[0])) { // SRV answers add and remove
                    if (r.removed) {
                        continue;
                    }
                    if (!r.running && r.nextStartNs - nowNs <= 0) {
                        begin(r, nowNs);
                    } else if (r.running && r.deadlineNs - nowNs <= 0) {
                        expired(r, nowNs);
                    }
                    final long due = r.running ? r.deadlineNs : r.nextStartNs;
                    if (due - nextNs < 0) {
                        nextNs = due;
                    }
                }
                final long waitMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextNs - System.nanoTime()) + 1);
                selector.select(waitMs);
                for (final SelectionKey key : selector.selectedKeys()) {
                    drain((Section) key.attachment());
                }
                selector.selectedKeys().clear();
            }
        } catch (final IOException | RuntimeException e) {
            if (running) {
                Logger.error(e, "name resolution stopped");
            }
        } finally {
            closeAll();
        }
    }

    private void begin(final Resolution r, final long nowNs) {
        r.running = true;
        r.type = r.preferredType;
        r.triesLeft = r.section.config.resolveRetries();
        send(r, nowNs);
    }

    /** Sends the query of {@code r} (a fresh id) to every name server of its section. */
    private void send(final Resolution r, final long nowNs) {
        r.section.byId.remove(r.id);
        int id;
        do {
            id = ThreadLocalRandom.current().nextInt(1, 0x10000);
        } while (r.section.byId.containsKey(id));
        r.id = id;
        r.answers = 0;
        r.lastError = null;
        r.section.byId.put(id, r);
        r.deadlineNs = nowNs + TimeUnit.MILLISECONDS.toNanos(r.section.config.timeoutRetryMs());
        final ByteBuffer query = DnsWire.query(id, r.host, r.type, r.section.config.acceptedPayloadSize());
        for (final InetSocketAddress ns : r.section.config.nameservers()) {
            try {
                r.section.channel.send(query.duplicate(), ns);
            } catch (final IOException e) {
                Logger.debug("resolvers {}: query to {} failed: {}", r.section.config.name(), ns, e.getMessage());
            }
        }
    }

    /** No (valid) answer in time: another send, the other family, or the failure reported. */
    private void expired(final Resolution r, final long nowNs) {
        if (r.answers > 0 && r.type == r.preferredType && r.type != DnsWire.TYPE_SRV) {
            r.type = otherType(r.preferredType); // errors answered: the other family at once, no try spent
            send(r, nowNs);
            return;
        }
        r.triesLeft--;
        if (r.triesLeft <= 0) {
            finish(r, r.answers == 0 && r.lastError == null ? DnsWire.Status.TIMEOUT : r.lastError, List.of(), null,
                nowNs, null);
            return;
        }
        r.type = r.preferredType;
        send(r, nowNs);
    }

    private void drain(final Section section) throws IOException {
        while (true) {
            receive.clear();
            final SocketAddress from = section.channel.receive(receive);
            if (from == null) {
                return;
            }
            if (!section.config.nameservers().contains(from) || receive.position() < 2) {
                continue; // not one of the section's name servers
            }
            receive.flip();
            final Resolution r = section.byId.get(receive.getShort(0) & 0xffff);
            if (r == null || !r.running || r.removed) {
                continue;
            }
            final SrvWire.Answer srvAnswer = r.type == DnsWire.TYPE_SRV ? SrvWire.read(receive, r.id, r.host) : null;
            final DnsWire.Answer answer = srvAnswer != null ? new DnsWire.Answer(srvAnswer.status(), List.of())
                : DnsWire.read(receive, r.id, r.host, r.type);
            if (answer.status() == DnsWire.Status.INVALID) {
                continue;
            }
            final long nowNs = System.nanoTime();
            if (answer.status() == DnsWire.Status.VALID) {
                r.lastValidNs = nowNs;
                final int ns = section.config.nameservers().indexOf(from);
                finish(r, DnsWire.Status.VALID, answer.addresses(), srvAnswer, nowNs,
                    section.config.name() + "/" + section.config.nameserverIds().get(ns));
                continue;
            }
            r.answers++;
            r.lastError = answer.status();
            if (r.answers < section.config.nameservers().size() || r.type == DnsWire.TYPE_SRV) {
                continue; // errors wait for every name server's answer, as HAProxy's; SRV ones for the retry
            }
            if (r.type == r.preferredType) {
                r.type = otherType(r.preferredType);
                send(r, nowNs);
            } else {
                finish(r, answer.status(), List.of(), null, nowNs, null);
            }
        }
    }

    /** The end of {@code r}'s run: the outcome reported, the next run planned. {@code srvAnswer}: SRV's valid one. */
    private void finish(final Resolution r, final DnsWire.Status status, final List<InetAddress> addresses,
                        final SrvWire.Answer srvAnswer, final long nowNs, final String answeredBy) {
        r.running = false;
        r.section.byId.remove(r.id);
        r.id = -1;
        final ResolversConfig cfg = r.section.config;
        r.nextStartNs = nowNs + TimeUnit.MILLISECONDS.toNanos(status == DnsWire.Status.VALID ? cfg.holdValidMs()
            : cfg.timeoutResolveMs());
        if (!running) {
            return;
        }
        final long msSinceValid = TimeUnit.NANOSECONDS.toMillis(nowNs - r.lastValidNs);
        if (r.srv == null) {
            sink.resolved(r.server, new Outcome(status, addresses, msSinceValid, cfg, answeredBy));
        } else if (srvAnswer != null) {
            r.srv.answered(srvAnswer, TimeUnit.NANOSECONDS.toMillis(nowNs));
        } else {
            r.srv.failed(status, msSinceValid);
        }
    }

    /** What the SRV requests of one section ask of the resolver. Resolver thread only. */
    private final class Targets implements SrvRequest.Actions {
        private final Section section;

        Targets(final Section section) {
            this.section = section;
        }

        @Override
        public void link(final Server server, final String host) {
            final Resolution now = targets.get(server);
            if (now != null && now.host.equals(host)) {
                return;
            }
            unlink(server);
            final Resolution r = new Resolution(server, host, section, System.nanoTime());
            targets.put(server, r);
            resolutions.add(r);
        }

        @Override
        public void unlink(final Server server) {
            final Resolution r = targets.remove(server);
            if (r != null) {
                r.removed = true;
                r.running = false;
                section.byId.remove(r.id);
            }
        }

        @Override
        public void changed(final Server server, final SrvChange change) {
            if (running) {
                sink.srvChanged(server, change);
            }
        }
    }

    private static int otherType(final int type) {
        return type == DnsWire.TYPE_A ? DnsWire.TYPE_AAAA : DnsWire.TYPE_A;
    }

    private static boolean isIpLiteral(final String host) {
        return DynamicServerParser.isIpLiteral(host);
    }

    private void closeAll() {
        for (final Section s : sections) {
            try {
                s.channel.close();
            } catch (final IOException e) {
                Logger.debug("resolvers {}: closing its socket: {}", s.config.name(), e.getMessage());
            }
        }
        try {
            selector.close();
        } catch (final IOException e) {
            Logger.debug("closing the resolver's selector: {}", e.getMessage());
        }
    }
}
