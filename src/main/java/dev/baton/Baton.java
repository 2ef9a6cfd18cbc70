package dev.baton;

import dev.baton.tls.TlsSetup;
import dev.baton.config.BatonConfig;
import dev.baton.config.ConfigError;
import dev.baton.config.ConfigException;
import dev.baton.config.ConfigLoader;
import dev.baton.config.MasterSocketOption;
import dev.baton.config.StatsSocketConfig;
import dev.baton.log.LogSetup;
import dev.baton.health.ServerStateRestore;
import dev.baton.sys.Detach;
import dev.baton.sys.Identity;
import dev.baton.sys.SignalTrap;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code baton} command: HAProxy's flags where they exist. Exit codes: 0 success (a valid check, or a
 * graceful stop); 1 invalid configuration or start-up failure; 2 bad command line.
 */
@Command(name = "baton", sortOptions = false, versionProvider = Baton.Version.class,
    description = {"NIO TCP and HTTP/1.1 load balancer with HAProxy's configuration language.",
        "'baton reload -S SOCKET' asks the baton started with -S SOCKET to reload and waits for the outcome "
            + "(baton reload -h)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success (configuration valid, or graceful stop)",
        "1:invalid configuration or start-up failure",
        "2:bad command line",
        "70:a reactor thread died of an unrecoverable error (the supervisor should restart baton)"})
public final class Baton implements Callable<Integer> {
    public static final int EXIT_OK = 0;
    public static final int EXIT_CONFIG = 1;
    public static final int EXIT_USAGE = 2;
    /** EX_SOFTWARE: a reactor thread died of an unrecoverable error. */
    public static final int EXIT_REACTOR_CRASH = 70;

    static final String ZERO_WARNING_ABORT = "Some warnings were found and 'zero-warning' is set (or -dW). Aborting.";

    static final String NO_LISTENER =
        "no listener: no frontend or listen section has a 'bind' line, and there is no 'stats socket'";

    @Option(names = "-f", paramLabel = "FILE|DIR", required = true,
        description = "configuration file, or directory whose *.cfg files load in name order; repeatable")
    private List<Path> files;

    @Option(names = "-L", paramLabel = "NAME", description = "the local peer's name in the peers sections (default: "
        + "the host name; overrides the global 'localpeer')")
    private String localPeer;

    @Option(names = "-c", description = "check the configuration and exit")
    private boolean checkOnly;

    @Option(names = "-d", description = "debug logging")
    private boolean debug;

    @Option(names = "-p", paramLabel = "PIDFILE", description = "write the process id to this file")
    private Path pidFile;

    @Option(names = "-q", description = "quiet: no warnings, no 'Configuration file is valid' (errors still shown)")
    private boolean quiet;

    @Option(names = "-dW", description = "zero-warning: refuse to start (and fail -c) when the configuration drew a "
        + "warning, as the global 'zero-warning'")
    private boolean zeroWarning;

    @Option(names = "-dM", arity = "0..1", paramLabel = "BYTE", fallbackValue = "",
        description = "HAProxy's memory poisoning: accepted; the JVM hands out zeroed memory, never stale bytes")
    private String memoryPoisoning;

    @Option(names = "-db", description = "stay in the foreground (baton always does; accepted for HAProxy's harnesses)")
    private boolean foreground;

    @Option(names = "-W", description = "master-worker mode: accepted; baton is one process its supervisor manages")
    private boolean masterWorker;

    @Option(names = "-D", description = "go to the background once started (as the global 'daemon'): the launcher "
        + "exits 0 once baton serves, or with its exit code if it could not start")
    private boolean background;

    @Option(names = "-Ws", description = "systemd mode, as HAProxy's: stays in the foreground (whatever 'daemon' says) "
        + "and tells systemd READY=1 once serving and STOPPING=1 on a stop, through $NOTIFY_SOCKET (Type=notify), with "
        + "STATUS lines and, under WatchdogSec, WATCHDOG=1 pings while every reactor turns its loop")
    private boolean systemdMode;
    /** {@code -Ws} under a {@code Type=notify} unit: READY/STOPPING/STATUS and the watchdog; else null. */
    private SystemdSupervision systemd;

