package dev.baton.spoe;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TestSpoa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HAProxy 2.6 talking to the test agent ({@link TestSpoa}): its handshake, NOTIFY frames and ACKs are right, so that
 * tests can hold baton to the same agent.
 */
class HaproxyWithTestSpoaTest {
    @TempDir
    Path tmp;

    @Test
    void haproxySendsTheMessageAndAppliesTheAgentsVariables() throws Exception {
        try (TestSpoa agent = TestSpoa.start(n -> {
            final String path = (String) n.arg("check", "path");
            return TestSpoa.Reply.now(TestSpoa.Action.set(Spop.SCOPE_TXN, "code", path.contains("attack") ? 1 : 0),
                TestSpoa.Action.set(Spop.SCOPE_SESS, "seen", "yes"));
        })) {
            final int port = RunningDaemon.freePort();
            final String cfg = SpoeThroughDaemonTest.config(tmp, port, agent.port(), "");
            try (HaproxyProcess h = HaproxyProcess.start(tmp, cfg, port)) {
                try (RawHttp c = RawHttp.open(port)) {
                    final RawHttp.Response ok = c.send(RawHttp.get("/fine")).read();
                    assertEquals(200, ok.status, String.join("\n", h.lines()));
                    assertEquals("0", ok.header("x-v"));
                    assertEquals("yes", ok.header("x-seen"));
                }
                try (RawHttp c = RawHttp.open(port)) {
                    assertEquals(403, c.send(RawHttp.get("/attack")).read().status);
                }
                assertTrue(agent.hellos.peek().items().get("capabilities").toString().contains("pipelining"));
                assertEquals("2.0", agent.hellos.peek().items().get("supported-versions"));
                final TestSpoa.Notify first = agent.notifies.peek();
                assertEquals("/fine", first.arg("check", "path"));
                assertEquals(InetAddress.getLoopbackAddress(), first.arg("check", "ip"));
                assertEquals("GET", first.messages().get(0).args().get(""));
            }
        }
    }
}
