package dev.baton.testservers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.baton.support.RawHttp;
import dev.baton.testservers.HttpBackend.Misbehaviour;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TestServersTest {
    private static final Pattern LISTENING = Pattern.compile("listening (http|echo) (\\S+) 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void parsesASingleHttpServer() throws Exception {
        final TestServers.Command c = TestServers.parse(new String[] {
            "http", "--port", "8081", "--name", "s1", "--delay-ms", "5", "--body-size=100",
            "--keepalive-timeout-ms", "1000", "--close-after", "3", "--misbehave", "close-mid", "--host", "127.0.0.2"});
        assertEquals("http", c.kind());
        assertEquals("127.0.0.2", c.host());
        assertEquals(List.of(8081), c.ports());
        assertEquals(List.of("s1"), c.names());
        assertEquals(5, c.http().responseDelayMs());
        assertEquals(100, c.http().bodySize());
        assertEquals(1000, c.http().keepAliveIdleTimeoutMs());
        assertEquals(3, c.http().closeAfterRequests());
        assertEquals(Misbehaviour.CLOSE_MID_RESPONSE, c.http().misbehaviour());
    }

    @Test
    void parsesSeveralServers() throws Exception {
        final TestServers.Command http = TestServers.parse(new String[] {"http", "--ports", "8081,8082,8083"});
        assertEquals(List.of(8081, 8082, 8083), http.ports());
        assertEquals(List.of("s1", "s2", "s3"), http.names());
        final TestServers.Command echo = TestServers.parse(new String[] {
            "echo", "--ports", "9001,9002", "--name-prefix", "echo", "--banner"});
        assertEquals(List.of("echo1", "echo2"), echo.names());
        assertTrue(echo.banner());
        assertEquals(List.of("echo"), TestServers.parse(new String[] {"echo", "--port", "0"}).names());
    }

    @Test
    void parsesAnAgentResponder() throws Exception {
        final TestServers.Command c = TestServers.parse(new String[] {"agent", "--port", "0", "--reply", "up 50%"});
        assertEquals("agent", c.kind());
        assertEquals(List.of("agent"), c.names());
        assertEquals("up 50%", c.reply());
        assertEquals(List.of("a1", "a2"), TestServers.parse(new String[] {"agent", "--ports", "1,2"}).names());
    }

    @Test
    void parsesSmtpAndLdapSpeakers() throws Exception {
        final TestServers.Command smtp = TestServers.parse(new String[] {"smtp", "--port", "0", "--greeting",
            "421 busy"});
        assertEquals(List.of("smtp"), smtp.names());
        assertEquals("421 busy", smtp.greeting());
        assertEquals(SmtpServer.DEFAULT_GREETING, TestServers.parse(new String[] {"smtp", "--port", "0"}).greeting());
        final TestServers.Command ldap = TestServers.parse(new String[] {"ldap", "--ports", "0,0", "--result-code=49",
            "--garbage"});
        assertEquals(List.of("ldap1", "ldap2"), ldap.names());
        assertEquals(49, ldap.resultCode());
        assertTrue(ldap.garbage());
    }

    @Test
    void parsesAndStartsASlowTcpServer() throws Exception {
        final TestServers.Command c = TestServers.parse(new String[] {
            "slowtcp", "--port", "0", "--delay-ms", "50", "--name", "s1"});
        assertEquals("slowtcp", c.kind());
        assertEquals(List.of("s1"), c.names());
        assertEquals(50, c.slowDelayMs());
        assertEquals(List.of("slow1", "slow2"),
                TestServers.parse(new String[] {"slowtcp", "--ports", "1,2"}).names());
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final List<NioServer> servers = TestServers.start(c, new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            assertTrue(printed.toString(StandardCharsets.UTF_8).startsWith("listening slowtcp s1 127.0.0.1:"));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), servers.get(0).port())) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write('x');
                assertEquals("s1\n", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
            }
        } finally {
            servers.forEach(NioServer::close);
        }
    }

    @Test
    void startsAnSmtpAndAnLdapSpeaker() throws Exception {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        final List<NioServer> servers = new ArrayList<>();
        try {
            servers.addAll(TestServers.start(TestServers.parse(new String[] {"smtp", "--port", "0", "--greeting",
                "220 hello"}), out));
            servers.addAll(TestServers.start(TestServers.parse(new String[] {"ldap", "--port", "0",
                "--result-code", "51"}), out));
            final String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
            assertEquals(List.of("smtp", "ldap"), List.of(lines[0].split(" ")[1], lines[1].split(" ")[1]));
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(),
                servers.get(0).port())) {
                s.setSoTimeout(5_000);
                assertEquals("220 hello\r\n", new String(s.getInputStream().readNBytes(11), StandardCharsets.US_ASCII));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(),
                servers.get(1).port())) {
                s.setSoTimeout(5_000);
                s.getOutputStream().write(HexFormat.of().parseHex("300c020101600702010304008000"));
                assertEquals(51, s.getInputStream().readNBytes(14)[9], "the result code byte");
            }
        } finally {
            servers.forEach(NioServer::close);
        }
    }

    @Test
    void helpIsRecognisedAnywhere() throws Exception {
        assertNull(TestServers.parse(new String[] {"--help"}));
        assertNull(TestServers.parse(new String[] {"http", "--port", "1", "-h"}));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "ftp --port 1", "http", "http --port", "http --port x", "http --port 70000", "http --port -1",
        "http --ports 1,,2", "http --port 1 --ports 2,3", "http --ports 1,2 --name a", "http --port 1 --name-prefix a",
        "http --port 1 --misbehave sometimes", "http --port 1 --banner", "echo --port 1 --delay-ms 3",
        "http --port 1 --name bad/name", "echo --port 1 --banner=yes", "http --port 1 extra",
        "smtp --port 1 --banner", "smtp --port 1 --result-code 1", "ldap --port 1 --result-code 128",
        "ldap --port 1 --result-code x", "ldap --port 1 --garbage=yes", "ldap --port 1 --greeting 220",
        "slowtcp --port 1 --banner", "slowtcp --port 1 --delay-ms x", "slowtcp --port 1 --delay-ms 3600001",
        "slowtcp --port 1 --misbehave reset"})
    void rejectsBadArguments(final String args) {
        final String[] argv = args.isEmpty() ? new String[0] : args.split(" ");
        final TestServers.UsageException e = assertThrows(TestServers.UsageException.class,
                () -> TestServers.parse(argv));
        assertTrue(!e.getMessage().isBlank());
    }

    @Test
    void startsEveryServerAndPrintsWhereItListens() throws Exception {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final List<NioServer> servers = TestServers.start(
                TestServers.parse(new String[] {"http", "--ports", "0,0", "--name-prefix", "web"}),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            final String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
            assertEquals(2, lines.length);
            for (int i = 0; i < 2; i++) {
                final Matcher m = LISTENING.matcher(lines[i]);
                assertTrue(m.matches(), lines[i]);
                assertEquals("web" + (i + 1), m.group(2));
                try (RawHttp c = RawHttp.open(Integer.parseInt(m.group(3)))) {
                    assertEquals("web" + (i + 1), c.send(RawHttp.get("/")).read().header("X-Server"));
                }
            }
        } finally {
            servers.forEach(NioServer::close);
        }
    }

    @Test
    void runsUntilSigtermThenExitsZero() throws Exception {
        final Process p = java("echo", "--port", "0", "--name", "e7", "--banner");
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            final String line = out.readLine();
            final Matcher m = LISTENING.matcher(line == null ? "" : line);
            assertTrue(m.matches(), "printed: " + line);
            try (RawHttp c = RawHttp.open(Integer.parseInt(m.group(3)))) {
                c.socket().shutdownOutput();
                assertEquals("e7\n", new String(c.readToEnd(), StandardCharsets.UTF_8));
            }
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void exitsTwoOnBadArguments() throws Exception {
        final Process p = java("http", "--port", "nope");
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(err.contains("--port: not a non-negative number: 'nope'"), err);
    }

    private static Process java(final String... args) throws Exception {
        final List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), TestServers.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).start();
    }
}
