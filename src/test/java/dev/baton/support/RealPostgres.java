package dev.baton.support;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server (Debian package {@code postgresql}, binaries in {@code /usr/lib/postgresql/N/bin},
 * the highest N) for {@code option pgsql-check}, with a throw-away cluster.
 *
 * <pre>
 * try (RealPostgres pg = new RealPostgres()) {   // ready when the constructor returns
 *     ... option pgsql-check user haproxy ... server s1 127.0.0.1:pg.port() check ...
 *     pg.stop();                                 // SIGINT (fast shutdown); the port refuses connections
 *     pg.start();                                // same port, same cluster, ready again
 * }
 * </pre>
 *
 * <p>What each user gets in answer to the StartupMessage HAProxy's {@code pgsql-check user NAME} sends, and
 * what HAProxy 2.6.12 (Debian 12's, which CI installs) makes of it. It calls a first message starting with
 * {@code E} a protocol error, and wants one matching {@code ^52000000[A-Z0-9]{2}000000(00|02|03|04|05|06|07|
 * 09|0A)}: any authentication request is a sign of life. (2.6.0's regex also refused SASL, code 10.)
 * <table>
 * <caption>users and answers</caption>
 * <tr><th>user</th><th>pg_hba.conf</th><th>first message</th><th>HAProxy 2.6.12</th></tr>
 * <tr><td>{@link #TRUST_USER} {@code haproxy}</td><td>trust</td><td>AuthenticationOk ({@code R}, 0)</td>
 *     <td>L7OK, code 0</td></tr>
 * <tr><td>{@link #MD5_USER} {@code md5user}</td><td>md5</td><td>AuthenticationMD5Password ({@code R}, 5)</td>
 *     <td>L7OK, code 0</td></tr>
 * <tr><td>{@link #SCRAM_USER} {@code scramuser}</td><td>scram-sha-256</td><td>AuthenticationSASL ({@code R},
 *     10, length 23)</td><td>L7OK, code 0</td></tr>
 * <tr><td>anyone else, e.g. {@link #UNKNOWN_USER}</td><td>reject</td><td>ErrorResponse ({@code E}, FATAL
 *     28000 "pg_hba.conf rejects connection ...")</td><td>L7RSP, the error's text as info</td></tr>
 * </table>
 * So the way to make a pgsql-check fail with the server up is a user it does not know; stopping the server
 * gives L4CON. ({@code HaproxyChecksRealServersTest} runs HAProxy against these and holds the table.)
 * The database {@code haproxy} exists, so the trust user's login completes (HAProxy sends no database name,
 * which makes PostgreSQL use the user's). Every role has LOGIN; the superuser is {@code postgres}, reached
 * through {@link #execute(String)} over the unix socket.
 *
 * <p>Root: initdb and postgres refuse to run as root, so when the JVM is root (CI) they run as the
 * {@code postgres} system user (created by the Debian package) through {@code setpriv}, which execs, so
 * {@link #pid()} is the postmaster's; the directory is then owned by that user. {@code java.io.tmpdir}
 * must be traversable by it ({@code /tmp} is).
 *
 * <p>Set-up, once per JVM into a template that each instance copies: {@code initdb --no-sync}, roles and
 * database through {@code postgres --single} (1 to 3 s here). Then, per instance, {@code postgres -k DIR
 * -c listen_addresses=127.0.0.1 -p N} with {@code fsync=off} and small buffers (about half a second to
 * ready). {@link #stop()} sends SIGINT: SIGTERM would be PostgreSQL's "smart" shutdown, which waits for
 * every client to leave.
 */
public final class RealPostgres extends RealServer {
    /** Authenticated by {@code trust}: the server answers AuthenticationOk. */
    public static final String TRUST_USER = "haproxy";
    /** Authenticated by {@code md5} (password {@value #MD5_PASSWORD}): the server asks for an MD5 password. */
    public static final String MD5_USER = "md5user";
    public static final String MD5_PASSWORD = "md5pass";
    /** Authenticated by {@code scram-sha-256} (password {@value #SCRAM_PASSWORD}): the server asks for SASL. */
    public static final String SCRAM_USER = "scramuser";
    public static final String SCRAM_PASSWORD = "scrampass";
    /** Rejected by pg_hba.conf: the server answers with an ErrorResponse. */
    public static final String UNKNOWN_USER = "nobody";

    /** PostgreSQL's SSLRequest: length 8, code 80877103. A server without SSL answers the single byte N. */
    public static final byte[] SSL_REQUEST = {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f};

    private static final String SYSTEM_USER = "postgres";
    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path bin;
    private final List<String> asPostgres;

    /** Creates a cluster, starts PostgreSQL on a free port; returns once {@link #TRUST_USER} gets in. */
    public RealPostgres() throws IOException {
        super("postgres");
        try {
            bin = binaries();
            asPostgres = runningAsRoot() ? List.of(requireBinary("setpriv", "util-linux", "/usr/bin", "/bin")
                .toString(), "--reuid=" + SYSTEM_USER, "--regid=" + SYSTEM_USER, "--init-groups", "--") : List.of();
            if (!asPostgres.isEmpty()) {
                giveToSystemUser(dir());
            }
            copyTree(template("postgres", this::initCluster).resolve("data"), data());
            start();
        } catch (IOException | RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Runs SQL as the superuser {@code postgres} through {@code psql} over the unix socket and returns its
     * output (unaligned, tuples only). Fails with psql's output when a statement fails.
     */
    public String execute(final String sql) throws IOException {
        return runSetup(SETUP_TIMEOUT, sql, List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t",
            "-v", "ON_ERROR_STOP=1", "-h", dir().toString(), "-p", Integer.toString(port()), "-U", SYSTEM_USER,
            "-d", "postgres"));
    }

    private Path data() {
        return dir().resolve("data");
    }

    /** Creates the cluster in {@code where/data}: initdb, roles and database, pg_hba.conf. */
    private void initCluster(final Path where) throws IOException {
        final Path data = where.resolve("data");
        if (!asPostgres.isEmpty()) {
            giveToSystemUser(where);
        }
        runIn(where, SETUP_TIMEOUT, "", withUser(bin.resolve("initdb").toString(), "-D", data.toString(),
            "-U", SYSTEM_USER, "-A", "trust", "--no-sync", "-E", "UTF8", "--locale=C"));
        // Single-user mode reads one statement per line and reports errors without failing: look for them.
        final String out = runIn(where, SETUP_TIMEOUT, String.join("\n",
            "CREATE ROLE " + TRUST_USER + " LOGIN;",
            "CREATE DATABASE " + TRUST_USER + " OWNER " + TRUST_USER + ";",
            "SET password_encryption = 'md5';",
            "CREATE ROLE " + MD5_USER + " LOGIN PASSWORD '" + MD5_PASSWORD + "';",
            "SET password_encryption = 'scram-sha-256';",
            "CREATE ROLE " + SCRAM_USER + " LOGIN PASSWORD '" + SCRAM_PASSWORD + "';", ""),
            withUser(bin.resolve("postgres").toString(), "--single", "-D", data.toString(), "-c", "fsync=off",
                "postgres"));
        if (out.contains("ERROR:") || out.contains("FATAL:")) {
            throw new AssertionError("creating the roles failed:\n" + out);
        }
        final Path hba = data.resolve("pg_hba.conf");
        Files.writeString(hba, String.join("\n",
            "# written by RealPostgres: one user per way of answering a StartupMessage",
            "local all all trust",
            "host all " + TRUST_USER + " 127.0.0.1/32 trust",
            "host all " + MD5_USER + " 127.0.0.1/32 md5",
            "host all " + SCRAM_USER + " 127.0.0.1/32 scram-sha-256",
            "host all all 127.0.0.1/32 reject", ""), StandardCharsets.US_ASCII);
        if (!asPostgres.isEmpty()) {
            giveToSystemUser(hba);
        }
    }

    @Override
    List<String> command() {
        return withUser(bin.resolve("postgres").toString(), "-D", data().toString(), "-k", dir().toString(),
            "-p", Integer.toString(port()), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
            "-c", "shared_buffers=8MB", "-c", "max_connections=20", "-c", "logging_collector=off",
            "-c", "log_connections=on");
    }

    /** SIGINT: fast shutdown, which ends open sessions instead of waiting for them. */
    @Override
    void sendStopSignal(final Process p) throws IOException {
        signal(p, "INT");
    }

    /**
     * The StartupMessage for {@link #TRUST_USER} answered by AuthenticationOk: the exchange of {@code
     * pgsql-check user haproxy}. While PostgreSQL is still starting it answers with an ErrorResponse.
     */
    @Override
    boolean probe() throws IOException {
        try (Socket s = probeSocket()) {
            s.getOutputStream().write(startupMessage(TRUST_USER));
            final DataInputStream in = new DataInputStream(s.getInputStream());
            return in.readByte() == 'R' && in.readInt() == 8 && in.readInt() == 0;
        }
    }

    /**
     * The StartupMessage HAProxy 2.6's {@code option pgsql-check user USER} sends: length, protocol 3.0,
     * {@code user\0USER\0}, a final NUL; no database.
     */
    public static byte[] startupMessage(final String user) {
        final byte[] name = user.getBytes(StandardCharsets.US_ASCII);
        final ByteBuffer b = ByteBuffer.allocate(15 + name.length);
        b.putInt(15 + name.length).putInt(0x00030000).put("user\0".getBytes(StandardCharsets.US_ASCII))
            .put(name).put((byte) 0).put((byte) 0);
        return b.array();
    }

    private List<String> withUser(final String... command) {
        final List<String> full = new ArrayList<>(asPostgres);
        full.addAll(List.of(command));
        return full;
    }

    /** The bin directory of the newest PostgreSQL Debian installs, else the one of {@code postgres} on PATH. */
    private static Path binaries() throws IOException {
        Path best = null;
        int bestVersion = -1;
        final Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> versions = Files.newDirectoryStream(root)) {
                for (Path v : versions) {
                    final Path candidate = v.resolve("bin");
                    final String n = v.getFileName().toString();
                    if (n.matches("\\d+") && Files.isExecutable(candidate.resolve("postgres"))
                        && Files.isExecutable(candidate.resolve("initdb")) && Integer.parseInt(n) > bestVersion) {
                        best = candidate;
                        bestVersion = Integer.parseInt(n);
                    }
                }
            }
        }
        return best != null ? best : requireBinary("postgres", "postgresql").getParent();
    }

    /** Makes {@code path} the {@code postgres} system user's, for the server that runs as that user. */
    private static void giveToSystemUser(final Path path) throws IOException {
        final UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        final UserPrincipal user;
        final GroupPrincipal group;
        try {
            user = users.lookupPrincipalByName(SYSTEM_USER);
            group = users.lookupPrincipalByGroupName(SYSTEM_USER);
        } catch (UserPrincipalNotFoundException e) {
            missing("the system user postgres does not exist (Debian package postgresql creates it); as root, "
                + "PostgreSQL must run as that user");
            throw e;
        }
        final PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }
}
