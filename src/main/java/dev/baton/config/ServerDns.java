package dev.baton.config;

import java.util.List;

/**
 * A server's name-resolution settings: the {@code resolvers} section that re-resolves its name at run time (null:
 * none, the name is resolved once at start-up), the address family asked first ({@code resolve-prefer}, IPv6 by
 * default as in HAProxy, the other family being the fallback), {@code resolve-opts prevent-dup-ip} (an address
 * another server of the backend already has is not taken), {@code resolve-opts ignore-weight} (a DNS SRV record's
 * weight is not applied) and the start-up methods tried in order as written ({@code init-addr}: {@code last},
 * {@code libc}, {@code none} or an IP literal; empty when not written, {@link #startMethods} then gives HAProxy's
 * default).
 */
public record ServerDns(String resolvers, boolean preferIpv6, boolean preventDupIp, List<String> initAddr,
                        boolean ignoreWeight) {
    /** HAProxy's start-up methods of a server without {@code init-addr}. */
    public static final List<String> DEFAULT_INIT_ADDR = List.of("last", "libc");
    /** The same for a server a {@code resolvers} section re-resolves: one whose name fails waits in maintenance. */
    public static final List<String> DEFAULT_INIT_ADDR_WITH_RESOLVERS = List.of("last", "libc", "none");
    public static final ServerDns NONE = new ServerDns(null, true, true, List.of(), false);

    public ServerDns {
        initAddr = List.copyOf(initAddr);
    }

    /**
     * The start-up methods in order: those of {@code init-addr}, else HAProxy 2.6's default ({@code last,libc}),
     * with {@code none} appended when a {@code resolvers} section re-resolves the name, so that a name not resolving
     * yet (a container not started) leaves the server in maintenance rather than failing the start
     * (srv_iterate_initaddr).
     */
    public List<String> startMethods() {
        if (!initAddr.isEmpty()) {
            return initAddr;
        }
        return resolvers != null ? DEFAULT_INIT_ADDR_WITH_RESOLVERS : DEFAULT_INIT_ADDR;
    }

    ServerDns withResolvers(final String v) {
        return new ServerDns(v, preferIpv6, preventDupIp, initAddr, ignoreWeight);
    }

    ServerDns withPreferIpv6(final boolean v) {
        return new ServerDns(resolvers, v, preventDupIp, initAddr, ignoreWeight);
    }

    ServerDns withPreventDupIp(final boolean v) {
        return new ServerDns(resolvers, preferIpv6, v, initAddr, ignoreWeight);
    }

    ServerDns withInitAddr(final List<String> v) {
        return new ServerDns(resolvers, preferIpv6, preventDupIp, v, ignoreWeight);
    }

    ServerDns withIgnoreWeight(final boolean v) {
        return new ServerDns(resolvers, preferIpv6, preventDupIp, initAddr, v);
    }
}
