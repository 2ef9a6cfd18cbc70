package dev.baton.http;

import dev.baton.log.Haproxy26;
import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code http-request return} with {@code lf-string}, {@code file} and {@code lf-file} bodies in HAProxy 2.6 and
 * in baton: the same status, Content-Type, body and headers for the same requests.
 */
class ReturnBodiesSameAsHaproxyTest {
    private static final String[] PATHS = {"/lf?x=1", "/file", "/lffile", "/empty"};

    @TempDir
    Path dir;

    private String config(final int port) throws Exception {
        final Path file = Files.writeString(dir.resolve("body.txt"), "static body\nline 2\n");
        final Path lf = Files.writeString(dir.resolve("body.lf"), "path=%[path] host=%[req.hdr(host)]\n");
        return "defaults\n    mode http\n    timeout connect 2s\n    timeout client 5s\n    timeout server 5s\n"
            + "frontend fe\n    bind 127.0.0.1:" + port + "\n"
            + "    http-request return status 201 content-type text/plain lf-string \"q=%[query] m=%[method]\" "
            + "hdr x-a \"%[path]\" if { path /lf }\n"
            + "    http-request return content-type text/plain file " + file + " if { path /file }\n"
            + "    http-request return status 202 content-type application/x lf-file " + lf + " if { path /lffile }\n"
            + "    http-request return content-type text/plain lf-string \"%[req.hdr(x-none)]\" if { path /empty }\n";
    }

    private static List<String> run(final int port) throws Exception {
        final List<String> out = new ArrayList<>();
        for (final String path : PATHS) {
            try (RawHttp c = RawHttp.open(port)) {
                final RawHttp.Response r = c.send(RawHttp.get(path, "Connection: close\r\n")).read();
                out.add(path + " " + r.status + " type=" + r.header("content-type") + " x-a=" + r.header("x-a")
                    + " length=" + r.header("content-length") + " body=" + r.text());
            }
        }
        return out;
    }

    @Test
    void theSameAnswers() throws Exception {
        Haproxy26.assumeInstalled();
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        final HaproxyProcess h = HaproxyProcess.start(dir, config(hPort), hPort);
        try {
            fromHaproxy = run(hPort);
        } finally {
            h.close();
        }
        final int bPort = RunningDaemon.freePort();
        final List<String> fromBaton;
        final RunningDaemon baton = RunningDaemon.start(config(bPort));
        try {
            fromBaton = run(bPort);
        } finally {
            baton.close();
        }
        assertEquals("/lf?x=1 201 type=text/plain x-a=/lf length=11 body=q=x=1 m=GET", fromHaproxy.get(0));
        assertEquals(fromHaproxy, fromBaton);
    }
}
