package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.config.CheckRuleset;
import dev.baton.config.Timeouts;
import dev.baton.support.BlockingServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule engine ({@link CheckRun}) on {@code http-check expect hdr|fhdr} and the expect options of an HTTP rule,
 * against scripted HTTP servers on 127.0.0.1 with the hand clock; the outcomes are those HAProxy 2.6.12 gave for
 * the same rules and responses (see also {@link HttpExpectSameAsHaproxyTest}).
 */
class HttpExpectRunTest extends CheckRunFixture {
    private static final String ROLES = "HTTP/1.1 200 OK\r\nX-Role: standby\r\nx-role: primary\r\n"
        + "X-List: \"a,b\", c\r\nContent-Length: 0\r\n\r\n";

    private void run(final int port, final String... lines) throws IOException, dev.baton.config.ConfigException {
        rig = new CheckRig(http(lines), port, 1000, Timeouts.NONE.withConnectMs(1000).withCheckMs(1500));
        rig.advance(0);
    }

    private static CheckRuleset http(final String... lines) throws dev.baton.config.ConfigException {
        final String[] all = new String[lines.length + 1];
        all[0] = "option httpchk GET /health";
        System.arraycopy(lines, 0, all, 1, lines.length);
        return rules(all);
    }

    private CheckReport outcome(final int port, final String... lines) throws Exception {
        run(port, lines);
        final CheckReport r = rig.last();
        rig.close();
        rig = null;
        return r;
    }

    @Test
    void presenceAndAbsenceOfAHeader() throws Exception {
        final int port = server(responder(ROLES)).port();
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, null, 200), outcome(port, "http-check expect hdr name X-ROLE"));
        run(port, "http-check expect hdr name x-missing");
        assertEquals(new CheckReport(CheckStatus.L7STS, 0, "OK", 200), rig.last(), "the reason phrase, as HAProxy");
        assertEquals("Server be/s1 is DOWN, reason: Layer7 wrong status, code: 200, info: \"OK\", check duration: 0ms."
            + " 0 active and 0 backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
            CheckMessages.down(rig.server, rig.last()));
    }

    @Test
    void everyHeaderOfTheNameIsTriedAndHdrSplitsOutsideQuotes() throws Exception {
        final int port = server(responder(ROLES)).port();
        assertEquals(CheckStatus.L7OK, outcome(port, "http-check expect hdr name x-role value primary").status(),
            "the second X-Role header");
        assertEquals(CheckStatus.L7OK, outcome(port, "http-check expect hdr name x-list value '\"a,b\"'").status(),
            "a quoted comma does not split");
        assertEquals(CheckStatus.L7OK, outcome(port, "http-check expect hdr name x-list value c").status());
        assertEquals(CheckStatus.L7STS, outcome(port, "http-check expect fhdr name x-list value c").status(),
            "fhdr tests the whole value");
        assertEquals(CheckStatus.L7OK, outcome(port, "http-check expect fhdr name x-list value -m end \", c\"")
            .status());
    }

    @Test
    void negationOfNameAndValue() throws Exception {
        final int port = server(responder(ROLES)).port();
        assertEquals(CheckStatus.L7OK, outcome(port, "http-check expect ! hdr name x-missing").status());
        assertEquals(new CheckReport(CheckStatus.L7STS, 0, "OK comment: no roles", 200),
            outcome(port, "http-check expect comment \"no roles\" ! hdr name -m beg x-r"));
        assertEquals(CheckStatus.L7OK, outcome(port, "http-check expect ! hdr name x-role value -m reg ^master$")
            .status());
    }

    @Test
    void okStatusAndOnSuccessOnTheLastRule() throws Exception {
        final int port = server(responder(ROLES)).port();
        run(port, "http-check expect ok-status L7OKC on-success \"read only\" hdr name x-role value standby");
        assertEquals(new CheckReport(CheckStatus.L7OKC, 0, "read only", 200), rig.last());
        assertTrue(rig.server.state().stopping(), "L7OKC puts a running server in NOLB");
    }

    @Test
    void errorStatusAndOnErrorButNotForAResponseThatIsNotHttp() throws Exception {
        final int roles = server(responder(ROLES)).port();
        assertEquals(new CheckReport(CheckStatus.L7RSP, 0, "no primary comment: c", 0), outcome(roles,
            "http-check expect error-status L7RSP on-error \"no primary\" comment c hdr name x-primary"));
        final int junk = server(responder("SSH-2.0-OpenSSH\r\n\r\n")).port();
        assertEquals(new CheckReport(CheckStatus.L7RSP, 0, "nope", 0),
            outcome(junk, "http-check expect error-status L7STS on-error nope hdr name x-role"));
    }

    @Test
    void toutStatusReplacesL7toutWithoutInfo() throws Exception {
        final BlockingServer silent = server(speaker("", ""));
        rig = new CheckRig(http("http-check expect tout-status L6TOUT hdr name x-role"), silent.port(), 1000,
            Timeouts.NONE.withConnectMs(1000).withCheckMs(300));
        rig.awaitConnected();
        rig.advance(310);
        assertEquals(new CheckReport(CheckStatus.L6TOUT, 310, null, 0), rig.last());
    }

    /** Sends the head and the first part of a body of 20 bytes, then holds the connection open. */
    private static BlockingServer.Handler partialBody() {
        return socket -> {
            final InputStream in = socket.getInputStream();
            while (in.read() != '\n' || in.available() > 0) {
                // the request, up to its last line feed
            }
            final OutputStream out = socket.getOutputStream();
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nstarting".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            in.read(); // until the check closes
        };
    }

    @Test
    void minRecvMakesABodyMismatchConclusiveBeforeTheBodyEnds() throws Exception {
        final BlockingServer s = server(partialBody());
        run(s.port(), "http-check expect min-recv 4 string ready");
        assertEquals(new CheckReport(CheckStatus.L7RSP, 0, "HTTP content check did not match", 0), rig.last());
        rig.close();
        rig = new CheckRig(http("http-check expect string ready"), s.port(), 1000,
            Timeouts.NONE.withConnectMs(1000).withCheckMs(300));
        rig.awaitConnected();
        rig.spin(20);
        assertTrue(rig.check.inProgress(), "without min-recv a mismatch waits for the rest of the body");
        rig.advance(310);
        assertEquals(CheckStatus.L7TOUT, rig.last().status());
    }
}
