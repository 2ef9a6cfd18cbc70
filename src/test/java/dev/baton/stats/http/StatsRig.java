package dev.baton.stats.http;

import dev.baton.support.RunningDaemon;
import dev.baton.testservers.HttpBackend;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-process baton serving its stats page and Prometheus metrics on frontend {@code fe}: the page under
 * {@code /stats} (refresh 5 s, optionally behind {@code stats auth}), {@code /metrics} through
 * {@code use-service prometheus-exporter}, and backends {@code app} (one live test server {@code web0} and
 * {@code SERVERS - 1} servers nobody listens on, {@code balance first} so that proxied requests reach it) and {@code api}. The runtime API listens on TCP.
 */
final class StatsRig implements AutoCloseable {
    static final int SERVERS = 40;

    final HttpBackend live;
    final RunningDaemon daemon;
    final int port;
    final int cliPort;
    final List<String> serverNames = new ArrayList<>();

    StatsRig(final String... extraFrontendLines) throws Exception {
        this(List.of(), extraFrontendLines);
    }

    /** With {@code globalLines} added to the global section. */
    StatsRig(final List<String> globalLines, final String... extraFrontendLines) throws Exception {
        live = HttpBackend.start(new HttpBackend.Options().name("web0"));
        port = RunningDaemon.freePort();
        cliPort = RunningDaemon.freePort();
        final StringBuilder app = new StringBuilder();
        for (int i = 0; i < SERVERS; i++) {
            final String name = "web" + i;
            serverNames.add(name);
            app.append("    server ").append(name).append(" 127.0.0.1:").append(i == 0 ? live.port() : 1).append('\n');
        }
        serverNames.add("api-a");
        serverNames.add("api-b");
        final String config = "global\n"
            + "    nbthread 2\n"
            + globalLines.stream().map(l -> "    " + l + "\n").reduce("", String::concat)
            + "    stats socket ipv4@127.0.0.1:" + cliPort + " level admin\n"
            + "defaults\n"
            + "    mode http\n"
            + "    timeout connect 2s\n"
            + "    timeout client 20s\n"
            + "    timeout server 20s\n"
            + "frontend fe\n"
            + "    bind 127.0.0.1:" + port + "\n"
            + "    stats enable\n"
            + "    stats uri /stats\n"
            + "    stats refresh 5s\n"
            + String.join("", extraFrontendLines.length == 0 ? List.of() : List.of(String.join("\n", extraFrontendLines) + "\n"))
            + "    http-request use-service prometheus-exporter if { path /metrics }\n"
            + "    default_backend app\n"
            + "backend app\n"
            + "    balance first\n"
            + app
            + "backend api\n"
            + "    server api-a 127.0.0.1:1\n"
            + "    server api-b 127.0.0.1:1\n";
        daemon = RunningDaemon.start(config);
    }

    /** One runtime API command over TCP, its answer without the closing empty line. */
    String cli(final String command) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", cliPort), 5_000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            s.getInputStream().transferTo(out);
            return out.toString(StandardCharsets.UTF_8).stripTrailing();
        }
    }

    @Override
    public void close() {
        daemon.close();
        live.close();
    }
}
