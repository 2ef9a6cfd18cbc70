package dev.baton.health;

import dev.baton.backend.CheckReport;
import dev.baton.backend.CheckStatus;
import dev.baton.config.CheckRuleset;
import dev.baton.config.ConfigException;
import dev.baton.config.Timeouts;
import dev.baton.support.BlockingServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule engine ({@link CheckRun}) on tcp-check rulesets against small servers on 127.0.0.1, with the statuses
 * and texts HAProxy 2.6.12 reported for the same rules and the same server behaviour (compared through its
 * {@code show stat}).
 */
class TcpCheckRunTest extends CheckRunFixture {
    private void run(final CheckRuleset rules, final int port) throws IOException {
        rig = new CheckRig(rules, port, 1000, Timeouts.NONE.withConnectMs(1000).withCheckMs(1500));
        rig.advance(0);
    }

    @Test
    void optionTcpCheckAlonePassesWithoutInfoAndAnExplicitConnectSaysTcpCheck() throws Exception {
        final BlockingServer s = server(speaker("hello\r\n", ""));
        run(rules("option tcp-check"), s.port());
        assertEquals(new CheckReport(CheckStatus.L4OK, 0, null, 0), rig.last());
        rig.close();
        run(rules("option tcp-check", "tcp-check connect"), s.port());
        assertEquals(new CheckReport(CheckStatus.L4OK, 0, "(tcp-check)", 0), rig.last());
    }

    @Test
    void refusedConnectSaysWhichStep() throws Exception {
        final int port = closedPort();
        run(rules("option tcp-check"), port);
        assertEquals(new CheckReport(CheckStatus.L4CON, 0, "Connection refused at initial connection step of"
            + " tcp-check", 0), rig.last());
        rig.close();
        final BlockingServer s = server(speaker("", ""));
        run(rules("option tcp-check", "tcp-check connect port " + port + " comment \"cmt\""), s.port());
        assertEquals("Connection refused at step 1 of tcp-check (connect port " + port + ") comment: 'cmt'",
            rig.last().info());
        assertEquals(List.of("DOWN L4CON"), rig.events);
    }

