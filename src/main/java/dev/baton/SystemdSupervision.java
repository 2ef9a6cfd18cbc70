package dev.baton;

import dev.baton.sys.SystemdNotify;
import org.tinylog.Logger;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * What baton tells systemd in {@code -Ws} mode, beyond the one-shot {@code READY=1}: {@code STATUS=} lines, and the
 * watchdog. With {@code WatchdogSec=} in the unit, systemd sets {@code $WATCHDOG_USEC} (and {@code $WATCHDOG_PID});
 * baton then sends {@code WATCHDOG=1} every tick (half the watchdog time, at most one second) but only while every
 * reactor has run the {@link ReactorHeartbeat} beat of the previous tick. A reactor stuck in a loop or a blocking call
 * stops the pings, and systemd restarts baton after {@code WatchdogSec}: the process looks alive to a pid check but
 * would serve nothing on that reactor's connections. While stopping, the {@code STATUS=} line says how many
 * connections are left.
 *
 * <p>Threads: {@link #start}, {@link #ready}, {@link #stopping} and {@link #close} from the main thread (and
 * {@link #reloading}, {@link #ready} from the reload thread); the ticks
 * on the daemon thread {@code baton-systemd}, which only reads the heartbeat stamps and the live-stream count (both
 * readable from any thread) and sends datagrams. Nothing here runs on a reactor.
 */
final class SystemdSupervision implements AutoCloseable {
    /** The longest time between two ticks, for the STATUS lines when there is no watchdog. */
    private static final long MAX_TICK_NS = TimeUnit.SECONDS.toNanos(1);

    private final String socket;
    private final long watchdogNs;
    private final long tickNs;
    private final ReactorHeartbeat heartbeat;
    private final IntSupplier liveStreams;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean closed;
    /** The reactor last reported silent, or -1; tick thread only. */
    private int silent = -1;

    private SystemdSupervision(final String socket, final long watchdogNs, final ReactorHeartbeat heartbeat,
                               final IntSupplier liveStreams) {
        this.socket = socket;
        this.watchdogNs = watchdogNs;
        this.tickNs = watchdogNs > 0 ? Math.min(watchdogNs / 2, MAX_TICK_NS) : MAX_TICK_NS;
        this.heartbeat = heartbeat;
        this.liveStreams = liveStreams;
        this.thread = new Thread(this::run, "baton-systemd");
        this.thread.setDaemon(true);
    }

    /**
     * Starts supervising for the systemd whose environment is {@code env} ({@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC},
     * {@code WATCHDOG_PID}); null when there is no notify socket (not started by a {@code Type=notify} unit).
     */
    static SystemdSupervision start(final java.util.function.Function<String, String> env,
                                    final ReactorHeartbeat heartbeat, final IntSupplier liveStreams) {
        final String socket = env.apply("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) {
            return null;
        }
        final SystemdSupervision s = new SystemdSupervision(socket,
            watchdogNs(env.apply("WATCHDOG_USEC"), env.apply("WATCHDOG_PID"), ProcessHandle.current().pid()),
            heartbeat, liveStreams);
        if (s.watchdogNs > 0) {
            Logger.info("systemd watchdog: {} ms; baton pings every {} ms while every reactor turns its loop",
                TimeUnit.NANOSECONDS.toMillis(s.watchdogNs), TimeUnit.NANOSECONDS.toMillis(s.tickNs));
        }
        s.thread.start();
        return s;
    }

    /**
     * The watchdog time systemd asks for, in ns, or 0 for none: none when {@code usec} is unset or not a positive
     * number, or when {@code pid} names another process (the variables were inherited, as sd_watchdog_enabled says).
     */
    static long watchdogNs(final String usec, final String pid, final long ownPid) {
        if (usec == null || usec.isEmpty()) {
            return 0;
        }
        if (pid != null && !pid.isEmpty() && !pid.equals(Long.toString(ownPid))) {
            return 0;
        }
        try {
            final long us = Long.parseLong(usec.trim());
            return us > 0 ? TimeUnit.MICROSECONDS.toNanos(us) : 0;
        } catch (final NumberFormatException e) {
            Logger.warn("systemd watchdog: ignoring WATCHDOG_USEC='{}' (not a number)", usec);
            return 0;
        }
    }

    /** The service serves: {@code READY=1} with a status line. */
    void ready(final String status) {
        send("READY=1\nSTATUS=" + status);
    }

    /**
     * A reload began: {@code RELOADING=1} with {@code MONOTONIC_USEC} (CLOCK_MONOTONIC, which
     * {@link System#nanoTime()} reads on Linux), as sd_notify(3) asks; {@link #ready} follows when it ends.
     */
    void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1_000 + "\nSTATUS=reloading");
    }

    /** A stop began: {@code STOPPING=1}; from now on the ticks report the connections left. */
    void stopping() {
        stopping = true;
        send("STOPPING=1\nSTATUS=stopping: " + liveStreams.getAsInt() + " connection(s) left");
    }

    /** Stops the ticks (the process is about to exit). */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    private void run() {
        long beatSentNs = System.nanoTime();
        heartbeat.beat();
        while (!closed) {
            try {
                TimeUnit.NANOSECONDS.sleep(tickNs);
            } catch (final InterruptedException e) {
                return;
            }
            tick(beatSentNs);
            beatSentNs = System.nanoTime();
            heartbeat.beat();
        }
    }

    /** One tick: the watchdog ping if every reactor answered the beat sent at {@code beatSentNs}; the STATUS line. */
    private void tick(final long beatSentNs) {
        final StringBuilder state = new StringBuilder();
        if (watchdogNs > 0) {
            final int late = heartbeat.firstSilentSince(beatSentNs);
            if (late < 0) {
                state.append("WATCHDOG=1");
                if (silent >= 0) {
                    Logger.info("reactor {} turns its loop again: systemd watchdog pings resume", silent);
                    silent = -1;
                }
            } else if (late != silent) {
                silent = late;
                Logger.warn("reactor {} has not turned its loop for {} ms: baton withholds the systemd watchdog ping "
                        + "(systemd restarts baton after WatchdogSec if it stays stuck)", late,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heartbeat.answeredNs(late)));
            }
        }
        if (stopping) {
            if (state.length() > 0) {
                state.append('\n');
            }
            state.append("STATUS=stopping: ").append(liveStreams.getAsInt()).append(" connection(s) left");
        }
        if (state.length() > 0) {
            send(state.toString());
        }
    }

    private void send(final String state) {
        final String failure = SystemdNotify.send(socket, state);
        if (failure != null) {
            Logger.warn("systemd notification: {}", failure);
        }
    }
}
