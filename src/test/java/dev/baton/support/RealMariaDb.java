package dev.baton.support;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real MariaDB server (Debian package {@code mariadb-server}) for {@code option mysql-check}, with a
 * throw-away data directory.
 *
 * <pre>
 * try (RealMariaDb db = new RealMariaDb()) {     // ready (user haproxy logs in) when the constructor returns
 *     ... option mysql-check user haproxy ... server s1 127.0.0.1:db.port() check ...
 *     db.stop();                                 // SIGTERM, clean shutdown; the port refuses connections
 *     db.start();                                // same port, same data, ready again
 *     db.execute("DROP USER 'haproxy'@'%', 'haproxy'@'127.0.0.1'");   // from now on the login is refused
 * }
 * </pre>
 *
 * <p>Users: {@link #USER} ({@code haproxy}) exists for any host, without a password, so {@code mysql-check
 * user haproxy} (post-41 or pre-41) gets an OK packet (L7OK). A user that does not exist, such as
 * {@link #UNKNOWN_USER}, gets an error packet 1045 "Access denied" (L7STS). {@code mysql-check} without
 * {@code user} only reads the handshake (protocol version 10). {@code --max-connect-errors} is as high as it
 * goes, so the aborted handshakes of user-less checks never get 127.0.0.1 blocked, and {@code
 * --skip-name-resolve} keeps reverse DNS out of it.
 *
 * <p>Set-up: {@code mariadb-install-db} once per JVM into a template (2 to 7 s here), copied for each instance
 * (milliseconds); then {@code mariadbd} with small buffers, no binary log, no performance schema (about 1 s
 * to ready). An {@code --init-file} creates the users at each start (so they come back after a restart even
 * if a test dropped them). Runs as root with {@code --user=root}.
 */
public final class RealMariaDb extends RealServer {
    /** The user that exists: {@code mysql-check user haproxy} succeeds. */
    public static final String USER = "haproxy";
    /** A user that does not exist: {@code mysql-check user nobody} gets "Access denied" (error 1045). */
    public static final String UNKNOWN_USER = "nobody";

    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    private static final String[] DIRS = {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"};

    private final Path server;
    private final Path client;

    /** Initialises a data directory, starts MariaDB on a free port; returns once {@link #USER} can log in. */
    public RealMariaDb() throws IOException {
        super("mariadb");
        try {
            server = requireBinary("mariadbd", "mariadb-server", DIRS);
            client = requireBinary("mariadb", "mariadb-client", DIRS);
            final Path installDb = requireBinary("mariadb-install-db", "mariadb-server", DIRS);
            copyTree(template("mariadb", t -> runIn(t, SETUP_TIMEOUT, "", List.of(installDb.toString(),
                "--no-defaults", "--datadir=" + t.resolve("data"), "--user=" + currentUser(),
                "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve",
                "--innodb-buffer-pool-size=8M", "--innodb-log-file-size=4M"))).resolve("data"), data());
            Files.writeString(dir().resolve("init.sql"), "CREATE USER IF NOT EXISTS '" + USER + "'@'%';\n"
                + "CREATE USER IF NOT EXISTS '" + USER + "'@'127.0.0.1';\n", StandardCharsets.US_ASCII);
            start();
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** The unix socket the server also listens on; {@link #execute} logs in through it as root. */
    public Path socket() {
        return dir().resolve("mysqld.sock");
    }

    /**
     * Runs SQL as the database's root user through the {@code mariadb} client and returns its output
     * (tab-separated, no headers). Fails with the client's output when the statement fails.
     */
    public String execute(final String sql) throws IOException {
        return runSetup(SETUP_TIMEOUT, sql, List.of(client.toString(), "--no-defaults", "--socket=" + socket(),
            "--user=root", "--batch", "--skip-column-names"));
    }

    private Path data() {
        return dir().resolve("data");
    }

    @Override
    List<String> command() {
        return List.of(server.toString(), "--no-defaults",
            "--datadir=" + data(), "--socket=" + socket(), "--pid-file=" + dir().resolve("mysqld.pid"),
            "--port=" + port(), "--bind-address=127.0.0.1", "--user=" + currentUser(),
            "--init-file=" + dir().resolve("init.sql"), "--skip-name-resolve", "--max-connect-errors=4294967295",
            "--innodb-buffer-pool-size=8M", "--innodb-log-file-size=4M", "--innodb-use-native-aio=0",
            "--performance-schema=OFF", "--skip-log-bin", "--max-connections=50",
            "--innodb-temp-data-file-path=ibtmp1:1M:autoextend");
    }

    /** A login as {@link #USER} gets an OK packet: the same exchange as {@code mysql-check user haproxy}. */
    @Override
    boolean probe() throws IOException {
        try (Socket s = probeSocket()) {
            final byte[] handshake = readPacket(s.getInputStream());
            if (handshake.length == 0 || handshake[0] != 10) {
                return false;
            }
            s.getOutputStream().write(loginPost41(USER));
            final byte[] answer = readPacket(s.getInputStream());
            return answer.length > 0 && answer[0] == 0;
        }
    }

    /**
     * What HAProxy 2.6's {@code option mysql-check user USER} (post-41, the default) sends after the server's
     * handshake, as HAProxy builds it: a HandshakeResponse41 with capabilities 0x00008200 (PROTOCOL_41 and
     * SECURE_CONNECTION), max packet 0x01000080, charset 0x21, 23 zero bytes, the user, an empty auth
     * response; then a COM_QUIT packet.
     */
    public static byte[] loginPost41(final String user) {
        final byte[] name = user.getBytes(StandardCharsets.US_ASCII);
        final byte[] packet = new byte[4 + 32 + name.length + 2 + 5];
        final int length = 32 + name.length + 2;
        packet[0] = (byte) length;
        packet[1] = (byte) (length >> 8);
        packet[2] = (byte) (length >> 16);
        packet[3] = 1; // sequence id: the answer to the server's packet 0
        packet[4] = 0x00;
        packet[5] = (byte) 0x82;
        packet[8] = 0x00;
        packet[9] = (byte) 0x80;
        packet[11] = 0x01;
        packet[12] = 0x21;
        System.arraycopy(name, 0, packet, 36, name.length);
        // name's NUL and the empty auth response's length byte are zero already; then COM_QUIT, packet 0.
        final int quit = 36 + name.length + 2;
        packet[quit] = 1;
        packet[quit + 4] = 1;
        return packet;
    }

    /** Reads one MySQL packet (3-byte little-endian length, sequence id) and returns its payload. */
    public static byte[] readPacket(final InputStream in) throws IOException {
        final byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            throw new IOException("closed after " + header.length + " bytes of a packet header");
        }
        final int length = (header[0] & 0xff) | (header[1] & 0xff) << 8 | (header[2] & 0xff) << 16;
        final byte[] payload = in.readNBytes(length);
        if (payload.length < length) {
            throw new IOException("closed after " + payload.length + " of " + length + " payload bytes");
        }
        return payload;
    }
}
