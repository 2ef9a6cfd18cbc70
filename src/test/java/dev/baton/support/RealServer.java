package dev.baton.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real third-party server (redis-server, MariaDB, PostgreSQL) run by a test as a child process: on a free
 * port of 127.0.0.1, in a fresh directory of its own under {@code java.io.tmpdir}, stopped and started again
 * on the same port as often as the test likes, and removed by {@link #close()}.
 *
 * <p>Subclasses prepare the directory once (data files, users) and then say how to start the server, how to
 * stop it gracefully and how to tell it is ready. Readiness is a protocol exchange that has to succeed, the
 * same one the matching HAProxy check does, polled with Awaitility until it answers; there is no blind sleep.
 *
 * <p>The server's standard output and error are appended to {@code server.log} in its directory; {@link #log()}
 * returns it and every failure message quotes its end.
 *
 * <p>A missing binary skips the test ({@code assumeTrue}) on a developer's machine, but fails it when the
 * environment variable {@code CI} is set: CI installs every one of them ({@code .ci/run}), so a missing one
 * there is a broken set-up, not a reason to skip.
 *
 * <p>Not thread-safe beyond this: {@link #start()}, {@link #stop()}, {@link #kill()} and {@link #close()}
 * are synchronized, so a test may call them from any thread; {@link #port()} never changes.
 */
public abstract class RealServer implements AutoCloseable {
    /** Generous: CI machines are slow and MariaDB's first start initialises InnoDB. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);
    /** The socket timeout of one readiness probe; a probe that times out is simply retried. */
    static final int PROBE_TIMEOUT_MS = 1000;
    private static final int LOG_TAIL_CHARS = 3000;

    private static final Map<String, Path> TEMPLATES = new HashMap<>();

    private final String name;
    private final Path dir;
    private final int port;
    private final Thread killOnExit;
    private Process process;
    private boolean closed;

    /**
     * Creates the directory and picks the port; the subclass prepares the directory, then calls
     * {@link #start()}. On failure the subclass calls {@link #close()} before rethrowing.
     */
    RealServer(final String name) throws IOException {
        this.name = name;
        this.dir = Files.createTempDirectory("baton-" + name + "-");
        this.port = freePort();
        // A JVM that dies without running the test's cleanup must not leave a database behind.
        this.killOnExit = new Thread(this::killQuietly, "kill-" + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /** The port on 127.0.0.1 the server listens on; the same across {@link #stop()} and {@link #start()}. */
    public final int port() {
        return port;
    }

    /** The server's own directory: data files, unix sockets, {@code server.log}. Deleted by {@link #close()}. */
    public final Path dir() {
        return dir;
    }

    /** The server process's PID while it runs, -1 when it is stopped. */
    public final synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /** True while the server process runs (it may not be ready yet only inside {@link #start()}). */
    public final synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Everything the server wrote to its standard output and error so far, across restarts. */
    public final String log() {
        try {
            final Path log = dir.resolve("server.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + dir.resolve("server.log") + ": " + e + ")";
        }
    }

    /**
     * Starts the server on {@link #port()} and returns once it answers its protocol's probe (see the
     * subclass). Throws {@link IllegalStateException} if it is already running, {@link AssertionError}
     * with the end of its log if it exits or does not get ready within 60 s.
     */
    public final synchronized void start() throws IOException {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        if (running()) {
            throw new IllegalStateException(name + " is already running, pid " + process.pid());
        }
        final Process p = new ProcessBuilder(command()).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("server.log").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        process = p;
        try {
            await("start of " + name + " on port " + port).atMost(START_TIMEOUT)
                .pollDelay(Duration.ofMillis(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    if (!p.isAlive()) {
                        throw new AssertionError(name + " exited with status " + p.exitValue()
                            + " while starting; its log ends with:\n" + logTail());
                    }
                    return ready();
                });
        } catch (ConditionTimeoutException e) {
            killQuietly();
            throw new AssertionError(name + " not ready within " + START_TIMEOUT.toSeconds() + " s; its log ends "
                + "with:\n" + logTail(), e);
        } catch (RuntimeException | Error e) {
            killQuietly();
            throw e;
        }
    }

    /**
     * Stops the server gracefully (the signal an operator's {@code systemctl stop} would send: see the
     * subclass) and waits for the process to end, killing it if it takes longer than 20 s. Once this returns
     * the port refuses connections. Does nothing if the server is not running.
     */
    public final synchronized void stop() {
        if (!running()) {
            return;
        }
        try {
            sendStopSignal(process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal " + name + " pid " + process.pid(), e);
        }
        if (!waitFor(process, STOP_TIMEOUT)) {
            killQuietly();
            throw new AssertionError(name + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s of its stop "
                + "signal; killed it. Its log ends with:\n" + logTail());
        }
    }

    /**
     * Kills the server and its child processes with SIGKILL, as a crash would, and waits for them to end.
     * Does nothing if it is not running. The data directory survives: {@link #start()} works afterwards
     * (each of these servers recovers from a crash on its next start).
     */
    public final synchronized void kill() {
        killQuietly();
    }

    /** Stops the server (gracefully, then by force), deletes its directory. Idempotent. */
    @Override
    public final synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stop();
        } catch (RuntimeException | AssertionError e) {
            killQuietly();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down: the hook runs anyway, harmlessly.
            }
            deleteTree(dir);
        }
    }

    @Override
    public String toString() {
        return name + " 127.0.0.1:" + port + " in " + dir;
    }

    /** The full command line; it runs in {@link #dir()} and must keep the server in the foreground. */
    abstract List<String> command();

    /**
     * One readiness probe: true when the server answers as a ready server does. Throwing an
     * {@link IOException} (refused, timed out, closed) also means "not yet".
     */
    abstract boolean probe() throws IOException;

    /** Sends the graceful stop signal; the default is SIGTERM ({@link Process#destroy()} on Linux). */
    void sendStopSignal(final Process p) throws IOException {
        p.destroy();
    }

    /** The last few thousand characters of {@link #log()}. */
    final String logTail() {
        final String log = log();
        return log.length() <= LOG_TAIL_CHARS ? log : "..." + log.substring(log.length() - LOG_TAIL_CHARS);
    }

    /** A connection to the server for one probe: connect and reads time out after 1 s. */
    final Socket probeSocket() throws IOException {
        final Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), PROBE_TIMEOUT_MS);
            s.setSoTimeout(PROBE_TIMEOUT_MS);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    private boolean ready() {
        try {
            return probe();
        } catch (IOException e) {
            return false;
        }
    }

    private void killQuietly() {
        final Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        // Children first collected, then the parent killed first: a postmaster must not fork a new backend
        // in between. Children are killed too, since a PostgreSQL backend could outlive its postmaster.
        final List<ProcessHandle> children = p.descendants().toList();
        p.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        waitFor(p, STOP_TIMEOUT);
        for (ProcessHandle child : children) {
            child.onExit().orTimeout(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).exceptionally(t -> child).join();
        }
    }

    private static boolean waitFor(final Process p, final Duration limit) {
        try {
            return p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    /** Sends {@code signal} (such as {@code INT}) to the process with {@code kill(1)}, which Java cannot do. */
    static void signal(final Process p, final String signal) throws IOException {
        final Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid()))
            .redirectErrorStream(true).start();
        final String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!waitFor(kill, STOP_TIMEOUT) || kill.exitValue() != 0) {
            // The process may have ended just now, which is what was wanted.
            if (p.isAlive()) {
                throw new IOException("kill -s " + signal + " " + p.pid() + " failed: " + out);
            }
        }
    }

    /** A port of 127.0.0.1 that nothing listens on right now. */
    static int freePort() throws IOException {
        return Sockets.unusedPort();
    }

    /**
     * The executable {@code name} from the PATH or one of {@code dirs}; when there is none, skips the test
     * (fails it when {@code CI} is set), naming the Debian package that provides it.
     */
    static Path requireBinary(final String name, final String debianPackage, final String... dirs) {
        final List<String> places = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        places.addAll(List.of(dirs));
        for (String place : places) {
            if (!place.isEmpty() && Files.isExecutable(Path.of(place, name))) {
                return Path.of(place, name);
            }
        }
        missing(name + " is not installed (Debian package " + debianPackage + ")");
        throw new IllegalStateException("unreachable");
    }

    /** Skips the test with {@code why}, or fails it when the environment variable {@code CI} is set. */
    static void missing(final String why) {
        if (System.getenv("CI") != null) {
            throw new AssertionError(why + "; CI must install it (.ci/run)");
        }
        assumeTrue(false, why + "; CI installs it (.ci/run)");
    }

    /** True when this JVM runs as root, as CI does: some servers then need another user or a flag. */
    static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    /** The name of the user this JVM runs as. */
    static String currentUser() {
        return System.getProperty("user.name");
    }

    /**
     * Runs a short set-up command (initdb, a bootstrap, a client) to completion in {@link #dir()}, its output
     * appended to {@code setup.log}; fails with that output unless it exits 0 within {@code limit}.
     */
    final String runSetup(final Duration limit, final String input, final List<String> command) throws IOException {
        return runIn(dir, limit, input, command);
    }

    /** {@link #runSetup} in any directory {@code where}, logging to {@code where/setup.log}. */
    static String runIn(final Path where, final Duration limit, final String input, final List<String> command)
        throws IOException {
        final Path log = where.resolve("setup.log");
        final long before = Files.exists(log) ? Files.size(log) : 0;
        final Process p = new ProcessBuilder(command).directory(where.toFile()).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try (var stdin = p.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // It exited without reading its input: its exit status and log tell why.
        }
        final boolean ended = waitFor(p, limit);
        if (!ended) {
            p.destroyForcibly();
            waitFor(p, STOP_TIMEOUT);
        }
        final byte[] all = Files.readAllBytes(log);
        final String out = new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
        if (!ended || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + (ended ? " exited with status " + p.exitValue()
                : " did not end within " + limit.toSeconds() + " s") + ":\n" + out);
        }
        return out;
    }

    /** Prepares a directory of its own; what a template is made of. */
    @FunctionalInterface
    interface Preparation {
        void prepare(Path dir) throws IOException;
    }

    /**
     * A directory prepared once per JVM and kind of server ({@code key}), for instances to copy with
     * {@link #copyTree}: initialising a database cluster costs seconds, copying one a few milliseconds. Removed
     * when the JVM exits. A preparation that fails is not remembered: the next instance tries again.
     */
    static Path template(final String key, final Preparation preparation) throws IOException {
        synchronized (TEMPLATES) {
            final Path known = TEMPLATES.get(key);
            if (known != null) {
                return known;
            }
            final Path made = Files.createTempDirectory("baton-" + key + "-template-");
            try {
                preparation.prepare(made);
            } catch (IOException | RuntimeException | Error e) {
                deleteTree(made);
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(made), "delete-" + key + "-template"));
            TEMPLATES.put(key, made);
            return made;
        }
    }

    /** Copies {@code from} to {@code to} (which must not exist) with {@code cp -a}: modes and owners kept. */
    static void copyTree(final Path from, final Path to) throws IOException {
        runIn(to.getParent(), STOP_TIMEOUT, "", List.of("cp", "-a", from.toString(), to.toString()));
    }

    static void deleteTree(final Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A file the server was still writing while it died; /tmp is cleaned eventually.
            System.err.println("could not delete all of " + root + ": " + e);
        }
    }
}
