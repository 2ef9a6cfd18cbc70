package dev.baton;

import dev.baton.reactor.ReactorGroup;
import dev.baton.support.Banners;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TcpConfig;
import dev.baton.testservers.TcpEchoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code cpu-map} as the kernel sees it: each reactor thread's {@code Cpus_allowed_list} in
 * {@code /proc/self/task/TID/status}. Needs CPUs 0 and 1 allowed to this process.
 */
class CpuMapTest {
    private static final String ALLOWED = "Cpus_allowed_list:\t";

    @BeforeAll
    static void needsTwoCpus() throws IOException {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs 2 CPUs");
        final String own = allowedList(Path.of("/proc/self/status"));
        assumeTrue(own.startsWith("0-") || own.startsWith("0,1"), "CPUs 0 and 1 not both allowed: " + own);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu-map 1/1 0\ncpu-map 1/2 1", "cpu-map auto:1/1-2 0-1"})
    void pinsEachReactorThreadToItsCpu(final String cpuMap) throws Exception {
        try (RunningDaemon d = RunningDaemon.start(TcpConfig.of("nbthread 2\n" + cpuMap, 0,
            "server s1 127.0.0.1:9"))) {
            final ReactorGroup reactors = d.daemon().reactors();
            assertEquals("0", allowedList(reactors, 0));
            assertEquals("1", allowedList(reactors, 1));
        }
    }

    @Test
    void mapsEveryThreadToASetWithoutAuto() throws Exception {
        try (RunningDaemon d = RunningDaemon.start(TcpConfig.of("nbthread 2\ncpu-map 1/all 1", 0,
            "server s1 127.0.0.1:9"))) {
            assertEquals("1", allowedList(d.daemon().reactors(), 0));
            assertEquals("1", allowedList(d.daemon().reactors(), 1));
        }
    }

    /** A CPU the kernel refuses is logged and the thread runs where it could before; the daemon still serves. */
    @Test
    void impossibleCpuLeavesTheThreadUnpinnedAndServing() throws Exception {
        final String before = allowedList(Path.of("/proc/self/status"));
        try (TcpEchoServer backend = Banners.start("s1");
             RunningDaemon d = RunningDaemon.start(TcpConfig.of("nbthread 1\ncpu-map 1/1 4095", 0,
                 "server s1 " + Banners.hostPort(backend)))) {
            assertEquals(before, allowedList(d.daemon().reactors(), 0));
            assertEquals("s1", Banners.ask(d.port("fe")));
        }
    }

    private static String allowedList(final ReactorGroup reactors, final int id) throws IOException {
        final long tid = reactors.threadId(id);
        return allowedList(Path.of("/proc/self/task/" + tid + "/status"));
    }

    private static String allowedList(final Path status) throws IOException {
        return Files.readAllLines(status).stream()
            .filter(l -> l.startsWith(ALLOWED))
            .map(l -> l.substring(ALLOWED.length()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Cpus_allowed_list in " + status));
    }
}
