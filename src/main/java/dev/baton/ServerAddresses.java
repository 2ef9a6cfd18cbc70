package dev.baton;

import dev.baton.config.BatonConfig;
import dev.baton.config.DynamicServerParser;
import dev.baton.config.ProxyConfig;
import dev.baton.config.ServerConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The socket address of every server of a configuration, resolved once. The daemon resolves here at
 * start-up and {@code baton -c} runs the very same resolution (without binding anything), so that what
 * {@code -c} accepts starts. Blocking (name resolution through the system resolver): call it on the main
 * thread at check or start-up time, never on a reactor.
 */
final class ServerAddresses {
    /**
     * The address of a server that has none ({@code init-addr none}, or its name stopped resolving): 0.0.0.0, never
     * dialled since the server is in maintenance meanwhile (HAProxy clears the address).
     */
    static final InetAddress NO_ADDRESS = noAddress();
    private final Map<ServerConfig, InetSocketAddress> addresses = new IdentityHashMap<>();
    private final Map<ServerConfig, InetSocketAddress> checkAddresses = new IdentityHashMap<>();
    private final Map<ServerConfig, InetSocketAddress> agentAddresses = new IdentityHashMap<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private LastAddresses last = (backend, server) -> null;
    private final Set<ServerConfig> unresolved = Collections.newSetFromMap(new IdentityHashMap<>());

    private ServerAddresses() {
    }

    /** The address a running server has, for {@code init-addr last}: by backend and server name, or null. */
    @FunctionalInterface
    interface LastAddresses {
        InetAddress of(String backend, String server);
    }

    /** Resolves the servers of every backend and listen section; each distinct host is looked up once. */
    static ServerAddresses resolve(final BatonConfig config) {
        return resolve(config, (backend, server) -> null);
    }

    /**
     * {@link #resolve(BatonConfig)} over a running configuration: {@code init-addr last} takes the address the
     * server of the same backend and name has now ({@code last}), as HAProxy takes it from its state file.
     */
    static ServerAddresses resolve(final BatonConfig config, final LastAddresses last) {
        final ServerAddresses out = new ServerAddresses();
        out.last = last;
        final Map<String, InetAddress> hosts = new HashMap<>();
        for (final ProxyConfig p : config.proxies()) {
            if (!p.kind().isBackend()) {
                continue;
            }
            for (final ServerConfig s : p.servers()) {
                out.resolve(p.name(), s, hosts);
            }
        }
        return out;
    }

    /**
     * The addresses of {@code server}, one server of {@code proxy} the runtime API adds ({@code add server}).
     * Blocking like {@link #resolve(BatonConfig)}: off the reactors.
     */
    static ServerAddresses resolveOne(final String proxy, final ServerConfig server) {
        final ServerAddresses out = new ServerAddresses();
        out.resolve(proxy, server, new HashMap<>());
        return out;
    }

    /** Resolves {@code s}, a server of {@code proxy}, through the lookups already made ({@code hosts}). */
    private void resolve(final String proxy, final ServerConfig s, final Map<String, InetAddress> hosts) {
        if (s.isUnix()) {
            unix(proxy, s, hosts);
            return;
        }
        final InetAddress address = s.isSrv() ? initialSrv(s) : initial(proxy, s, hosts);
        if (address == null && s.isSrv()) {
            // HAProxy's words when every method was passed over: an SRV name has no host for libc
            errors.add(s.where() + ": server '" + proxy + "/" + s.name() + "': no method found to resolve address '"
                + s.host() + "'");
        } else if (address == null) {
            // HAProxy: "[FILE:LINE] : 'server be/s1' : could not resolve address 'HOST'."
            errors.add(s.where() + ": server '" + proxy + "/" + s.name()
                + "': could not resolve address '" + s.host() + "'");
        } else {
            // a server that maps ports keeps its offset in the config; the address has none
            addresses.put(s, new InetSocketAddress(address, s.mapPorts() ? 0 : s.port()));
        }
        if (s.check().enabled() && s.isSrv() && s.check().addr() == null) {
            // checked where the records send the traffic (HealthCheck follows the server's address and port)
            checkAddresses.put(s, new InetSocketAddress(NO_ADDRESS, s.check().port()));
        } else if (s.check().enabled()) {
            final String checkHost = s.check().addr() != null ? s.check().addr() : s.host();
            if (!hosts.containsKey(checkHost)) {
                hosts.put(checkHost, lookUp(checkHost));
            }
            final InetAddress checkAddress = hosts.get(checkHost);
            if (checkAddress == null && s.check().addr() != null) {
                errors.add(s.where() + ": server '" + proxy + "/" + s.name()
                    + "': could not resolve check address '" + checkHost + "'");
            } else if (checkAddress != null) {
                checkAddresses.put(s, new InetSocketAddress(checkAddress,
                    s.check().port() > 0 ? s.check().port() : s.port()));
            }
        }
        // the agent's address is known (and shown) with agent-addr or addr, even without agent-check
        if (s.agent().enabled() || s.agent().addr() != null || s.check().addr() != null) {
            final String agentHost = s.agent().effectiveHost(s.check(), s.host());
            if (s.isSrv() && agentHost.equals(s.host())) {
                return; // an SRV name is no host: the agent has no address of its own
            }
            if (!hosts.containsKey(agentHost)) {
                hosts.put(agentHost, lookUp(agentHost));
            }
            final InetAddress agentAddress = hosts.get(agentHost);
            if (agentAddress == null && s.agent().enabled() && !agentHost.equals(s.host())) {
                errors.add(s.where() + ": server '" + proxy + "/" + s.name()
                    + "': could not resolve agent address '" + agentHost + "'");
            } else if (agentAddress != null) {
                agentAddresses.put(s,
                    new InetSocketAddress(agentAddress, s.agent().effectivePort(s.check())));
            }
        }
    }

