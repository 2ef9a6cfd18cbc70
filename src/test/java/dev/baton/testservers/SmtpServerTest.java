package dev.baton.testservers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The SMTP speaker: greeting, HELO/EHLO, QUIT, 500 for the rest; greeting and HELO answer switched at run time. */
class SmtpServerTest {
    /** A client session: reads CRLF lines (a bare LF would show up as a missing CR), writes commands. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final BufferedReader in;

        Client(final SmtpServer server) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
            socket.setSoTimeout(5_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        }

        /** The next line, which must end with CRLF, without it; null at end of stream. */
        String line() throws IOException {
            final StringBuilder b = new StringBuilder();
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    assertEquals('\r', b.charAt(b.length() - 1), "line ends with CRLF: " + b);
                    return b.substring(0, b.length() - 1);
                }
                b.append((char) c);
            }
            assertEquals("", b.toString(), "bytes before the end of stream");
            return null;
        }

        void send(final String command) throws IOException {
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void aSessionAsSmtpchkRunsIt() throws Exception {
        try (SmtpServer smtp = SmtpServer.start(new SmtpServer.Options());
             Client c = new Client(smtp)) {
            assertEquals("220 smtp.test ESMTP", c.line());
            c.send("HELO localhost");
            assertEquals("250 smtp.test", c.line());
            c.send("EHLO checker.example");
            assertEquals("250-smtp.test greets checker.example", c.line());
            assertEquals("250-PIPELINING", c.line());
            assertEquals("250 8BITMIME", c.line());
            c.send("helo");
            assertEquals("501 5.5.4 HELO requires a domain", c.line());
            c.send("MAIL FROM:<a@b>");
            assertEquals("500 5.5.2 command not recognized", c.line());
            c.send("QUIT");
            assertEquals("221 2.0.0 smtp.test closing connection", c.line());
            assertNull(c.line(), "closed after QUIT");
            assertEquals("QUIT", smtp.lastCommand());
            assertEquals(5, smtp.commandsReceived());
            assertEquals(1, smtp.greetingsSent());
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrderAndBareLfIsAccepted() throws Exception {
        try (SmtpServer smtp = SmtpServer.start(new SmtpServer.Options().greeting("220-first\n220 second"));
             Client c = new Client(smtp)) {
            assertEquals("220-first", c.line());
            assertEquals("220 second", c.line());
            c.socket.getOutputStream().write("HELO a\nNOOP\r\nQUIT\r\nHELO never\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            assertEquals("250 smtp.test", c.line());
            assertEquals("500 5.5.2 command not recognized", c.line());
            assertEquals("221 2.0.0 smtp.test closing connection", c.line());
            assertNull(c.line(), "nothing after QUIT is answered");
        }
    }

    @Test
    void theGreetingAndTheHelloAnswerChangeAtRunTime() throws Exception {
        try (SmtpServer smtp = SmtpServer.start(new SmtpServer.Options())) {
            smtp.greeting("421 4.3.2 busy");
            try (Client c = new Client(smtp)) {
                assertEquals("421 4.3.2 busy", c.line());
                assertNull(c.line(), "a 421 greeting is followed by a close");
            }
            smtp.greeting("554 no service here");
            smtp.helloReply("550 go away");
            try (Client c = new Client(smtp)) {
                assertEquals("554 no service here", c.line());
                c.send("HELO localhost");
                assertEquals("550 go away", c.line());
            }
            smtp.greeting(SmtpServer.DEFAULT_GREETING);
            smtp.helloReply(null);
            try (Client c = new Client(smtp)) {
                assertEquals("220 smtp.test ESMTP", c.line());
                c.send("HELO localhost");
                assertEquals("250 smtp.test", c.line());
            }
        }
    }

    @Test
    void anEmptyGreetingIsSilence() throws Exception {
        try (SmtpServer smtp = SmtpServer.start(new SmtpServer.Options().greeting(""));
             Client c = new Client(smtp)) {
            c.socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, c::line, "nothing is sent");
            assertEquals(0, smtp.greetingsSent());
        }
    }

    @Test
    void anOverlongLineIsRefusedAndClosed() throws Exception {
        try (SmtpServer smtp = SmtpServer.start(new SmtpServer.Options());
             Client c = new Client(smtp)) {
            assertEquals("220 smtp.test ESMTP", c.line());
            c.socket.getOutputStream().write("X".repeat(5000).getBytes(StandardCharsets.US_ASCII));
            assertEquals("500 5.5.6 line too long", c.line());
            assertNull(c.line());
        }
    }

    @Test
    void greetingsAreLinesWithoutCarriageReturns() {
        assertThrows(IllegalArgumentException.class, () -> new SmtpServer.Options().greeting("220 a\r\n220 b"));
        assertThrows(IllegalArgumentException.class, () -> new SmtpServer.Options().greeting(null));
    }
}