    @Option(names = "-S", paramLabel = "SOCKET[,OPT,VAL]...", description = "HAProxy's master CLI flag: one more "
        + "runtime API socket, level admin unless 'level' says otherwise, e.g. /run/baton/master.sock,mode,600 (the "
        + "options of a 'stats socket' line, comma-separated); kept by every reload. 'baton reload -S SOCKET' asks it "
        + "for a reload and waits for the outcome")
    private String masterSocket;

    @Option(names = {"-sf", "-st"}, arity = "0..*", paramLabel = "PID",
        description = "HAProxy's flags for reloads by a second process: refused with the alternative (see the README)")
    private List<String> unsupportedFlag;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "print the version and exit")
    private boolean version;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    private final PrintStream out;
    private final PrintStream err;

    public Baton() {
        this(System.out, System.err);
    }

    Baton(final PrintStream out, final PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(final String[] args) {
        System.exit(execute(System.out, System.err, args));
    }

    /**
     * Runs {@code baton ARGS}: the daemon (or its check), or, when the first word is {@code reload}, the client
     * that asks a running baton for a reload ({@link ReloadClient}); returns the exit code.
     */
    static int execute(final PrintStream out, final PrintStream err, final String... args) {
        if (args.length > 0 && args[0].equals(ReloadClient.NAME)) {
            return ReloadClient.commandLine(out, err).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        return commandLine(out, err).execute(args);
    }

    /**
     * The command line of a {@code Baton} writing to {@code out} and {@code err}: its own messages and
     * picocli's (help and version on {@code out}, usage errors on {@code err}) alike, so that a caller that
     * captures the two streams sees everything the command prints.
     */
    static CommandLine commandLine(final PrintStream out, final PrintStream err) {
        return new CommandLine(new Baton(out, err))
            .setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true))
            .setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    }

    @Override
    public Integer call() throws InterruptedException {
        final String refused = refusedFlag();
        if (refused != null) {
            err.println(refused);
            return EXIT_USAGE;
        }
        final BatonConfig config;
        try {
            config = ConfigLoader.load(files, System.getenv(), localPeer);
        } catch (final ConfigException e) {
            for (final ConfigError error : e.errors()) {
                err.println(error);
            }
            err.println("Configuration file has " + e.errors().size() + " error(s)");
            return EXIT_CONFIG;
        }
        final boolean silent = quiet || config.global().process().quiet();
        if (!silent) {
            for (final ConfigError warning : config.warnings()) {
                err.println("[WARNING] " + warning);
            }
        }
        if (!config.warnings().isEmpty() && (zeroWarning || config.global().process().zeroWarning())) {
            err.println(ZERO_WARNING_ABORT);
            return EXIT_CONFIG;
        }
        final List<StatsSocketConfig> masterSockets = new ArrayList<>();
        if (masterSocket != null) {
            final List<String> warnings = new ArrayList<>();
            try {
                masterSockets.add(MasterSocketOption.parse(masterSocket, warnings));
            } catch (final IllegalArgumentException e) {
                err.println(e.getMessage());
                return EXIT_USAGE;
            }
            if (!silent) {
                warnings.forEach(w -> err.println("[WARNING] " + w));
            }
        }
        if (checkOnly) {
            return check(config);
        }
        if ((zeroWarning || config.global().process().zeroWarning()) && addressWarnings(config)) {
            return EXIT_CONFIG; // a start-up address warning counts too, as HAProxy's srv_init_addr warning does
        }
        if ((background || config.global().daemon()) && !foreground && !debug && !systemdMode
            && !BackgroundStart.isChild()) {
            try {
                return BackgroundStart.launch(backgroundArgs(), err);
            } catch (final IOException e) {
                err.println("cannot start baton in the background: " + e.getMessage());
                return EXIT_CONFIG;
            }
        }
        if (BackgroundStart.isChild()) {
            Detach.newSession();
        }
        return run(config, masterSockets);
    }

    /**
     * Under {@code zero-warning}, before a start: whether a server's address drew a warning (a name that does not
     * resolve yet, for a server its resolvers will resolve), then printed with the abort line. The addresses are
     * resolved once more by the start itself.
     */
    private boolean addressWarnings(final BatonConfig config) {
        final List<String> warnings = ServerAddresses.resolve(config).warnings();
        if (warnings.isEmpty()) {
            return false;
        }
        warnings.forEach(w -> err.println("[WARNING] " + w));
        err.println(ZERO_WARNING_ABORT);
        return true;
    }

    /**
     * {@code -c} once the files loaded: what start-up would still refuse, found the way start-up finds it
     * (server addresses resolved as {@link Daemon} resolves them, nothing bound), so that what {@code -c}
     * accepts starts. As HAProxy, whose {@code -c} says "has no error but will not start (no listener)" or
     * "could not resolve address".
     */
    private int check(final BatonConfig config) {
        final ServerAddresses addresses = ServerAddresses.resolve(config);
        if (!quiet && !config.global().process().quiet()) {
            addresses.warnings().forEach(w -> err.println("[WARNING] " + w));
        }
        if (!addresses.warnings().isEmpty() && (zeroWarning || config.global().process().zeroWarning())) {
            err.println(ZERO_WARNING_ABORT);
            return EXIT_CONFIG;
        }
        final List<String> errors = new ArrayList<>(addresses.errors());
        final TlsSetup tls = TlsSetup.build(config); // certificates load as start-up loads them
        errors.addAll(tls.errors());
        tls.release();
        final boolean listener = hasListener(config);
        if (errors.isEmpty() && listener) {
            if (!quiet && !config.global().process().quiet()) {
                out.println("Configuration file is valid");
            }
            return EXIT_OK;
        }
        for (final String error : errors) {
            err.println(error);
        }
        if (!listener) {
            err.println(NO_LISTENER);
        }
        err.println(errors.isEmpty() ? "Configuration file has no error but will not start (no listener)"
            : "Configuration file has " + (errors.size() + (listener ? 0 : 1)) + " error(s)");
        return EXIT_CONFIG;
    }

    /** The arguments of the baton a {@link BackgroundStart} launches: the files and pidfile, quiet (warned once). */
    private List<String> backgroundArgs() {
        final List<String> args = new ArrayList<>();
        for (final Path f : files) {
            args.add("-f");
            args.add(f.toString());
        }
        if (localPeer != null) {
            args.add("-L");
            args.add(localPeer);
        }
        if (pidFile != null) {
            args.add("-p");
            args.add(pidFile.toString());
        }
        if (masterSocket != null) {
            args.add("-S");
            args.add(masterSocket);
        }
        args.add("-q");
        return args;
    }

    /**
     * HAProxy's flags that need a second process or a protocol baton lacks: why not, and what to do instead;
     * null when none was given.
     */
    private String refusedFlag() {
        if (unsupportedFlag == null) {
            return null;
        }
        return "baton: -sf/-st (hand-over to a new process) are HAProxy's multi-process flags; "
            + "baton runs as one process: run it under systemd (see systemd/baton.service; -Ws for Type=notify), "
            + "stop it with SIGTERM or SIGUSR1 (graceful); to apply a new configuration, reload in place with SIGUSR2 or "
            + "SIGHUP, or 'baton reload -S SOCKET' with baton started with -S SOCKET (it waits for the outcome)";
    }

    /**
     * As HAProxy: a configuration must listen somewhere, on a {@code bind} line or a {@code stats socket}
     * (HAProxy counts it too); a daemon that listens nowhere would look healthy to its supervisor and serve
     * nothing.
     */
    static boolean hasListener(final BatonConfig config) {
        return !config.global().statsSockets().isEmpty()
            || config.frontends().stream().anyMatch(p -> !p.binds().isEmpty());
    }

    private int run(final BatonConfig config, final List<StatsSocketConfig> masterSockets)
        throws InterruptedException {
        if (!hasListener(config)) {
            err.println(NO_LISTENER + "; not starting");
            return EXIT_CONFIG;
        }
        // Trap TERM and INT first: a signal that arrives while the daemon starts (ports may already accept)
        // must still lead to a graceful stop and exit 0, not to the JVM's default exit 143.
        final CountDownLatch termination = new CountDownLatch(1);
        SignalTrap.onTermination(termination::countDown);
        try {
            LogSetup.configure(config, debug);
        } catch (final IOException e) {
            err.println("cannot open the log targets: " + e.getMessage());
            return EXIT_CONFIG;
        }
        try {
            FileLimits.apply(config.global());
        } catch (final StartupException e) {
            for (final String p : e.problems()) {
                err.println(p);
            }
            LogSetup.shutdown();
            return EXIT_CONFIG;
        }
        final Path pid = pidFile != null ? pidFile
            : config.global().pidfile() != null ? Path.of(config.global().pidfile()) : null;
        final Daemon daemon;
        Reload reload = null;
        try {
            daemon = new Daemon(config, masterSockets);
            daemon.reactors().crashPolicy(Baton::exitOnReactorCrash);
            // as HAProxy's init: saved server states are applied before any traffic or check, and before chroot
            ServerStateRestore.apply(daemon.backends(), config.global().process(), daemon.transitions());
            // As HAProxy: the pidfile is written and every port bound with the starting identity (ports below
            // 1024 as root), then the process enters 'chroot' and becomes 'user'/'group' before any traffic runs.
            if (pid != null && !writePid(pid)) {
                daemon.stop(1);
                LogSetup.shutdown();
                return EXIT_CONFIG;
            }
            if (!enterChroot(config, daemon) || !dropIdentity(config, daemon)) {
                removePid(pid);
                LogSetup.shutdown();
                return EXIT_CONFIG;
            }
            // trapped before the start, so that a reload asked for once 'baton started' is logged is never lost (one
            // asked for earlier is refused: nothing runs yet)
            reload = new Reload(daemon, files, System.getenv(), localPeer);
            daemon.reloader(reload);
            final Reload reloads = reload;
            final List<String> ignored = SignalTrap.onReload(() -> reloads.reload("signal"));
            if (ignored == null) {
                Logger.warn("this JVM cannot trap SIGUSR2/SIGHUP: reload through the runtime API's 'reload'");
            } else if (!ignored.isEmpty()) {
                Logger.warn("SIG{} was ignored when baton started (nohup?) and stays ignored: reload with SIGUSR2 or "
                    + "the runtime API's 'reload'", String.join(", SIG", ignored));
            }
            daemon.start();
            if (systemdMode) {
                systemd = SystemdSupervision.start(System::getenv, daemon.heartbeat(), daemon::liveStreams);
                if (systemd != null) {
                    reload.systemd(systemd);
                    systemd.ready("serving on " + daemon.reactors().size() + " reactor(s)");
                }
            }
            if (BackgroundStart.isChild()) {
                out.println(BackgroundStart.READY);
                out.flush();
                Detach.closeStandardStreams();
            }
        } catch (final StartupException e) {
            for (final String p : e.problems()) {
                Logger.error(p);
            }
            LogSetup.shutdown();
            return EXIT_CONFIG;
        } catch (final IOException e) {
            Logger.error("cannot start: {}", e.getMessage());
            removePid(pid);
            LogSetup.shutdown();
            return EXIT_CONFIG;
        }
        termination.await();
        if (reload != null) {
            reload.close();
        }
        if (systemd != null) {
            systemd.stopping();
        }
        final long graceMs = config.global().process().graceMs();
        if (graceMs > 0) {
            // HAProxy's 'grace': the listeners keep accepting (a load balancer in front sees the health checks
            // of its own choosing fail first) before the soft stop proper begins
            Logger.info("soft stop requested: listeners stay open for grace {} ms", graceMs);
            Thread.sleep(graceMs);
        }
        Logger.info("stopping: no new connections; waiting for {} live connection(s){}", daemon.liveStreams(),
            config.global().hardStopAfterMs() > 0 ? " up to " + config.global().hardStopAfterMs() + " ms" : "");
        daemon.stop(config.global().hardStopAfterMs());
        removePid(pid);
        if (systemd != null) {
            systemd.close();
        }
        Logger.info("stopped");
        LogSetup.shutdown();
        return EXIT_OK;
    }


    /** A reactor died: stop at once with EX_SOFTWARE so that the supervisor restarts a whole baton. */
    private static void exitOnReactorCrash(final Throwable cause) {
        Logger.error(cause, "a reactor thread died; exiting so that the supervisor restarts baton");
        LogSetup.shutdown();
        Runtime.getRuntime().halt(EXIT_REACTOR_CRASH);
    }

    /**
     * {@code chroot DIR}: as HAProxy, after binding and writing the pidfile, before the user changes. Every
     * baton class is already loaded (ClassPreloader), the logging writers created (the line below is logged
     * before the chroot) and the jars and JDK modules held open, so the JVM keeps running in an empty
     * directory. On a refusal stops the unstarted daemon and says so.
     */
    private static boolean enterChroot(final BatonConfig config, final Daemon daemon) throws InterruptedException {
        final String dir = config.global().chroot();
        if (dir == null) {
            return true;
        }
        Logger.info("chroot to {}", dir);
        try {
            Identity.chroot(dir);
        } catch (final IllegalStateException | UnsatisfiedLinkError e) {
            Logger.error("{}{}", e.getMessage(), Identity.currentUid() != 0
                ? ": baton was not started as root, so it cannot chroot" : "");
            daemon.stop(1);
            return false;
        }
        return true;
    }

    /**
     * Switches to the configured group and user ({@link Identity#drop}: every thread of the JVM). On a refusal
     * (not started as root, for instance) stops the unstarted daemon, which unbinds everything, and says so.
     */
    private static boolean dropIdentity(final BatonConfig config, final Daemon daemon) throws InterruptedException {
        final int uid = config.global().uid();
        final int gid = config.global().gid();
        if (uid == 0 && gid == 0) {
            return true;
        }
        try {
            Identity.drop(uid, gid, Logger::warn);
        } catch (final IllegalStateException | UnsatisfiedLinkError e) {
            Logger.error("{}{}", e.getMessage(), Identity.currentUid() != 0
                ? ": baton was not started as root, so it cannot change its user or group" : "");
            daemon.stop(1);
            return false;
        }
        Logger.info("running as uid {} gid {}", Identity.currentUid(), Identity.currentGid());
        return true;
    }

    /** Removes the pidfile, if any; after a drop to 'user', its directory may not let baton (a warning then). */
    private static void removePid(final Path pid) {
        if (pid == null) {
            return;
        }
        try {
            Files.deleteIfExists(pid);
        } catch (final IOException e) {
            Logger.warn("cannot remove pidfile {}: {}", pid, e.getMessage());
        }
    }

    private static boolean writePid(final Path pid) {
        try {
            Files.writeString(pid, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            return true;
        } catch (final IOException e) {
            Logger.error("cannot write pidfile {}: {}", pid, e.getMessage());
            return false;
        }
    }

    /** Reads the version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String v = Baton.class.getPackage().getImplementationVersion();
            return new String[] {"baton " + (v != null ? v : "dev") + " (Java " + Runtime.version() + ")"};
        }
    }
}
