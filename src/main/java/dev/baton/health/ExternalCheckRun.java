package dev.baton.health;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.config.BindConfig;
import dev.baton.config.ExternalCheck;
import dev.baton.config.Mode;
import dev.baton.config.ProxyConfig;
import dev.baton.reactor.Reactor;
import org.tinylog.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One server's {@code option external-check}, as HAProxy 2.6 runs it: each turn starts the backend's program with
 * the arguments {@code PROXY_ADDR PROXY_PORT SERVER_ADDR SERVER_PORT} and only the environment HAProxy gives it
 * ({@code PATH} from {@code external-check path}, empty by default, and the {@code HAPROXY_*} variables); exit
 * status 0 is {@link CheckStatus#PROCOK}, any other {@link CheckStatus#PROCERR} with that status as the code (a
 * program that cannot be run: 255, as HAProxy's child exits), and a program still running when the turn's bound
 * passes is sent SIGTERM, {@link CheckStatus#PROCTOUT}. The bound is {@code inter}, or the connect timeout when it is
 * shorter and {@code timeout check} is set. Without the global {@code insecure-fork-wanted} no program is started:
 * {@link CheckStatus#SOCKERR}, as HAProxy's refused fork.
 *
 * <p>Threads: the owner reactor prepares a run and takes its outcome; the program is started on
 * {@link ExternalCheckLauncher}'s thread (starting a process blocks) and its exit comes back through the reactor's
 * inbox. A run the timer or a stop ended is marked, so that a late exit changes nothing and a program started after
 * it is stopped at once.
 */
final class ExternalCheckRun implements CheckRunner {
    /** What HAProxy passes where a listener address or port does not apply. */
    static final String NOT_USED = "NOT_USED";
    /** The exit status HAProxy's child gives when its exec fails ({@code exit(-1)}). */
    static final int EXEC_FAILED = 255;

    private final ActiveCheck owner;
    private final Reactor reactor;
    private final ExternalCheck program;
    private final boolean forkAllowed;
    private final long boundNs;
    /** The run under way, or null. */
    private Launch current;

    ExternalCheckRun(final ActiveCheck owner, final Reactor reactor, final ExternalCheck program,
                     final boolean forkAllowed) {
        this.owner = owner;
        this.reactor = reactor;
        this.program = program;
        this.forkAllowed = forkAllowed;
        final ProxyConfig proxy = owner.server().backend().config();
        final long interMs = owner.server().config().check().interMs();
        final long connectMs = proxy.timeouts().connectMs();
        final long boundMs = proxy.timeouts().checkMs() > 0 && connectMs > 0 ? Math.min(interMs, connectMs) : interMs;
        this.boundNs = boundMs * 1_000_000L;
    }

    /**
     * A program started for one run: set by the launcher's thread, cancelled by the owner reactor; whichever comes
     * second stops the process.
     */
    static final class Launch {
        private Process process;
        private boolean cancelled;

        /** Launcher thread: keeps the started process, or stops it when the run was cancelled meanwhile. */
        synchronized boolean started(final Process p) {
            if (cancelled) {
                p.destroy();
                return false;
            }
            process = p;
            return true;
        }

        /** Owner reactor: the run is over without its program's word; a running program gets SIGTERM. */
        synchronized void cancel() {
            cancelled = true;
            if (process != null) {
                process.destroy();
            }
        }

        synchronized boolean cancelled() {
            return cancelled;
        }
    }

    @Override
    public long boundNs(final long connectBoundNs) {
        return boundNs;
    }

    @Override
    public void start(final long nowNs) {
        if (!forkAllowed) {
            owner.finish(CheckStatus.SOCKERR, "Resource temporarily unavailable", 0, nowNs);
            return;
        }
        final String command = ExternalCheckLauncher.resolve(program.command(), program.pathOrDefault());
        if (command == null) {
            Logger.warn("Failed to exec process for external health check of {}/{}: {}: not found in PATH '{}'",
                owner.server().backend().name(), owner.server().name(), program.command(), program.pathOrDefault());
            owner.finish(CheckStatus.PROCERR, null, EXEC_FAILED, nowNs);
            return;
        }
        final Launch launch = new Launch();
        current = launch;
        final ProcessBuilder builder = builder(command);
        ExternalCheckLauncher.submit(() -> spawn(launch, builder));
    }

    /** Launcher thread. */
    private void spawn(final Launch launch, final ProcessBuilder builder) {
        final Process p;
        try {
            p = builder.start();
        } catch (final IOException | RuntimeException e) {
            Logger.warn("Failed to exec process for external health check of {}/{}: {}",
                owner.server().backend().name(), owner.server().name(), e.getMessage());
            reactor.execute(r -> exited(launch, EXEC_FAILED));
            return;
        }
        if (launch.started(p)) {
            p.onExit().thenAccept(done -> reactor.execute(r -> exited(launch, done.exitValue())));
        }
    }

    /** Owner reactor: the run's program exited with {@code status}. */
    private void exited(final Launch launch, final int status) {
        if (launch != current || launch.cancelled()) {
            return; // the timer or a stop ended this run already
        }
        current = null;
        owner.finish(status == 0 ? CheckStatus.PROCOK : CheckStatus.PROCERR, null, status, reactor.nowNs());
    }

    @Override
    public boolean inProgress() {
        return current != null;
    }

    @Override
    public boolean established() {
        return false;
    }

    @Override
    public void timedOut(final long nowNs) {
        final Launch launch = current;
        current = null;
        if (launch != null) {
            launch.cancel();
        }
        owner.finish(CheckStatus.PROCTOUT, null, 0, nowNs);
    }

    @Override
    public void abandon() {
        final Launch launch = current;
        current = null;
        if (launch != null) {
            launch.cancel();
        }
    }

    /** The program, its arguments and its whole environment for a run starting now. */
    private ProcessBuilder builder(final String command) {
        final Server s = owner.server();
        final ProxyConfig proxy = s.backend().config();
        final String[] listener = firstListener(proxy.binds());
        final String[] server = serverAddress(s);
        final String path = program.pathOrDefault();
        final ProcessBuilder b = new ProcessBuilder(List.of(command, listener[0], listener[1], server[0], server[1]));
        final Map<String, String> env = b.environment();
        env.clear();
        env.put("PATH", path);
        env.put("HAPROXY_PROXY_NAME", proxy.name());
        env.put("HAPROXY_PROXY_ID", Integer.toString(proxy.extras().id()));
        env.put("HAPROXY_PROXY_ADDR", listener[0]);
        env.put("HAPROXY_PROXY_PORT", listener[1]);
        env.put("HAPROXY_SERVER_NAME", s.name());
        env.put("HAPROXY_SERVER_ID", Integer.toString(s.id() + 1)); // HAProxy's puid
        env.put("HAPROXY_SERVER_ADDR", server[0]);
        env.put("HAPROXY_SERVER_PORT", server[1]);
        env.put("HAPROXY_SERVER_MAXCONN", Integer.toString(s.config().maxconn()));
        env.put("HAPROXY_SERVER_CURCONN", Integer.toString(s.currConns()));
        env.put("HAPROXY_SERVER_SSL", s.config().tls() != null && s.config().tls().ssl() ? "1" : "0");
        env.put("HAPROXY_SERVER_PROTO", proxy.mode() == Mode.HTTP ? "h1" : "tcp");
        b.redirectInput(ProcessBuilder.Redirect.INHERIT).redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .redirectError(ProcessBuilder.Redirect.INHERIT);
        return b;
    }

    /**
     * The address and port of the proxy's first IPv4, IPv6 or Unix listener, as HAProxy passes them: a Unix one's
     * path and {@link #NOT_USED}; none (a backend): {@link #NOT_USED} twice.
     */
    static String[] firstListener(final List<BindConfig> binds) {
        for (final BindConfig b : binds) {
            if (b.family() == BindConfig.Family.INET) {
                final String host = b.host() == null || b.host().isEmpty() || b.host().equals("*") ? "0.0.0.0"
                    : b.host();
                return new String[] {host, Integer.toString(b.port())};
            }
            if (b.family() == BindConfig.Family.UNIX) {
                return new String[] {b.path(), NOT_USED};
            }
        }
        return new String[] {NOT_USED, NOT_USED};
    }

    /** The server's address and port now (a Unix server: its path and {@link #NOT_USED}). */
    private static String[] serverAddress(final Server s) {
        if (s.config().path() != null && !s.config().abns()) {
            return new String[] {s.config().path(), NOT_USED};
        }
        final InetSocketAddress a = s.address();
        if (a == null || a.getAddress() == null) {
            return new String[] {"", ""};
        }
        return new String[] {a.getAddress().getHostAddress(), Integer.toString(a.getPort())};
    }
}
