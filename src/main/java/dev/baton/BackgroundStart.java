package dev.baton;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code baton -D} and the global {@code daemon}: HAProxy forks into the background once its ports are bound; a
 * JVM cannot fork, so the launcher starts a second baton (same java, same JVM flags, same class path) and waits.
 * The second one, the daemon, runs in a session of its own ({@code setsid}), binds, writes the pidfile with its
 * own pid, and once serving prints {@link #READY} and puts its standard streams on {@code /dev/null}. The
 * launcher relays what the daemon printed until then (warnings are printed once, by the launcher) and exits 0 if
 * it saw {@link #READY}, or with the daemon's exit code if the daemon stopped before (a port in use, say): the
 * shell or init script that ran {@code baton -D} learns the outcome as with HAProxy. Neither {@code -db} nor
 * {@code -d} go to the background (HAProxy's rule), nor does a baton run by systemd's unit (it passes {@code -db}).
 */
final class BackgroundStart {
    /** Set in the daemon's environment: it must not go to the background again. */
    static final String CHILD_ENV = "BATON_BACKGROUND_CHILD";
    /** The daemon's last line on its standard output before it closes it. */
    static final String READY = "baton: running in the background";

    private BackgroundStart() {
    }

    /** Whether this process is the daemon a launcher started. */
    static boolean isChild() {
        return "1".equals(System.getenv(CHILD_ENV));
    }

    /**
     * Starts the daemon with {@code batonArgs} (the launcher's, without {@code -D}) and returns the launcher's
     * exit code; the daemon's lines go to {@code err}.
     */
    static int launch(final List<String> batonArgs, final PrintStream err) throws IOException, InterruptedException {
        final ProcessBuilder builder = new ProcessBuilder(command(batonArgs))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true);
        builder.environment().put(CHILD_ENV, "1");
        final Process daemon = builder.start();
        boolean ready = false;
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.equals(READY)) {
                    ready = true;
                } else {
                    err.println(line);
                }
            }
        }
        return ready ? Baton.EXIT_OK : daemon.waitFor();
    }

    /** This JVM's java binary, its flags and class path, then baton's main class and {@code batonArgs}. */
    private static List<String> command(final List<String> batonArgs) {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Baton.class.getName());
        command.addAll(batonArgs);
        return command;
    }
}