    /**
     * The start-up address of {@code s} by its {@code init-addr} methods in order (HAProxy's default
     * {@code last,libc}): {@code libc} asks the system resolver; {@code none} starts it without an address, in
     * maintenance until its {@code resolvers} section resolves it ({@link #unresolved}); an IP literal is taken as
     * it is; {@code last}, on a reload, takes the address the running server has when a {@code resolvers} section
     * resolves it (what run-time resolution gave it), and gives nothing otherwise, nor at start-up, since baton's server-state file does not carry addresses. Null when no method
     * gave one.
     */
    private InetAddress initial(final String proxy, final ServerConfig s, final Map<String, InetAddress> hosts) {
        if (DynamicServerParser.isIpLiteral(s.host())) {
            return lookUp(s.host()); // a literal: parsed, not resolved
        }
        boolean libcFailed = false;
        for (final String method : s.dns().startMethods()) {
            switch (method) {
                case "last" -> {
                    // only a server resolved at run time: a name resolved at start-up is looked up again by libc
                    final InetAddress running = s.dns().resolvers() == null ? null : last.of(proxy, s.name());
                    if (running != null) {
                        return running;
                    }
                }
                case "libc" -> {
                    if (!hosts.containsKey(s.host())) {
                        hosts.put(s.host(), lookUp(s.host())); // null too: a failure is not retried either
                    }
                    if (hosts.get(s.host()) != null) {
                        return hosts.get(s.host());
                    }
                    libcFailed = true;
                }
                case "none" -> {
                    unresolved.add(s);
                    if (libcFailed) {
                        // HAProxy: "[FILE:LINE] : 'server be/s1' : could not resolve address 'HOST', disabling server."
                        warnings.add(s.where() + ": server '" + proxy + "/" + s.name() + "': could not resolve address '"
                            + s.host() + "', disabling server");
                    }
                    return NO_ADDRESS;
                }
                default -> {
                    return lookUp(method); // an IP literal, checked when read
                }
            }
        }
        return null;
    }

    /**
     * The start-up address of a server named by a DNS SRV record: {@code last} and {@code libc} have no host name to
     * work on (baton's {@code last} would also lose the record's port) and are passed over, as HAProxy passes them
     * over, so only an IP literal or {@code none} (appended to the default methods when a {@code resolvers} section
     * is named) give one. Null when neither is listed.
     */
    private InetAddress initialSrv(final ServerConfig s) {
        for (final String method : s.dns().startMethods()) {
            if (method.equals("none")) {
                unresolved.add(s);
                return NO_ADDRESS;
            }
            if (!method.equals("last") && !method.equals("libc")) {
                return lookUp(method); // an IP literal, checked when read
            }
        }
        return null;
    }

    /** Whether {@code server} starts without an address ({@code init-addr none}), in maintenance. */
    boolean unresolved(final ServerConfig server) {
        return unresolved.contains(server);
    }

    /**
     * A Unix server has nothing to resolve; its health check connects to its socket unless {@code addr} names
     * another host (then with {@code port}).
     */
    private void unix(final String proxy, final ServerConfig s, final Map<String, InetAddress> hosts) {
        final String checkHost = s.check().addr();
        if (s.check().enabled() && checkHost != null) {
            hosts.computeIfAbsent(checkHost, ServerAddresses::lookUp);
            final InetAddress at = hosts.get(checkHost);
            if (at == null) {
                errors.add(s.where() + ": server '" + proxy + "/" + s.name() + "': could not resolve check address '"
                    + checkHost + "'");
            } else {
                checkAddresses.put(s, new InetSocketAddress(at, s.check().port()));
            }
        }
    }

    private static InetAddress noAddress() {
        try {
            return InetAddress.getByAddress(new byte[4]);
        } catch (final UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The address of {@code host}, or null when it does not resolve. */
    private static InetAddress lookUp(final String host) {
        try {
            return InetAddress.getByName(host);
        } catch (final UnknownHostException e) {
            return null;
        }
    }

    /** The address of {@code server}, a server of the configuration given; null if it did not resolve. */
    InetSocketAddress of(final ServerConfig server) {
        return addresses.get(server);
    }

    /** Where {@code server}'s health check connects ({@code addr}, {@code port}); null without {@code check}. */
    InetSocketAddress checkOf(final ServerConfig server) {
        return checkAddresses.get(server);
    }

    /**
     * Where {@code server}'s agent check connects ({@code agent-addr}, else {@code addr}, else the server's host;
     * {@code agent-port}, else {@code port}); null without {@code agent-check}, {@code agent-addr} or {@code addr}.
     */
    InetSocketAddress agentOf(final ServerConfig server) {
        return agentAddresses.get(server);
    }

    /** One {@code FILE:LINE: message} per server whose address did not resolve, in file order. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /**
     * One {@code FILE:LINE: message} per server whose name did not resolve and that starts in maintenance instead
     * ({@code none} after a failed {@code libc}), in file order: HAProxy's warning.
     */
    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
