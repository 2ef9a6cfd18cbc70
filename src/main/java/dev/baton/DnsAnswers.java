package dev.baton;

import dev.baton.backend.Server;
import dev.baton.config.ResolversConfig;
import dev.baton.dns.DnsResolver;
import dev.baton.dns.DnsWire;
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
 * address as HAProxy does. Runs on the servers' thread only
 * ({@link DynamicServers}), which owns {@link #held}.
 */
final class DnsAnswers {
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
            final InetSocketAddress now = server.address();
            if (!ip.equals(now.getAddress())) {
                final String before = now.getAddress().isAnyLocalAddress() ? "(none)"
                    : IpText.toString(now.getAddress().getAddress());
                final String after = IpText.toString(ip.getAddress());
                final String updater = " by " + outcome.answeredBy();
                ServerAddressChange.apply(server, after, null, updater, drain);
                ServerEventLog.server(server, ServerEventLog.Severity.NOTICE,
                    server + " changed its IP from " + before + " to " + after + updater + ".");
            }
            ResolutionTransitions.left(server, server.config().host(), server.resolutionMaint(false));
            return;
        }
        if (outcome.msSinceValid() >= hold(outcome.resolvers(), outcome.status())) {
            noAddress(server, cause(outcome.status()), drain);
        }
    }

    /** Forgets what {@code server} held (it left the configuration). */
    void forget(final Server server) {
        held.remove(server);
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