    @Test
    void sendThenExpectPassesWithL7okAndCodeZero() throws Exception {
        final BlockingServer s = server(speaker("", "+PONG\r\n"));
        run(rules("option tcp-check", "tcp-check send PING\\r\\n", "tcp-check expect string +PONG"), s.port());
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, "(tcp-check)", 0), rig.last());
        assertTrue(rig.events.isEmpty(), "UP from the start");
        assertEquals("Server be/s1 is UP, reason: Layer7 check passed, code: 0, info: \"(tcp-check)\", check"
            + " duration: 0ms. 1 active and 0 backup servers online. 0 sessions requeued, 0 total in queue.",
            CheckMessages.up(rig.server, rig.last()), "HAProxy shows the code of every L7OK");
    }

    @Test
    void unwantedContentFailsAtOnce() throws Exception {
        final BlockingServer s = server(speaker("hello world\r\n", ""));
        run(rules("option tcp-check", "tcp-check expect ! string hello"), s.port());
        assertEquals(new CheckReport(CheckStatus.L7RSP, 0, "TCPCHK matched unwanted content 'hello' at step 1", 0),
            rig.last());
    }

    @Test
    void minRecvMakesAMismatchConclusive() throws Exception {
        final BlockingServer s = server(speaker("hello world\r\n", ""));
        run(rules("option tcp-check", "tcp-check expect min-recv 3 string bye"), s.port());
        assertEquals("TCPCHK did not match content 'bye' at step 1", rig.last().info());
        assertEquals(CheckStatus.L7RSP, rig.last().status());
    }

    @Test
    void mismatchWaitsForMoreUntilTimeoutCheckThenSaysWhere() throws Exception {
        final BlockingServer s = server(speaker("hello world\r\n", ""));
        rig = new CheckRig(rules("option tcp-check", "tcp-check comment greeting", "tcp-check expect string bye"),
            s.port(), 1000, Timeouts.NONE.withConnectMs(1000).withCheckMs(1500));
        rig.awaitConnected();
        rig.spin(20);
        assertTrue(rig.check.inProgress(), "a mismatch without min-recv waits for more");
        rig.clock.advance(1_490 * CheckRig.MS);
        rig.spin(2);
        assertTrue(rig.check.inProgress(), "not before timeout check");
        rig.advance(20);
        assertEquals(CheckStatus.L7TOUT, rig.last().status());
        assertEquals(" at step 2 of tcp-check (expect string 'bye') comment: 'greeting'", rig.last().info());
    }

    @Test
    void toutStatusReplacesL7tout() throws Exception {
        final BlockingServer s = server(speaker("", ""));
        rig = new CheckRig(rules("option tcp-check", "tcp-check expect tout-status L6TOUT string hello"), s.port(),
            1000, Timeouts.NONE.withConnectMs(1000).withCheckMs(300));
        rig.awaitConnected();
        rig.advance(310);
        assertEquals(new CheckReport(CheckStatus.L6TOUT, 310, " at step 1 of tcp-check (expect string 'hello')", 0),
            rig.last());
    }

    @Test
    void serverThatClosesAtOnceIsAnEmptyResponse() throws Exception {
        final BlockingServer s = server(socket -> { });
        run(rules("option tcp-check", "tcp-check expect string hello comment greet"), s.port());
        assertEquals(new CheckReport(CheckStatus.L7RSP, 0, "TCPCHK got an empty response at step 1 comment:"
            + " 'greet'", 0), rig.last());
    }

    @Test
    void okAndErrorStatusesWithTheirTexts() throws Exception {
        final BlockingServer s = server(speaker("hello\r\n", ""));
        run(rules("option tcp-check", "tcp-check expect ok-status L7OKC on-success fine string hello"), s.port());
        assertEquals(new CheckReport(CheckStatus.L7OKC, 0, "fine", 0), rig.last());
        assertTrue(rig.server.state().stopping(), "L7OKC puts a running server in NOLB");
        rig.close();
        run(rules("option tcp-check", "tcp-check expect min-recv 1 error-status L7STS on-error bad comment c1"
            + " string bye"), s.port());
        assertEquals(new CheckReport(CheckStatus.L7STS, 0, "bad comment: c1", 0), rig.last());
    }

    @Test
    void statusCodeAndPayloadTextsFromTheReply() throws Exception {
        final BlockingServer s = server(speaker("", "421 Busy now\r\n"));
        run(rules("option tcp-check", "tcp-check send HELO\\r\\n", "tcp-check expect min-recv 4 error-status L7STS"
            + " status-code res.payload(0,3) on-error \"%[res.payload(4,0),cut_crlf]\" rstring ^2"), s.port());
        assertEquals(new CheckReport(CheckStatus.L7STS, 0, "Busy now", 421), rig.last());
    }

    @Test
    void binaryPatternsAndHexDumpRegex() throws Exception {
        final BlockingServer s = server(speaker("", "PONG\r\n"));
        run(rules("option tcp-check", "tcp-check send-binary 50494E470D0A", "tcp-check expect binary 504F4E47"),
            s.port());
        assertEquals(CheckStatus.L7OK, rig.last().status());
        rig.close();
        run(rules("option tcp-check", "tcp-check send-binary 0a", "tcp-check expect ! rbinary ^504F"), s.port());
        assertEquals("TCPCHK matched unwanted content (binary regex) at step 2", rig.last().info());
    }

    @Test
    void consecutiveExpectsAreJudgedAgainWhenMoreComes() throws Exception {
        final BlockingServer s = server(socket -> {
            final OutputStream out = socket.getOutputStream();
            out.write("first\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read(); // the check's "go" below
            out.write("second\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.getInputStream().read();
        });
        rig = new CheckRig(rules("option tcp-check", "tcp-check send go", "tcp-check expect string first",
            "tcp-check expect string second"), s.port(), 1000, Timeouts.NONE.withCheckMs(1500));
        rig.advance(0);
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, "(tcp-check)", 0), rig.last());
    }

    @Test
    void secondConnectOpensANewConnectionAndEverySocketIsClosedAtTheEnd() throws Exception {
        final BlockingServer a = server(speaker("A\r\n", ""));
        final BlockingServer b = server(speaker("B\r\n", ""));
        rig = new CheckRig(rules("option tcp-check", "tcp-check connect", "tcp-check expect string A",
            "tcp-check connect port " + b.port(), "tcp-check expect string B"), a.port(), 1000, Timeouts.NONE);
        rig.advance(0);
        assertEquals(new CheckReport(CheckStatus.L7OK, 0, "(tcp-check)", 0), rig.last());
        assertEquals(1, a.accepted());
        assertEquals(1, b.accepted());
        assertEquals(0, rig.fds.open(), "closed as soon as the result is known");
        assertFalse(rig.check.inProgress());
    }
}
