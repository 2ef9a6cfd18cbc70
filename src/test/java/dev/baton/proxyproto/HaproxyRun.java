package dev.baton.proxyproto;

import dev.baton.support.ExternalTool;

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
 * HAProxy 2.6 run as a child process ({@code -db}, its log on its standard output) for a side-by-side test, stopped
 * by its process when closed. Skips the test when haproxy is missing (except under CI).
 */
final class HaproxyRun implements AutoCloseable {
    private final Process process;
    private final Path output;

    private HaproxyRun(final Process process, final Path output) {
        this.process = process;
        this.output = output;
    }

    /** Starts HAProxy on {@code config} (written in {@code dir}) and waits until {@code host:port} accepts. */
    static HaproxyRun start(final Path dir, final String config, final String host, final int port)
        throws IOException {
        ExternalTool.requireHaproxy();
        final Path cfg = Files.writeString(dir.resolve("haproxy.cfg"), config);
        final Path out = dir.resolve("haproxy.out");
        final Process p = new ProcessBuilder("haproxy", "-db", "-f", cfg.toString())
            .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        final HaproxyRun run = new HaproxyRun(p, out);
        try {
            await("haproxy listening on " + host + ":" + port).atMost(Duration.ofSeconds(10)).until(() -> {
                if (!p.isAlive()) {
                    throw new AssertionError("haproxy exited: " + Files.readString(out));
                }
                return listening(host, port);
            });
        } catch (final RuntimeException | Error e) {
            run.close();
            throw e;
        }
        return run;
    }

    private static boolean listening(final String host, final int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /** What HAProxy printed so far, line by line. */
    List<String> lines() {
        try {
            return Files.readAllLines(output);
        } catch (final IOException e) {
            return List.of();
        }
    }

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
