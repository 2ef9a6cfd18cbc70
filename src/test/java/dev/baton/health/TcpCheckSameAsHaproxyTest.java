package dev.baton.health;

import dev.baton.support.BlockingServer;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code tcp-check} rulesets and {@code http-check} sequences through the daemon and through HAProxy 2.6 on the
 * same configuration and the same servers: for every backend, the first completed check each one shows in
 * {@code show stat} must agree on {@code check_status}, {@code check_code} and {@code last_chk}, texts included.
 * Skipped where HAProxy is not installed (CI installs it).
 */
class TcpCheckSameAsHaproxyTest extends CheckRunFixture {
    @TempDir
    Path dir;

    private int port(final BlockingServer.Handler h) throws IOException {
        return server(h).port();
    }

    @Test
    void tcpCheckAndHttpCheckOutcomesAreHaproxys() throws Exception {
        assumeTrue(Files.isExecutable(SideBySide.HAPROXY), "HAProxy is not installed; CI installs it (.ci/run)");
        final int hello = port(speaker("hello world\r\n", ""));
        final int pong = port(speaker("", "+PONG\r\n"));
        final int echo = port(BlockingServer.echo());
        final int closer = port(socket -> { });
        final int silent = port(speaker("", ""));
        final int refused = closedPort();
        final HttpBackend http = HttpBackend.start(new HttpBackend.Options().name("h1"));
        closeLater(http);
        final Map<String, String> backends = new TreeMap<>();
        backends.put("l4tcp_ok", "option tcp-check|" + hello);
        backends.put("l4tcp_refused", "option tcp-check|" + refused);
        backends.put("connect_only", "option tcp-check\ntcp-check connect|" + hello);
        backends.put("connect_port_refused",
            "option tcp-check\ntcp-check connect port " + refused + " comment cmt|" + hello);
        backends.put("expect_ok", "option tcp-check\ntcp-check expect string hello|" + hello);
        backends.put("expect_unwanted", "option tcp-check\ntcp-check expect ! string hello|" + hello);
        backends.put("expect_nomatch", "option tcp-check\ntcp-check comment greeting\ntcp-check expect string bye|"
            + hello);
        backends.put("expect_regex_tout", "option tcp-check\ntcp-check expect rstring ^bye|" + hello);
        backends.put("expect_binary_tout", "option tcp-check\ntcp-check expect binary 0102|" + hello);
        backends.put("expect_rbinary_ok", "option tcp-check\ntcp-check expect rbinary ^68656C6C6F|" + hello);
        backends.put("expect_silent_tout", "option tcp-check\ntcp-check expect tout-status L6TOUT string hello"
            + " comment waiting|" + silent);
        backends.put("expect_closed", "option tcp-check\ntcp-check expect string hello comment greet|" + closer);
        backends.put("send_expect", "option tcp-check\ntcp-check send PING\\r\\n\ntcp-check expect string +PONG|"
            + pong);
        backends.put("min_recv", "option tcp-check\ntcp-check expect min-recv 3 string bye|" + hello);
        backends.put("statuses", "option tcp-check\ntcp-check expect ok-status L7OKC on-success fine string hello|"
            + hello);
        backends.put("status_code", "option tcp-check\ntcp-check send \"503 nope\\r\\n\"\ntcp-check expect"
            + " min-recv 4 status-code res.payload(0,3) on-error \"%[res.payload(4,0),cut_crlf]\" error-status"
            + " L7STS rstring ^2|" + echo);
        backends.put("binary_echo", "option tcp-check\ntcp-check send-binary 50494E470D0A\ntcp-check expect"
            + " binary 50494E47|" + echo);
        backends.put("two_sends", "option tcp-check\ntcp-check connect\ntcp-check comment phase\ntcp-check send"
            + " one\\r\\n\ntcp-check send two\\r\\n\ntcp-check expect string two|" + echo);
        backends.put("http_seq", "option httpchk\nhttp-check connect\nhttp-check send meth GET uri /health\n"
            + "http-check expect status 200\nhttp-check connect\nhttp-check send meth GET uri /status/503\n"
            + "http-check expect status 200|" + http.port());
        backends.put("http_connect_refused", "option httpchk GET /health\nhttp-check connect port " + refused + "|"
            + http.port());
        backends.put("http_body", "option httpchk GET /health\nhttp-check expect string nothere|" + http.port());
        backends.put("last_option_wins", "option tcp-check\ntcp-check expect string nothere\noption httpchk GET"
            + " /health|" + http.port());
        SideBySide.compare(dir, "tcp", backends);
    }
}
