package dev.baton.testservers;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The agent-check responder: one line per connection, then FIN; the reply changes at run time. */
class AgentServerTest {
    /** Connects, sends {@code send} (the checker's agent-send), reads until the server's FIN, closes. */
    private static String check(final AgentServer agent, final String send) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), agent.port())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(send.getBytes(StandardCharsets.US_ASCII));
            final InputStream in = s.getInputStream();
            final ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int b = in.read(); b >= 0; b = in.read()) {
                got.write(b);
            }
            return got.toString(StandardCharsets.US_ASCII);
        }
    }

    @Test
    void eachCheckGetsTheCurrentReplyLine() throws Exception {
        try (AgentServer agent = AgentServer.start(new AgentServer.Options().reply("up 75%"))) {
            assertEquals("up 75%\n", check(agent, ""));

            agent.reply("drain");
            assertEquals("drain\n", check(agent, "hello\n"));
            await("what the checker sent is kept").atMost(Duration.ofSeconds(5))
                .until(() -> agent.lastReceived().equals("hello\n"));
            assertEquals(2, agent.repliesSent());
        }
    }

    @Test
    void aReplyIsOneLine() {
        assertThrows(IllegalArgumentException.class, () -> new AgentServer.Options().reply("up\ndown"));
    }
}
