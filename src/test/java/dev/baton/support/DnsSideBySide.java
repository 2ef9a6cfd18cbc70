package dev.baton.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * What the side-by-side tests of run-time name resolution share: one configuration for HAProxy 2.6 and baton (a
 * {@code resolvers dns} section with short timers on the fake name server, a tcp frontend, backend {@code be} with
 * the given server line), the wait for a state read through the stats socket, and the two runs, HAProxy's then
 * baton's, each against a fresh fake name server. Test thread only.
 */
public final class DnsSideBySide {
    private static final Duration WITHIN = Duration.ofSeconds(15);

    /** A configuration for stats socket {@code socket}, a frontend on {@code fePort} and the name server's port. */
    @FunctionalInterface
    public interface Config {
        String text(Path socket, int fePort, int dnsPort);
    }

    /** The steps of a run against {@code dns}, each giving the state read through {@code socket}. */
    @FunctionalInterface
    public interface Session {
        List<String> run(FakeDnsServer dns, Path socket) throws Exception;
    }

    /** The states and the log lines (as {@code about} keeps them) of HAProxy's run, then of baton's. */
    public record Runs(List<String> haproxyStates, List<String> haproxyLines, List<String> batonStates,
                       List<String> batonLines) {
    }

    private DnsSideBySide() {
    }

    /** The configuration: stats socket {@code socket}, {@code log LOG}, frontend on {@code fePort}, {@code server}. */
    public static String config(final Path socket, final String log, final int fePort, final int dnsPort,
                                final String server) {
        return String.join("\n",
            "global",
            "    stats socket " + socket + " level admin",
            "    nbthread 1",
            "    log " + log,
            "resolvers dns",
            "    nameserver ns1 127.0.0.1:" + dnsPort,
            "    resolve_retries 2",
            "    timeout resolve 100ms",
            "    timeout retry 100ms",
            "    hold valid 100ms",
            "    hold nx 400ms",
            "    hold other 400ms",
            "defaults",
            "    mode tcp",
            "    log global",
            "    timeout connect 1s",
            "    timeout client 5s",
            "    timeout server 5s",
            "frontend fe",
            "    bind 127.0.0.1:" + fePort,
            "    default_backend be",
            "backend be",
            "    " + server,
            "");
    }

    /** Reads {@code state} until {@code wanted} accepts it (15 s at most); returns it. */
    public static String awaitState(final Callable<String> state, final Predicate<String> wanted) {
        final String[] last = {""};
        await().atMost(WITHIN).until(() -> wanted.test(last[0] = state.call()));
        return last[0];
    }

    /**
     * Runs {@code session} against HAProxy 2.6, then against baton, each on {@code config} and a fresh fake name
     * server that leaves {@code silentName} unanswered until the session says otherwise; baton's lines are awaited
     * until there are as many as HAProxy's. HAProxy's lines are its output; baton's those {@link TrafficLogCapture}
     * caught.
     */
    @SuppressWarnings("try") // the daemon is only closed: it is talked to through its socket
    public static Runs run(final Path dir, final String silentName, final Config config, final Session session,
                           final UnaryOperator<List<String>> about) throws Exception {
        ExternalTool.requireHaproxy();
        final List<String> haproxyStates;
        final List<String> haproxyLines;
        try (FakeDnsServer dns = FakeDnsServer.start()) {
            dns.silent(silentName);
            final Path socket = dir.resolve("h.sock");
            final int port = RunningDaemon.freePort();
            try (HaproxyProcess h = HaproxyProcess.start(dir, config.text(socket, port, dns.port()), port)) {
                haproxyStates = session.run(dns, socket);
                haproxyLines = about.apply(h.lines());
            }
        }
        try (FakeDnsServer dns = FakeDnsServer.start()) {
            dns.silent(silentName);
            final Path socket = dir.resolve("b.sock");
            final int port = RunningDaemon.freePort();
            TrafficLogCapture.clear();
            try (RunningDaemon d = RunningDaemon.start(config.text(socket, port, dns.port()))) {
                final List<String> batonStates = session.run(dns, socket);
                await().atMost(WITHIN).until(() -> about.apply(TrafficLogCapture.lines()).size()
                    >= haproxyLines.size());
                return new Runs(haproxyStates, haproxyLines, batonStates, about.apply(TrafficLogCapture.lines()));
            }
        }
    }
}
