package dev.baton;

import dev.baton.backend.Server;
import dev.baton.config.ResolversConfig;
import dev.baton.dns.DnsResolver;
import dev.baton.dns.DnsWire;
import dev.baton.dns.SrvChange;
import dev.baton.health.ResolutionTransitions;
import dev.baton.http.rules.IpText;
import dev.baton.log.ServerEventLog;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the run-time resolution's outcomes do to the servers of one generation (HAProxy 2.6's snr_resolution_cb,
 * resolv_get_ip_from_response and snr_update_srv_status): a valid answer gives the server an address (the one it
 * holds while the answer still lists it; else the best by HAProxy's score: the preferred family, then an address no
 * other server of the backend holds, which {@code prevent-dup-ip}, the default, requires, then its current one) and
 * takes it out of resolution maintenance; an answer with no address it may take puts it in maintenance at once
 * ("No IP for server"); a failure puts it there once the failure lasted its hold time ({@code hold nx|refused|
 * timeout|other}). A changed address goes through {@link ServerAddressChange} (the seam of {@code set server addr}:
 * the server's idle connections are drained) with HAProxy's line {@code be/s changed its IP from A to B by
 * dns/ns1.} (the section and the name server that answered; each server has its own query in baton, so HAProxy's
 * {@code by DNS cache} of a resolution shared by several servers does not occur); entering maintenance clears the
 * address as HAProxy does. A server fed by a DNS SRV name takes what its record gives ({@link #srvChanged}: the
 * target's address from the additional section, with {@code by DNS additional record}, the target as its name,
 * logged {@code be/s changed its FQDN from (null) to NAME by 'SRV record'}, the port and the weight) and loses it all
 * with the record ({@code entry removed from SRV record}). Runs on the servers' thread only
 * ({@link DynamicServers}), which owns {@link #held}.
 */
final class DnsAnswers {
    /** HAProxy's cause when a server loses its SRV record. */
    private static final String SRV_REMOVED = "entry removed from SRV record";

    /** The address each server took from an answer (HAProxy's record attachment). Servers' thread only. */
    private final Map<Server, InetAddress> held = new HashMap<>();

    /** Applies {@code outcome} to {@code server}; {@code drain} renews its idle pool. */
    void apply(final Server server, final DnsResolver.Outcome outcome, final Runnable drain) {
        if (outcome.status() == DnsWire.Status.VALID) {
            final InetAddress ip = choose(server, outcome.addresses());
            if (ip == null) {
                noAddress(server, "No IP for server ", drain);
                return;
            }
            moveTo(server, ip, outcome.answeredBy(), drain);
            ResolutionTransitions.left(server, host(server), server.resolutionMaint(false));
            return;
        }
        if (outcome.msSinceValid() >= hold(outcome.resolvers(), outcome.status())) {
            noAddress(server, cause(outcome.status()), drain);
        }
    }

    /**
     * Applies what a DNS SRV answer did to {@code server} (HAProxy's order: the additional record's address, the
     * name, the state, then the port and the weight); {@code drain} renews its idle pool.
     */
    void srvChanged(final Server server, final SrvChange change, final Runnable drain) {
        if (!change.filled()) {
            held.remove(server);
            ResolutionTransitions.entered(server, server.resolutionMaint(true), SRV_REMOVED);
            server.fqdn(null);
            server.address(new InetSocketAddress(ServerAddresses.NO_ADDRESS, 0));
            drain.run();
            return;
        }
        if (change.additional() != null) {
            held.remove(server); // the server's own resolution stops: the record's address rules
            moveTo(server, change.additional(), "DNS additional record", drain);
        }
        if (change.fqdn() != null) {
            final String before = server.fqdn();
            server.fqdn(change.fqdn());
            ServerEventLog.sent(server, ServerEventLog.Severity.NOTICE, server + " changed its FQDN from "
                + (before == null ? "(null)" : before) + " to " + change.fqdn() + " by 'SRV record'");
        }
        final InetSocketAddress at = server.address();
        if (!at.getAddress().isAnyLocalAddress()) {
            ResolutionTransitions.leftQuietly(server, host(server), server.resolutionMaint(false));
        } else if (!server.state().resolutionMaint()) {
            ResolutionTransitions.entered(server, server.resolutionMaint(true), SRV_REMOVED);
        }
        if (at.getPort() != change.port()) {
            server.address(new InetSocketAddress(at.getAddress(), change.port()));
            drain.run();
        }
        final int w = change.weight();
        // HAProxy's rule for a weight set at run time: a static algorithm takes only 0 and the configured weight
        if (w >= 0 && w != server.weight()
            && (w == 0 || w == server.initialWeight() || DynamicServers.dynamicAlgorithm(server.backend().config()))) {
            server.weight(w);
        }
    }

    /** Forgets what {@code server} held (it left the configuration). */
    void forget(final Server server) {
        held.remove(server);
    }

    /** Moves {@code server} to {@code ip} (its port kept) with HAProxy's line, when that is a change. */
    private static void moveTo(final Server server, final InetAddress ip, final String updater, final Runnable drain) {
        final InetSocketAddress now = server.address();
        if (ip.equals(now.getAddress())) {
            return;
        }
        final String before = now.getAddress().isAnyLocalAddress() ? "(none)"
            : IpText.toString(now.getAddress().getAddress());
        final String after = IpText.toString(ip.getAddress());
        ServerAddressChange.apply(server, after, null, " by " + updater, drain);
        ServerEventLog.server(server, ServerEventLog.Severity.NOTICE,
            server + " changed its IP from " + before + " to " + after + " by " + updater + ".");
    }

    /** The name HAProxy's lines give {@code server}: its SRV record's target, else its configured host. */
    private static String host(final Server server) {
        final String fqdn = server.fqdn();
        return fqdn != null ? fqdn : server.config().host();
    }

    private InetAddress choose(final Server server, final List<InetAddress> answers) {
        final InetAddress mine = held.get(server);
        if (mine != null && answers.contains(mine)) {
            return mine;
        }
        held.remove(server);
        final boolean preferV6 = server.config().dns().preferIpv6();
        final boolean prevent = server.config().dns().preventDupIp();
        final InetAddress current = server.address().getAddress();
        InetAddress best = null;
        int bestScore = -1;
        for (final InetAddress ip : answers) {
            int score = (ip instanceof Inet6Address) == preferV6 ? 8 : 0;
            if (heldByAnother(server, ip)) {
                if (prevent) {
                    continue;
                }
            } else {
                score += 2;
            }
            if (ip.equals(current)) {
                score++;
            }
            if (score > bestScore) {
                best = ip;
                bestScore = score;
            }
        }
        if (best != null) {
            held.put(server, best);
        }
        return best;
    }

    private boolean heldByAnother(final Server server, final InetAddress ip) {
        for (final Map.Entry<Server, InetAddress> e : held.entrySet()) {
            if (e.getKey() != server && e.getKey().backend() == server.backend() && e.getValue().equals(ip)) {
                return true;
            }
        }
        return false;
    }

    private void noAddress(final Server server, final String cause, final Runnable drain) {
        held.remove(server);
        final var states = server.resolutionMaint(true);
        if (states[0] == states[1]) {
            return;
        }
        ResolutionTransitions.entered(server, states, cause);
        server.address(new InetSocketAddress(ServerAddresses.NO_ADDRESS, server.address().getPort()));
        drain.run();
    }

    private static long hold(final ResolversConfig r, final DnsWire.Status status) {
        return switch (status) {
            case NX -> r.holdNxMs();
            case REFUSED -> r.holdRefusedMs();
            case TIMEOUT -> r.holdTimeoutMs();
            default -> r.holdOtherMs();
        };
    }

    /** HAProxy's cause in the maintenance line. */
    private static String cause(final DnsWire.Status status) {
        return switch (status) {
            case NX -> "DNS NX status";
            case TIMEOUT -> "DNS timeout status";
            case REFUSED -> "DNS refused status";
            default -> "unspecified DNS error";
        };
    }
}
