package dev.baton.stats;

/**
 * Process-wide figures, named after HAProxy's {@code show info} fields.
 *
 * @param name          product name ({@code Name})
 * @param version       product version ({@code Version})
 * @param pid           operating-system process id ({@code Pid})
 * @param nbthread      reactors ({@code Nbthread})
 * @param startEpochMs  wall-clock start ({@code Start_time_sec})
 * @param uptimeMs      time since start ({@code Uptime_sec})
 * @param ulimitN       file-descriptor limit ({@code Ulimit-n})
 * @param maxsock       sockets the FD budget allows ({@code Maxsock})
 * @param maxconn       global connection limit ({@code Maxconn})
 * @param currConns     clients connected now ({@code CurrConns})
 * @param cumConns      clients accepted since start ({@code CumConns})
 * @param currStreams   streams alive now ({@code CurrStreams})
 * @param cumStreams    streams started since start ({@code CumStreams})
 * @param listeners     listening sockets of the frontends ({@code Listeners})
 * @param openSockets   sockets open now: listeners, clients and servers
 * @param cumReq        HTTP requests received since start ({@code CumReq})
 * @param jvm           the Java virtual machine's allocation and collection figures
 */
public record ProcessStats(String name, String version, long pid, int nbthread, long startEpochMs, long uptimeMs,
                           long ulimitN, int maxsock, int maxconn, int currConns, long cumConns, int currStreams,
                           long cumStreams, int listeners, int openSockets, long cumReq, JvmStats jvm) {
}
