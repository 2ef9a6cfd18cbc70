package dev.baton.config;

import java.util.List;

/**
 * A server's name-resolution settings: the {@code resolvers} section that re-resolves its name at run time (null:
 * none, the name is resolved once at start-up), the address family asked first ({@code resolve-prefer}, IPv6 by
 * default as in HAProxy, the other family being the fallback), {@code resolve-opts prevent-dup-ip} (an address
 * another server of the backend already has is not taken), {@code resolve-opts ignore-weight} (a DNS SRV record's
 * weight is not applied) and the start-up methods tried in order ({@code init-addr}: {@code last}, {@code libc},
 * {@code none} or an IP literal; HAProxy's default {@code last,libc}).
 */
public record ServerDns(String resolvers, boolean preferIpv6, boolean preventDupIp, List<String> initAddr,
                        boolean ignoreWeight) {
    public static final List<String> DEFAULT_INIT_ADDR = List.of("last", "libc");
    public static final ServerDns NONE = new ServerDns(null, true, true, DEFAULT_INIT_ADDR, false);

    public ServerDns {
        initAddr = List.copyOf(initAddr);
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
