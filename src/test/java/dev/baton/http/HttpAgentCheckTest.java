package dev.baton.http;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.stats.StatsCollector;
import dev.baton.stats.render.StatCsv;
import dev.baton.support.RawHttp;
import dev.baton.support.TrafficLogCapture;
import dev.baton.testservers.AgentServer;
import dev.baton.testservers.HttpBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Agent checks end to end: a running daemon whose server {@code s1} has test-servers' real {@link AgentServer} on
 * 127.0.0.1 as its agent; the agent's replies change {@code s1}'s weight in the balancing, take it DOWN while its
 * health check passes and bring it back, drain it, each visible in {@code show stat} and in HAProxy's log lines.
 */
class HttpAgentCheckTest {
    private final HttpRig rig = new HttpRig();
    private AgentServer agent;

    @AfterEach
    void close() throws Exception {
        if (rig.running() != null) {
            rig.daemon().healthChecks().stop(); // no check socket open while the rig checks the daemon at rest
        }
        rig.close();
        if (agent != null) {
            agent.close();
        }
    }

    /** {@code n} requests, each on a new connection: all must be 200; returns the names of the servers. */
    private List<String> requests(final int n) throws Exception {
        final List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            try (RawHttp c = RawHttp.open(rig.port())) {
                final RawHttp.Response r = c.send(RawHttp.get("/", "Connection: close\r\n")).read();
                assertEquals(200, r.status, "request " + i);
                final String body = new String(r.body, StandardCharsets.US_ASCII);
                names.add(body.substring(0, body.indexOf(' ')));
            }
        }
        return names;
    }

    /**
     * {@code show stat}'s columns {@code names} of server {@code server}, comma-joined, read between two agent
     * checks (while one runs, {@code last_agt} is empty, as in HAProxy).
     */
    private String stat(final String server, final String... names) {
        return await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(3))
            .until(() -> idleRow(server, names), r -> r != null);
    }

    /** The columns, or null while an agent check of {@code server} runs. */
    private String idleRow(final String server, final String... names) {
        final String[] lines = StatCsv.render(StatsCollector.collect(rig.daemon(), System.currentTimeMillis()), true)
            .split("\n");
        final List<String> header = List.of(lines[0].substring(2).split(",", -1));
        for (final String l : lines) {
            if (l.startsWith("fe," + server + ",")) {
                final String[] f = l.split(",", -1);
                if (f[header.indexOf("agent_status")].startsWith("* ")) {
                    return null;
                }
                final List<String> out = new ArrayList<>();
                for (final String n : names) {
                    out.add(f[header.indexOf(n)].replace("* ", "")); // a health check may be under way
                }
                return String.join(",", out);
            }
        }
        throw new AssertionError("no row for " + server);
    }

    private static void line(final String regex) {
        final Pattern p = Pattern.compile(regex);
        TrafficLogCapture.awaitLine(regex, l -> p.matcher(l).matches());
    }

    @Test
    void theAgentDrivesWeightStateAndDrainThroughTheDaemon() throws Exception {
        TrafficLogCapture.clear();
        final HttpBackend b1 = rig.backend(new HttpBackend.Options().name("s1"));
        final HttpBackend b2 = rig.backend(new HttpBackend.Options().name("s2"));
        agent = AgentServer.start(new AgentServer.Options().reply("up"));
        rig.start(HttpConfigs.listen(1, "log global", "balance roundrobin",
            HttpConfigs.server("s1", b1.port(), "weight 10 check inter 100 agent-check agent-inter 100 agent-port "
                + agent.port() + " agent-send \"ping\\n\""),
            HttpConfigs.server("s2", b2.port(), "weight 10 check inter 100")));
        final Server s1 = rig.server("s1");
        await("agent heard").atMost(Duration.ofSeconds(5)).until(() -> s1.agent().last().status() == CheckStatus.L7OK);
        assertEquals("UP,L7OK,0,via agent : up,Layer7 check passed,1,1,1",
            stat("s1", "status", "agent_status", "agent_code", "last_agt", "agent_desc", "agent_rise", "agent_fall",
                "agent_health"));
        await().atMost(Duration.ofSeconds(5)).until(() -> agent.lastReceived().equals("ping\n"));
        assertEquals(12, Collections.frequency(requests(24), "s1"), "equal weights: half each");

        agent.reply("25%");
        await("weight 25%").atMost(Duration.ofSeconds(5)).until(() -> s1.weight() == 2);
        assertEquals("2,2", stat("s1", "weight", "uweight"));
        final int toS1 = Collections.frequency(requests(24), "s1");
        assertTrue(toS1 >= 3 && toS1 <= 5, "weights 2 and 10 over 24 requests: about 4 to s1, got " + toS1);

        agent.reply("down # maintenance window");
        await("agent down").atMost(Duration.ofSeconds(5)).until(() -> !s1.isRunning());
        line("Server fe/s1 is DOWN, reason: Layer7 wrong status, code: 0, info: \"via agent : down \\(maintenance "
            + "window\\)\", check duration: \\d+ms\\. 1 active and 0 backup servers left\\. 0 sessions active, 0 "
            + "requeued, 0 remaining in queue\\.");
        assertEquals("DOWN (agent),L4OK,L7STS,0", stat("s1", "status", "check_status", "agent_status",
            "agent_health"));
        assertFalse(requests(8).contains("s1"), "no request for a server its agent took DOWN");

        agent.reply("up 100%");
        await("agent up").atMost(Duration.ofSeconds(5)).until(s1::isRunning);
        line("Server fe/s1 is UP, reason: Layer7 check passed, code: 0, info: \"via agent : up\", check duration: "
            + "\\d+ms\\. 2 active and 0 backup servers online\\. 0 sessions requeued, 0 total in queue\\.");
        assertEquals("UP,10,1", stat("s1", "status", "uweight", "agent_health"));
        assertTrue(requests(4).contains("s1"));

        agent.reply("drain");
        await("drain").atMost(Duration.ofSeconds(5)).until(() -> s1.adminState() == Server.AdminState.DRAIN);
        assertEquals("DRAIN (agent)", stat("s1", "status"));
        assertFalse(requests(8).contains("s1"), "no new request for a drained server");
        agent.reply("ready");
        await("ready").atMost(Duration.ofSeconds(5)).until(() -> s1.adminState() == Server.AdminState.READY);
        assertTrue(requests(4).contains("s1"));
    }
}
