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
        final Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config);
        final Path out = dir.resolve("haproxy.out");
        final Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        final HaproxyProcess h = new HaproxyProcess(p, out);
        try {
            await("haproxy listening").atMost(Duration.ofSeconds(10)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("haproxy exited: " + Files.readString(out));
                }
                return listening(awaitPort);
            });
        } catch (final RuntimeException | Error e) {
            h.close();
            throw e;
        }
        return h;
    }

    /** The lines HAProxy logged so far for the client that connected from local port {@code clientPort}. */
    public List<String> linesOf(final int clientPort) {
        try {
            return Files.readAllLines(out).stream().filter(l -> l.startsWith("127.0.0.1:" + clientPort + " [")).toList();
        } catch (final IOException e) {
            return List.of();
        }
    }

    /** True when 127.0.0.1:{@code port} accepts a connection now. */
    public static boolean listening(final int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
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
