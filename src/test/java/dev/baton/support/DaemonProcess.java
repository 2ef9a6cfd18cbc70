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
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The real {@code baton} as a child process, started from the test classpath ({@code dev.baton.Baton} main,
 * so no jar needs building). Its stdout and stderr go to files in a directory of the test's choosing.
 * {@link #stop()} sends SIGTERM ({@link Process#destroy()} on Linux) and returns the exit code;
 * {@link #close()} kills whatever is still running, for {@code finally} blocks and try-with-resources.
 */
public final class DaemonProcess implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private DaemonProcess(final Process process, final Path stdout, final Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code baton ARGS}; output goes to {@code dir/stdout.txt} and {@code dir/stderr.txt}. */
    public static DaemonProcess start(final Path dir, final String... batonArgs) throws IOException {
        return launch(dir, javaCommand(batonArgs));
    }

    /**
     * Starts {@code baton ARGS} under {@code ulimit -n nofile} (soft and hard limits, so that the JVM cannot
     * raise its soft limit back). {@code exec} keeps the JVM's pid the child's pid.
     */
    public static DaemonProcess startWithFileLimit(final Path dir, final int nofile, final String... batonArgs)
        throws IOException {
        final List<String> command = new ArrayList<>(List.of("bash", "-c", "ulimit -n " + nofile + " && exec \"$@\"",
            "bash"));
        command.addAll(javaCommand(batonArgs));
        return launch(dir, command);
    }

    /**
     * Starts {@code baton ARGS} through {@code launcher} (a program that execs its arguments, such as
     * {@code systemd-socket-activate -l ADDR}, which hands baton a listening socket as fd 3).
     */
    public static DaemonProcess startUnder(final Path dir, final List<String> launcher, final String... batonArgs)
        throws IOException {
        final List<String> command = new ArrayList<>(launcher);
        command.addAll(javaCommand(batonArgs));
        return launch(dir, command);
    }

    /** {@code java ... dev.baton.Baton ARGS} with the classpath this test runs with. */
    static List<String> javaCommand(final String... batonArgs) {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", // as baton.jar's manifest: fd@, abns@, bind options
            // A small, quick-starting JVM: the daemon under test needs little heap and no JIT tiers.
            "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-cp", testClasspath(),
            "dev.baton.Baton"));
        command.addAll(List.of(batonArgs));
        return command;
    }

    /**
     * The full test classpath. Surefire's forked JVM reports it in {@code java.class.path} (it resets the
     * property after booting from its manifest-only jar) and in {@code surefire.test.class.path}.
     */
    static String testClasspath() {
        final String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (cp == null || !cp.contains("classes")) {
            throw new IllegalStateException("no usable test classpath: " + cp);
        }
        return cp;
    }

    private static DaemonProcess launch(final Path dir, final List<String> command) throws IOException {
        final Path out = dir.resolve("stdout.txt");
        final Path err = dir.resolve("stderr.txt");
        final Process p = new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
        return new DaemonProcess(p, out, err);
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until 127.0.0.1:{@code port} accepts a connection (then closes it), failing early with the
     * daemon's stderr if the process ends first.
     */
    public void awaitAccepting(final int port) {
        await("baton accepting on port " + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
            .until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("baton exited with " + process.exitValue() + " before accepting:\n"
                        + stderr());
                }
                return accepts(port);
            });
    }

    private static boolean accepts(final int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    /** Sends SIGTERM and waits for the exit; returns the exit code (fails if it does not exit in time). */
    public int stop() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    /** Waits for the process to end by itself; returns the exit code. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("baton still running after " + STOP_TIMEOUT + ":\n" + stderr());
        }
        return process.exitValue();
    }

    /**
     * Waits until stderr contains {@code fragment} and returns it. Log lines are written by the daemon's
     * logging thread, so a line may show up a little after the event it tells of.
     */
    public String awaitStderr(final String fragment) {
        await("baton stderr containing '" + fragment + "'").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
            .until(() -> stderr().contains(fragment));
        return stderr();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** The number of file descriptors the process has open now, from {@code /proc/PID/fd}. */
    public int openFileDescriptors() {
        try (var entries = Files.list(Path.of("/proc", Long.toString(pid()), "fd"))) {
            return (int) entries.count();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * CPU time the process's thread named {@code threadName} (as the kernel shows it: at most 15 characters,
     * such as {@code baton-reactor-1}) has used so far, user and system, in clock ticks ({@code USER_HZ},
     * 100 a second on Linux), from {@code /proc/PID/task/TID/stat}.
     */
    public long threadCpuTicks(final String threadName) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (final Path task : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(task.resolve("comm")).strip().equals(threadName)) {
                    final String stat = Files.readString(task.resolve("stat"));
                    // Fields after the parenthesised name: state is field 3, utime field 14, stime field 15.
                    final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
                }
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no thread " + threadName + " in process " + pid());
    }

    private static String read(final Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the process if it is still running and waits for it. Keeps the interrupt status. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
