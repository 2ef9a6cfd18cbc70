package dev.baton.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The launchers of real redis, MariaDB and PostgreSQL servers: each answers what the matching HAProxy check
 * sends, goes away on stop (the port refuses), comes back on the same port, and leaves nothing behind.
 */
class RealServersTest {
    private static Socket connect(final int port) throws IOException {
        final Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout((int) Sockets.READ_TIMEOUT.toMillis());
        return s;
    }

    private static void assertRefused(final int port) {
        assertThrows(ConnectException.class, () -> connect(port).close(), "port " + port + " still accepts");
    }

    /** What a server process and its directory leave after close: nothing. */
    private static void assertGone(final long pid, final Path dir) {
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "pid " + pid + " still runs");
        assertFalse(Files.exists(dir), dir + " still exists");
    }

    private static String ping(final int port) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void redisAnswersPingAndComesBackOnTheSamePort() throws Exception {
        final long pid;
        final Path dir;
        try (RealRedis redis = new RealRedis()) {
            pid = redis.pid();
            dir = redis.dir();
            assertEquals("+PONG\r\n", ping(redis.port()));

            redis.stop();
            assertEquals(-1, redis.pid());
            assertRefused(redis.port());

            redis.start();
            assertNotEquals(pid, redis.pid());
            assertEquals("+PONG\r\n", ping(redis.port()));

            redis.kill(); // a crash this time
            assertRefused(redis.port());
            redis.start();
            assertEquals("+PONG\r\n", ping(redis.port()));
            assertThrows(IllegalStateException.class, redis::start, "already running");
        }
        assertGone(pid, dir);
    }

    /** The first payload byte of the server's answer to HAProxy's post-41 login as {@code user}. */
    private static byte[] mysqlLogin(final int port, final String user) throws IOException {
        try (Socket s = connect(port)) {
            final byte[] handshake = RealMariaDb.readPacket(s.getInputStream());
            assertEquals(10, handshake[0], "protocol version of the initial handshake");
            s.getOutputStream().write(RealMariaDb.loginPost41(user));
            return RealMariaDb.readPacket(s.getInputStream());
        }
    }

    @Test
    void mariaDbLetsHaproxyInRefusesOthersAndComesBackOnTheSamePort() throws Exception {
        final long pid;
        final Path dir;
        try (RealMariaDb db = new RealMariaDb()) {
            pid = db.pid();
            dir = db.dir();
            assertEquals(0x00, mysqlLogin(db.port(), RealMariaDb.USER)[0], "OK packet");
            final byte[] refused = mysqlLogin(db.port(), RealMariaDb.UNKNOWN_USER);
            assertEquals((byte) 0xff, refused[0], "error packet");
            assertEquals(1045, (refused[1] & 0xff) | (refused[2] & 0xff) << 8, "Access denied");

            db.execute("DROP USER '" + RealMariaDb.USER + "'@'%', '" + RealMariaDb.USER + "'@'127.0.0.1'");
            assertEquals((byte) 0xff, mysqlLogin(db.port(), RealMariaDb.USER)[0], "dropped: refused");

            db.stop();
            assertRefused(db.port());
            db.start(); // the init file creates the user again
            assertEquals(0x00, mysqlLogin(db.port(), RealMariaDb.USER)[0]);
            assertEquals("2", db.execute("SELECT COUNT(*) FROM mysql.user WHERE user = 'haproxy'").strip());
        }
        assertGone(pid, dir);
    }

    /** The type byte, length and first int32 of the server's first message to a StartupMessage for user. */
    private static int[] pgsqlStartup(final int port, final String user) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(RealPostgres.startupMessage(user));
            final DataInputStream in = new DataInputStream(s.getInputStream());
            return new int[] {in.readByte(), in.readInt(), in.readInt()};
        }
    }

    @Test
    void postgresAnswersEachUserAsDocumentedAndComesBackOnTheSamePort() throws Exception {
        final long pid;
        final Path dir;
        try (RealPostgres pg = new RealPostgres()) {
            pid = pg.pid();
            dir = pg.dir();
            try (Socket s = connect(pg.port())) {
                s.getOutputStream().write(RealPostgres.SSL_REQUEST);
                final InputStream in = s.getInputStream();
                assertEquals('N', in.read(), "no SSL");
            }
            assertArrayEquals(new int[] {'R', 8, 0}, pgsqlStartup(pg.port(), RealPostgres.TRUST_USER),
                "AuthenticationOk");
            assertArrayEquals(new int[] {'R', 12, 5}, pgsqlStartup(pg.port(), RealPostgres.MD5_USER),
                "AuthenticationMD5Password");
            assertArrayEquals(new int[] {'R', 23, 10}, pgsqlStartup(pg.port(), RealPostgres.SCRAM_USER),
                "AuthenticationSASL");
            assertEquals('E', pgsqlStartup(pg.port(), RealPostgres.UNKNOWN_USER)[0], "ErrorResponse");
            assertTrue(pg.log().contains("pg_hba.conf rejects connection"), pg.log());
            assertEquals("haproxy", pg.execute("SELECT datname FROM pg_database WHERE datname = 'haproxy'")
                .strip());

            pg.stop();
            assertRefused(pg.port());
            pg.start();
            assertArrayEquals(new int[] {'R', 8, 0}, pgsqlStartup(pg.port(), RealPostgres.TRUST_USER));
        }
        assertGone(pid, dir);
    }

    @Test
    void aMissingBinarySkipsTheTestOrFailsItOnCi() {
        final Class<? extends Throwable> expected = System.getenv("CI") != null
            ? AssertionError.class : TestAbortedException.class;
        final Throwable t = assertThrows(expected, () -> RealServer.requireBinary("no-such-server-binary",
            "no-such-package"));
        assertTrue(t.getMessage().contains("no-such-package"), t.getMessage());
    }
}
