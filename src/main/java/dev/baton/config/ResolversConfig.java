package dev.baton.config;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * One {@code resolvers NAME} section (HAProxy 2.6 manual 5.3.2): the UDP name servers queried, in the order
 * declared ({@code nameserver ID IP:PORT}, and those {@code parse-resolv-conf} read from /etc/resolv.conf, named by
 * their address), their ids in the same order, how many
 * times a query is sent before a resolution times out ({@code resolve_retries}), the delay between two sends of an
 * unanswered query ({@code timeout retry}), how often the servers' names are looked at ({@code timeout resolve}),
 * how long each outcome is trusted ({@code hold valid|nx|refused|timeout|other|obsolete}, milliseconds) and the
 * EDNS0 payload size announced ({@code accepted_payload_size}). Defaults as HAProxy's.
 */
public record ResolversConfig(String name, List<InetSocketAddress> nameservers, List<String> nameserverIds,
                              int resolveRetries,
                              long timeoutResolveMs, long timeoutRetryMs, long holdValidMs, long holdNxMs,
                              long holdRefusedMs, long holdTimeoutMs, long holdOtherMs, long holdObsoleteMs,
                              int acceptedPayloadSize, SourceLocation where) {
    public static final int DEFAULT_RETRIES = 3;
    public static final long DEFAULT_TIMEOUT_MS = 1000;
    public static final long DEFAULT_HOLD_VALID_MS = 10_000;
    public static final long DEFAULT_HOLD_ERROR_MS = 30_000;
    public static final int DEFAULT_PAYLOAD = 512;

    public ResolversConfig {
        nameservers = List.copyOf(nameservers);
        nameserverIds = List.copyOf(nameserverIds);
    }

    /** A section with HAProxy's defaults and no name server yet. */
    static ResolversConfig defaults(final String name, final SourceLocation where) {
        return new ResolversConfig(name, List.of(), List.of(), DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, DEFAULT_TIMEOUT_MS,
            DEFAULT_HOLD_VALID_MS, DEFAULT_HOLD_ERROR_MS, DEFAULT_HOLD_ERROR_MS, DEFAULT_HOLD_ERROR_MS,
            DEFAULT_HOLD_ERROR_MS, 0, DEFAULT_PAYLOAD, where);
    }
}
