package dev.baton.spoe;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RawHttp;
import dev.baton.support.RunningDaemon;
import dev.baton.support.TestSpoa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPOE through the daemon: a mode http frontend whose engine asks a WAF-like agent ({@link TestSpoa}) at
 * {@code on-frontend-http-request}; the agent's variable decides {@code http-request deny}; a silent agent runs
 * into {@code timeout processing}, a dead one fails at once; each scenario side by side with HAProxy 2.6 on the same
 * configuration and agent: the same statuses and the same variables (echoed in the reply's headers).
 */
class SpoeThroughDaemonTest {
    private static final String DEFAULTS = String.join("\n",
        "defaults",
        "    mode http",
        "    timeout client 5s",
        "    timeout server 5s",
        "    timeout connect 1s");

    @TempDir
    Path tmp;

    private static TestSpoa.Reply waf(final TestSpoa.Notify n) {
        final String path = String.valueOf(n.arg("check", "path"));
        if (path.contains("silent")) {
            return TestSpoa.Reply.never();
        }
        if (path.contains("bye")) {
            return TestSpoa.Reply.disconnect(42);
        }
        if (path.contains("slow")) {
            return TestSpoa.Reply.after(100, TestSpoa.Action.set(Spop.SCOPE_TXN, "code", 0));
        }
        return TestSpoa.Reply.now(TestSpoa.Action.set(Spop.SCOPE_TXN, "code", path.contains("attack") ? 3 : 0),
            TestSpoa.Action.set(Spop.SCOPE_SESS, "seen", "yes"),
            TestSpoa.Action.set(Spop.SCOPE_TXN, "unknown", 1));
    }

    private String config(final int port, final int agentPort, final String head) throws Exception {
        return config(tmp, port, agentPort, head);
    }

    /**
     * The configuration of these tests, HAProxy's and baton's: frontend on {@code port}, the engine {@code waf} (its
     * file written into {@code dir}) asking the agent on {@code agentPort}, {@code head} in the global section.
     */
    static String config(final Path dir, final int port, final int agentPort, final String head) throws Exception {
        final Path spoe = Files.writeString(dir.resolve("spoe.conf"), String.join("\n",
            "[waf]",
            "spoe-agent waf-agent",
            "    messages check",
            "    option var-prefix x",
            "    option set-on-error err",
            "    option set-process-time pt",
            "    timeout hello 1s",
            "    timeout idle 30s",
            "    timeout processing 300ms",
            "    use-backend agents",
            "spoe-message check",
            "    args path=path ip=src method",
            "    event on-frontend-http-request",
            ""));
        return String.join("\n",
            "global",
            head,
            DEFAULTS,
            "frontend fe",
            "    bind 127.0.0.1:" + port,
            "    filter spoe engine waf config " + spoe,
            "    http-request deny if { var(txn.x.code) -m int gt 0 }",
            "    http-request return status 200 hdr x-v \"%[var(txn.x.code)]\" hdr x-err \"%[var(txn.x.err)]\""
                + " hdr x-seen \"%[var(sess.x.seen)]\" hdr x-slow \"%[var(txn.x.pt),div(250)]\"",
            "backend agents",
            "    mode tcp",
            "    server a 127.0.0.1:" + agentPort,
            "");
    }

    /** Each request on a connection of its own: its status and the variables the reply shows. */
    private static List<String> run(final int port, final String... paths) throws Exception {
        final List<String> seen = new ArrayList<>();
        for (final String path : paths) {
            try (RawHttp c = RawHttp.open(port)) {
                final RawHttp.Response r = c.send(RawHttp.get(path)).read();
                seen.add(path + " " + r.status + " v=" + r.header("x-v") + " err=" + r.header("x-err") + " seen="
                    + r.header("x-seen") + " slow=" + r.header("x-slow"));
            }
        }
        return seen;
    }

    private List<String> both(final int agentPort, final String... paths) throws Exception {
        final int hPort = RunningDaemon.freePort();
        final List<String> fromHaproxy;
        try (HaproxyProcess h = HaproxyProcess.start(tmp, config(hPort, agentPort, ""), hPort)) {
            fromHaproxy = run(hPort, paths);
            assertTrue(h.lines().stream().noneMatch(l -> l.contains("ALERT")), String.join("\n", h.lines()));
        }
        final int bPort = RunningDaemon.freePort();
        final List<String> fromBaton;
        try (RunningDaemon baton = RunningDaemon.start(config(bPort, agentPort, "    nbthread 1"))) {
            fromBaton = run(bPort, paths);
            assertTrue(baton.daemon().liveStreams() >= 0);
        }
        assertEquals(fromHaproxy, fromBaton, "HAProxy, then baton");
        return fromBaton;
    }

    @Test
    void theAgentsVerdictDeniesOrLetsThrough() throws Exception {
        try (TestSpoa agent = TestSpoa.start(SpoeThroughDaemonTest::waf)) {
            final List<String> seen = both(agent.port(), "/fine", "/attack", "/again");
            assertEquals(List.of("/fine 200 v=0 err=null seen=yes slow=0", "/attack 403 v=null err=null seen=null"
                + " slow=null", "/again 200 v=0 err=null seen=yes slow=0"), seen);
            final TestSpoa.Notify last = List.copyOf(agent.notifies).get(agent.notifies.size() - 1);
            assertEquals("/again", last.arg("check", "path"));
            assertEquals(InetAddress.getLoopbackAddress(), last.arg("check", "ip"));
        }
    }

    @Test
    void aSilentAgentRunsIntoTheProcessingTimeout() throws Exception {
        try (TestSpoa agent = TestSpoa.start(SpoeThroughDaemonTest::waf)) {
            final long start = System.nanoTime();
            final List<String> seen = both(agent.port(), "/silent", "/fine");
            assertTrue(System.nanoTime() - start >= 2 * 300_000_000L, "both waited for timeout processing");
            assertEquals("/silent 200 v=null err=1 seen=null slow=1", seen.get(0));
        }
    }

    @Test
    void aDeadAgentFailsAtOnce() throws Exception {
        final int dead = RunningDaemon.freePort();
        final List<String> seen = both(dead, "/fine", "/fine");
        assertEquals("/fine 200 v=null err=1 seen=null slow=1", seen.get(0), "timeout processing while the connect is retried");
    }

    @Test
    void oneAgentConnectionServesRequestAfterRequestUntilTheStop() throws Exception {
        try (TestSpoa agent = TestSpoa.start(SpoeThroughDaemonTest::waf)) {
            final int port = RunningDaemon.freePort();
            try (RunningDaemon baton = RunningDaemon.start(config(port, agent.port(), "    nbthread 1"))) {
                run(port, "/a", "/b", "/c");
                run(port, "/d");
                assertEquals(4, agent.notifies.size());
                assertEquals(1, agent.connections(), "the agent connection is reused");
                assertEquals(1, agent.hellos.size());
                final long stopMs = baton.stop(10_000);
                assertTrue(stopMs < 5_000, "a soft stop closes the idle agent connection at once: " + stopMs + " ms");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> agent.disconnects.get() == 1);
            }
        }
    }

    @Test
    void anAgentsFarewellFailsTheRequestWithItsStatus() throws Exception {
        try (TestSpoa agent = TestSpoa.start(SpoeThroughDaemonTest::waf)) {
            final List<String> seen = both(agent.port(), "/bye", "/fine");
            assertEquals("/bye 200 v=null err=298 seen=null slow=0", seen.get(0), "256 + the agent's status 42");
            assertEquals("/fine 200 v=0 err=null seen=yes slow=0", seen.get(1), "a new connection serves the next");
        }
    }

    @Test
    void pipelinedRequestsShareOneConnection() throws Exception {
        try (TestSpoa agent = TestSpoa.start(SpoeThroughDaemonTest::waf)) {
            final int port = RunningDaemon.freePort();
            try (RunningDaemon baton = RunningDaemon.start(config(port, agent.port(), "    nbthread 1"))) {
                run(port, "/first");
                final List<Thread> clients = new ArrayList<>();
                final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
                for (int i = 0; i < 5; i++) {
                    final Thread t = new Thread(() -> {
                        try {
                            seen.addAll(run(port, "/slow"));
                        } catch (final Exception e) {
                            seen.add(e.toString());
                        }
                    });
                    clients.add(t);
                    t.start();
                }
                for (final Thread t : clients) {
                    t.join(10_000);
                }
                assertEquals(java.util.Collections.nCopies(5, "/slow 200 v=0 err=null seen=null slow=0"), seen);
                assertEquals(1, agent.connections(), "the NOTIFY frames went pipelined on one connection");
                assertTrue(baton.daemon().liveStreams() >= 0);
            }
        }
    }

    @Test
    void anIdleAgentConnectionIsClosedWithADisconnect() throws Exception {
        try (TestSpoa agent = TestSpoa.start(SpoeThroughDaemonTest::waf)) {
            final int port = RunningDaemon.freePort();
            final String cfg = config(port, agent.port(), "    nbthread 1");
            final Path spoe = tmp.resolve("spoe.conf");
            Files.writeString(spoe, Files.readString(spoe).replace("timeout idle 30s", "timeout idle 200ms"));
            try (RunningDaemon baton = RunningDaemon.start(cfg)) {
                run(port, "/fine");
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                    .until(() -> agent.disconnects.get() == 1);
                run(port, "/fine");
                assertEquals(2, agent.connections(), "a new connection after the idle close");
                baton.awaitAtRest();
            }
        }
    }

    @Test
    void theAgentSeesTheResponseBeforeTheResponseRules() throws Exception {
        try (TestSpoa agent = TestSpoa.start(n -> TestSpoa.Reply.now(
                TestSpoa.Action.set(Spop.SCOPE_TXN, "verdict", "len" + n.arg("check-res", "len")),
                TestSpoa.Action.set(Spop.SCOPE_RES, "r", 7L)));
             dev.baton.support.RecordingBackend server = new dev.baton.support.RecordingBackend()) {
            final Path spoe = Files.writeString(tmp.resolve("spoe-res.conf"), String.join("\n",
                "spoe-agent res-agent",
                "    messages check-res",
                "    option var-prefix y",
                "    timeout hello 1s",
                "    timeout idle 30s",
                "    timeout processing 300ms",
                "    use-backend agents",
                "spoe-message check-res",
                "    args status len=res.hdr(content-length)",
                "    event on-http-response",
                ""));
            final java.util.function.IntFunction<String> cfg = port -> String.join("\n",
                DEFAULTS,
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    filter spoe config " + spoe,
                "    http-response set-header x-v \"%[var(txn.y.verdict)]\"",
                "    http-response set-header x-err \"%[var(res.y.r)]\"",
                "    default_backend web",
                "backend web",
                "    option http-server-close",
                "    server s 127.0.0.1:" + server.port(),
                "backend agents",
                "    mode tcp",
                "    server a 127.0.0.1:" + agent.port(),
                "");
            final List<List<String>> seen = new ArrayList<>();
            final int hPort = RunningDaemon.freePort();
            try (HaproxyProcess h = HaproxyProcess.start(tmp, cfg.apply(hPort), hPort)) {
                seen.add(run(hPort, "/a", "/b"));
                assertTrue(h.lines().stream().noneMatch(l -> l.contains("ALERT")), String.join("\n", h.lines()));
            }
            final int bPort = RunningDaemon.freePort();
            try (RunningDaemon baton = RunningDaemon.start(cfg.apply(bPort))) {
                seen.add(run(bPort, "/a", "/b"));
                assertTrue(baton.daemon().liveStreams() >= 0);
            }
            assertEquals(List.of("/a 200 v=len2 err=7 seen=null slow=null", "/b 200 v=len2 err=7 seen=null slow=null"),
                seen.get(0), "HAProxy's own");
            assertEquals(seen.get(0), seen.get(1), "HAProxy, then baton");
            assertEquals(200L, agent.notifies.peek().arg("check-res", ""));
        }
    }

    @Test
    void theHeaderBlockFetchesSendWhatHaproxySends() throws Exception {
        final List<List<Object>> got = new ArrayList<>();
        for (final boolean haproxy : new boolean[] {true, false}) {
            try (TestSpoa agent = TestSpoa.start(n -> TestSpoa.Reply.now())) {
                final int port = RunningDaemon.freePort();
                final String cfg = config(port, agent.port(), haproxy ? "" : "    nbthread 1");
                final Path spoe = tmp.resolve("spoe.conf");
                Files.writeString(spoe, Files.readString(spoe).replace("args path=path ip=src method",
                    "args hdrs=req.hdrs bin=req.hdrs_bin ver=req.ver q=query"));
                final AutoCloseable running = haproxy ? HaproxyProcess.start(tmp, cfg, port) : RunningDaemon.start(cfg);
                try (running; RawHttp c = RawHttp.open(port)) {
                    c.send("GET /x?a=1 HTTP/1.1\r\nHost: test\r\nX-Mixed-Case:  padded value \r\nAccept: */*\r\n\r\n")
                        .read();
                }
                final TestSpoa.Notify n = agent.notifies.peek();
                final byte[] bin = (byte[]) n.arg("check", "bin");
                got.add(List.of(n.arg("check", "hdrs"), java.util.HexFormat.of().formatHex(bin), n.arg("check", "ver"),
                    n.arg("check", "q")));
            }
        }
        assertEquals("host: test\r\nx-mixed-case: padded value\r\naccept: */*\r\n\r\n", got.get(0).get(0),
            "HAProxy's own block");
        assertEquals(got.get(0), got.get(1), "HAProxy, then baton");
    }

    @Test
    void theIpReputationExampleOfTheManual() throws Exception {
        final java.util.concurrent.atomic.AtomicLong score = new java.util.concurrent.atomic.AtomicLong(50);
        try (TestSpoa agent = TestSpoa.start(n -> n.messages().get(0).name().equals("get-ip-reputation")
            ? TestSpoa.Reply.now(TestSpoa.Action.set(Spop.SCOPE_SESS, "ip_score", score.get()))
            : TestSpoa.Reply.now(TestSpoa.Action.set(Spop.SCOPE_TXN, "t", "score" + n.arg("tcp-check", "score"))))) {
            final Path spoe = Files.writeString(tmp.resolve("spoe-iprep.conf"), String.join("\n",
                "[ip-reputation]",
                "spoe-agent iprep-agent",
                "    messages get-ip-reputation tcp-check",
                "    option var-prefix iprep",
                "    timeout hello 1s",
                "    timeout idle 30s",
                "    timeout processing 300ms",
                "    use-backend agents",
                "spoe-message get-ip-reputation",
                "    args ip=src",
                "    event on-client-session if ! { src 10.0.0.0/8 }",
                "spoe-message tcp-check",
                "    args score=var(sess.iprep.ip_score)",
                "    event on-frontend-tcp-request",
                ""));
            final java.util.function.IntFunction<String> cfg = port -> String.join("\n",
                DEFAULTS,
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    filter spoe engine ip-reputation config " + spoe,
                "    tcp-request content reject if { var(sess.iprep.ip_score) -m int lt 20 }",
                "    http-request return status 200 hdr x-v \"%[var(sess.iprep.ip_score)]\" hdr x-err"
                    + " \"%[var(txn.iprep.t)]\"",
                "backend agents",
                "    mode tcp",
                "    server a 127.0.0.1:" + agent.port(),
                "");
            final List<List<String>> seen = new ArrayList<>();
            for (final boolean haproxy : new boolean[] {true, false}) {
                final int port = RunningDaemon.freePort();
                final AutoCloseable running = haproxy ? HaproxyProcess.start(tmp, cfg.apply(port), port)
                    : RunningDaemon.start(cfg.apply(port));
                try (running) {
                    final List<String> out = new ArrayList<>();
                    for (final long s : new long[] {50, 10}) {
                        score.set(s);
                        try {
                            out.addAll(run(port, "/"));
                        } catch (final java.io.IOException e) {
                            out.add("closed");
                        }
                    }
                    seen.add(out);
                }
            }
            assertEquals(List.of("/ 200 v=50 err=score50 seen=null slow=null", "closed"), seen.get(0), "HAProxy's own");
            assertEquals(seen.get(0), seen.get(1), "HAProxy, then baton");
        }
    }

    /** Bytes the reactor thread allocated so far (it runs there). */
    private static long reactorAllocated(final RunningDaemon baton) throws Exception {
        return baton.onReactor(0, r -> ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory
            .getThreadMXBean()).getThreadAllocatedBytes(Thread.currentThread().getId()));
    }

    @Test
    void aRequestThroughAnAgentAllocatesAlmostNothingOnTheReactor() throws Exception {
        try (TestSpoa agent = TestSpoa.start(SpoeThroughDaemonTest::waf)) {
            final int port = RunningDaemon.freePort();
            try (RunningDaemon baton = RunningDaemon.start(config(port, agent.port(), "    nbthread 1"));
                 RawHttp c = RawHttp.open(port)) {
                for (int i = 0; i < 2000; i++) { // warm up: stores, buffers and the call reach their sizes
                    assertEquals(200, c.send(RawHttp.get("/fine")).read().status);
                }
                final long before = reactorAllocated(baton);
                final int n = 2000;
                for (int i = 0; i < n; i++) {
                    assertEquals(200, c.send(RawHttp.get("/fine")).read().status);
                }
                final long perRequest = (reactorAllocated(baton) - before) / n;
                System.out.println("SPOE: " + perRequest + " bytes allocated on the reactor per request");
                assertTrue(perRequest < 64, perRequest + " bytes per request");
            }
        }
    }
}
