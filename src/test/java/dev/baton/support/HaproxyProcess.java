package dev.baton.support;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * HAProxy 2.6 run in the foreground beside baton for a side-by-side test: started on a configuration written into
 * the test's directory, its output (and a {@code log stdout} traffic log) collected in a file, and stopped by its
 * PID in {@link #close()}. Test thread only.
 */
public final class HaproxyProcess implements AutoCloseable {
    private final Process process;
    private final Path out;

    private HaproxyProcess(final Process process, final Path out) {
        this.process = process;
        this.out = out;
    }

    /**
     * Writes {@code config} to {@code dir/haproxy.cfg}, starts {@code haproxy -db} on it and waits (up to 10 s) until
     * 127.0.0.1:{@code awaitPort} accepts; fails with HAProxy's output if it exits instead.
     */
    public static HaproxyProcess start(final Path dir, final String config, final int awaitPort) throws IOException {
        return start(dir, config, "127.0.0.1", awaitPort);
    }

    /**
     * The same, waiting for {@code host:awaitPort}; skips the test when haproxy is missing (fails under CI, see
     * {@link ExternalTool#requireHaproxy}).
     */
    public static HaproxyProcess start(final Path dir, final String config, final String host, final int awaitPort)
        throws IOException {
        return start(dir, config, host, awaitPort, "-db");
    }

    /**
     * As {@link #start(Path, String, int)}, HAProxy in master-worker mode ({@code -W}, in the foreground): the
     * configuration file is {@code dir/haproxy.cfg}; {@link #reload()} sends SIGUSR2 to the master, which prints
     * {@code Loading success.} or {@code Loading failure!}.
     */
    public static HaproxyProcess startMasterWorker(final Path dir, final String config, final int awaitPort)
        throws IOException {
        return start(dir, config, "127.0.0.1", awaitPort, "-W", "-db");
    }

    private static HaproxyProcess start(final Path dir, final String config, final String host, final int awaitPort,
                                        final String... flags) throws IOException {
        ExternalTool.requireHaproxy();
        final Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config);
        final Path out = dir.resolve("haproxy.out");
        final List<String> command = new java.util.ArrayList<>(List.of("haproxy"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-f", cfg.toString()));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        final HaproxyProcess h = new HaproxyProcess(p, out);
        try {
            await("haproxy listening on " + host + ":" + awaitPort).atMost(Duration.ofSeconds(10)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("haproxy exited: " + Files.readString(out));
                }
                return listening(host, awaitPort);
            });
        } catch (final RuntimeException | Error e) {
            h.close();
            throw e;
        }
        return h;
    }

    /** Sends SIGUSR2 to HAProxy's process (the master, under {@link #startMasterWorker}): a reload. */
    public void reload() throws IOException, InterruptedException {
        final Process kill = new ProcessBuilder("kill", "-USR2", Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -USR2 " + process.pid() + " failed");
        }
    }

    /** What HAProxy printed so far, line by line. */
    public List<String> lines() {
        try {
            return Files.readAllLines(out);
        } catch (final IOException e) {
            return List.of();
        }
    }

    /** The lines HAProxy logged so far for the client that connected from local port {@code clientPort}. */
    public List<String> linesOf(final int clientPort) {
        return lines().stream().filter(l -> l.startsWith("127.0.0.1:" + clientPort + " [")).toList();
    }

    /** True when 127.0.0.1:{@code port} accepts a connection now. */
    public static boolean listening(final int port) {
        return listening("127.0.0.1", port);
    }

    private static boolean listening(final String host, final int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /** Stops HAProxy by its PID (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (final InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
