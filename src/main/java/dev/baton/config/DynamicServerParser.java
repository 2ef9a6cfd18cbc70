package dev.baton.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Parses the server line of the runtime API's {@code add server BACKEND/NAME ADDR [options]} as HAProxy 2.6 does
 * for dynamic servers: the options of a configuration file's {@code server} line that it lists for them, no
 * {@code default-server} settings, and an IP address (HAProxy resolves nothing for a dynamic server; baton refuses a
 * name rather than add a server that has no address). What a checked backend requires of its servers' checks holds
 * too ({@link MappedPortChecks}). Pure; any thread.
 */
public final class DynamicServerParser {
    /** The keywords HAProxy 2.6 accepts on {@code add server} (its manual's list); the others are refused. */
    static final Set<String> ALLOWED = Set.of("agent-addr", "agent-check", "agent-inter", "agent-port", "agent-send",
        "allow-0rtt", "alpn", "addr", "backup", "ca-file", "check", "check-alpn", "check-proto", "check-send-proxy",
        "check-sni", "check-ssl", "check-via-socks4", "ciphers", "ciphersuites", "crl-file", "crt", "disabled",
        "downinter", "enabled", "error-limit", "fall", "fastinter", "force-sslv3", "force-tlsv10", "force-tlsv11",
        "force-tlsv12", "force-tlsv13", "id", "inter", "maxconn", "maxqueue", "minconn", "no-ssl-reuse", "no-sslv3",
        "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13", "no-tls-tickets", "npn", "observe", "on-error",
        "on-marked-down", "on-marked-up", "pool-low-conn", "pool-max-conn", "pool-purge-delay", "port", "proto",
        "proxy-v2-options", "rise", "send-proxy", "send-proxy-v2", "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn",
        "slowstart", "sni", "source", "ssl", "ssl-max-ver", "ssl-min-ver", "tfo", "tls-tickets", "track", "usesrc",
        "verify", "verifyhost", "weight", "ws");
    static final String NO_RESOLUTION = "a server added at run time needs an IP address (nothing is resolved at run "
        + "time; HAProxy would add it without one): got";
    private static final SourceLocation RUNTIME_API = new SourceLocation("runtime API", 0);

    private DynamicServerParser() {
    }

    /** Whether {@code text} is an IPv4 or IPv6 literal, as the configuration reads them (never a name lookup). */
    public static boolean isIpLiteral(final String text) {
        return Addresses.isIpv4(text) || Addresses.isIpv6(text);
    }

    /** The server {@code words} ({@code NAME ADDR [options]}) describe, for {@code backend}; or the error. */
    public static Result parse(final List<String> words, final ProxyConfig backend) {
        final List<String> line = new ArrayList<>(words.size() + 1);
        line.add("server");
        line.addAll(words);
        final Diagnostics diag = new Diagnostics();
        try {
            final ServerConfig s = ServerLineParser.dynamicServer(new Directive(line, RUNTIME_API, diag),
                backend.mode());
            if (s.check().enabled() && s.mapPorts() && s.check().port() == 0 && !s.isUnix()) {
                final String problem = MappedPortChecks.problem(backend.checks());
                if (problem != null) {
                    return new Result(null, "server '" + s.name() + "' " + problem);
                }
            }
            if (!diag.errors().isEmpty()) {
                return new Result(null, diag.errors().get(0).message());
            }
            return new Result(s, null);
        } catch (final LineError e) {
            return new Result(null, e.getMessage());
        }
    }

    /** The server parsed, or null and the error. */
    public record Result(ServerConfig server, String error) {
    }
}
