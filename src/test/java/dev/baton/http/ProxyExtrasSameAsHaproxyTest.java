package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.Sockets;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * HAProxy 2.6 and baton on one configuration with {@code monitor-uri} and {@code monitor fail}, {@code errorloc},
 * a {@code disabled} backend and frontend, a forced {@code id}, and a tcp frontend chained to an http backend: the
 * same statuses, bodies and locations for the same requests, and the same proxies and ids in {@code show stat}.
 * HAProxy runs as a child process ({@code -db}), stopped by its process before the test ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyExtrasSameAsHaproxyTest {
    @TempDir
    Path dir;

    private static String config(final Path socket, final int[] ports, final int serverPort) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " level admin",
            "defaults",
            "    mode http",
            "    timeout connect 1s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + ports[0],
            "    monitor-uri /mon",
            "    monitor fail if { hdr(X-Fail) yes }",
            "    errorloc 503 http://status.example/down",
            "    use_backend off if { path_beg /off }",
            "    default_backend app",
            "frontend raw",
            "    mode tcp",
            "    bind 127.0.0.1:" + ports[1],
            "    default_backend app",
            "frontend sleeping",
            "    disabled",
            "    bind 127.0.0.1:" + ports[2],
            "    default_backend app",
            "backend app",
            "    id 9",
            "    http-request return status 201 if { path /here }",
            "    server s 127.0.0.1:" + serverPort,
            "backend off",
            "    disabled",
            "    server s 127.0.0.1:1",
            "");
    }

    private static int[] freePorts() throws IOException {
        return new int[] {RunningDaemon.freePort(), RunningDaemon.freePort(), RunningDaemon.freePort()};
    }

    private static String answer(final int port, final String request) throws IOException {
        try (RawHttp c = RawHttp.open(port)) {
            final RawHttp.Response r = c.send(request).read();
            final String location = r.header("Location");
            return r.status + (location == null ? "" : " -> " + location) + (r.body.length == 0 ? "" : " " + r.text());
        }
    }

    /** What a client sees of each scenario, and the pxname/svname/iid of every show stat row. */
    private static List<String> observe(final int[] ports, final Path socket) throws IOException {
        final List<String> out = new ArrayList<>();
        out.add("monitor: " + answer(ports[0], RawHttp.get("/mon")));
        out.add("monitor failing: " + answer(ports[0], RawHttp.get("/mon", "X-Fail: yes\r\n")));
        out.add("disabled backend: " + answer(ports[0], RawHttp.get("/off/x")));
        out.add("upgraded rule: " + answer(ports[1], RawHttp.get("/here")));
        out.add("upgraded garbage: " + answer(ports[1], "NOT HTTP AT ALL\r\n\r\n").split(" ")[0]);
        try (Socket s = new Socket("127.0.0.1", ports[2])) {
            out.add("disabled frontend: connected " + s.isConnected());
        } catch (final ConnectException e) {
            out.add("disabled frontend: refused");
        }
        for (final String line : Sockets.stats(socket, "show stat").split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                final String[] f = line.split(",", -1);
                out.add("stat " + f[0] + "/" + f[1] + " iid " + f[27]);
            }
        }
        return out;
    }

    @Test
    void monitorErrorlocDisabledIdsAndTheUpgradeAsHaproxy() throws Exception {
        Haproxy26.assumeInstalled();
        try (HttpBackend server = HttpBackend.start(new HttpBackend.Options().name("s"))) {
            final int[] hPorts = freePorts();
            final Path hSocket = dir.resolve("h.sock");
            final Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config(hSocket, hPorts, server.port()));
            final List<String> fromHaproxy = Haproxy26.around(cfg, dir.resolve("haproxy.out"),
                () -> Files.exists(hSocket) && Haproxy26.listening(hPorts[1]), () -> observe(hPorts, hSocket));
            final int[] bPorts = freePorts();
            final Path bSocket = dir.resolve("b.sock");
            final List<String> fromBaton;
            try (RunningDaemon baton = RunningDaemon.start(config(bSocket, bPorts, server.port()))) {
                fromBaton = observe(baton.port("fe") == bPorts[0] ? bPorts : new int[0], bSocket);
            }
            assertEquals(List.of(
                "monitor: 200 <html><body><h1>200 OK</h1>\nService ready.\n</body></html>\n",
                "monitor failing: 302 -> http://status.example/down", // the 503 is the frontend's: its errorloc
                "disabled backend: 302 -> http://status.example/down",
                "upgraded rule: 201",
                "upgraded garbage: 400",
                "disabled frontend: refused",
                "stat fe/FRONTEND iid 2", "stat raw/FRONTEND iid 3", "stat app/s iid 9", "stat app/BACKEND iid 9"),
                fromHaproxy, "HAProxy's own answers (the scenario is what the test thinks it is)");
            assertEquals(fromHaproxy, fromBaton);
        }
    }
}
