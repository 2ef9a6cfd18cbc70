package dev.baton.config;

import dev.baton.support.ExternalTool;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code haproxy -c} and baton's loader on the same configurations using SPOE, good and broken: the same verdict.
 * baton's verdict is read without its refusals of what it does not run yet (events other than
 * {@code on-frontend-http-request}, {@code send-spoe-group}, an agent's {@code log}). When HAProxy refuses, one of baton's errors names the same
 * problem ({@code expected} is a piece of its message).
 */
class SpoeCheckSameAsHaproxyTest {
    private static final String AGENT = String.join("\n",
        "spoe-agent a",
        "    messages m",
        "    groups g",
        "    option var-prefix x",
        "    option set-on-error err",
        "    timeout hello 1s",
        "    timeout idle 10s",
        "    timeout processing 500ms",
        "    use-backend agents",
        "");
    private static final String MESSAGES = String.join("\n",
        "spoe-message m",
        "    args ip=src path=path ver=req.ver",
        "    event on-frontend-http-request if { path_beg /api }",
        "spoe-message n",
        "    acl local src 127.0.0.1",
        "    args method hdr=req.hdr(host)",
        "    event on-frontend-http-request if local",
        "spoe-group g",
        "    messages n",
        "");
    private static final String FILTER = "    filter spoe engine e config SPOE";
    /** What every configuration here starts with: defaults and the frontend's bind. */
    private static final String HEAD = String.join("\n",
        "defaults",
        "    mode http",
        "    timeout client 1s",
        "    timeout server 1s",
        "    timeout connect 1s",
        "frontend fe",
        "    bind 127.0.0.1:18080");

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(
            // good files
            Arguments.of("a scoped engine", FILTER, "[e]\n" + AGENT + MESSAGES, null),
            Arguments.of("an anonymous engine", "    filter spoe config SPOE", AGENT + MESSAGES, null),
            Arguments.of("another scope skipped unread", FILTER,
                "[other]\nspoe-agent z\n    bogus line\n[e]\n" + AGENT + MESSAGES, null),
            Arguments.of("send-spoe-group", FILTER + "\n    http-request send-spoe-group e g if TRUE",
                "[e]\n" + AGENT + MESSAGES, null),
            Arguments.of("tcp-request content send-spoe-group", FILTER + "\n    tcp-request content send-spoe-group e g",
                "[e]\n" + AGENT + MESSAGES, null),
            Arguments.of("options", FILTER, "[e]\n" + AGENT + "    no option async\n    no option send-frag-payload\n"
                + "    option pipelining\n    option continue-on-error\n    option force-set-var\n"
                + "    option set-process-time pt\n    option set-total-time tt\n    max-frame-size 1024\n"
                + "    max-waiting-frames 5\n    maxconnrate 10\n    maxerrrate 5\n    register-var-names a b\n"
                + "    log global\n" + MESSAGES, null),
            Arguments.of("an unknown spoe-message line is skipped", FILTER, "[e]\n" + AGENT + MESSAGES
                + "spoe-message z\n    whatever 1\n", null),
            // broken files
            Arguments.of("no agent in the engine's scope", FILTER, AGENT + MESSAGES, "No SPOE agent found"),
            Arguments.of("a keyword out of section", FILTER, "foo\n[e]\n" + AGENT + MESSAGES, "out of section"),
            Arguments.of("an unknown agent keyword", FILTER, "[e]\n" + AGENT + "    bogus 1\n" + MESSAGES,
                "unknown keyword 'bogus' in spoe-agent section"),
            Arguments.of("an unknown group keyword", FILTER, "[e]\n" + AGENT + MESSAGES + "    bogus\n",
                "unknown keyword 'bogus' in spoe-group section"),
            Arguments.of("an unknown event", FILTER, "[e]\n" + AGENT + MESSAGES.replace("on-frontend-http-request if local",
                "on-nothing"), "unknown event 'on-nothing'"),
            Arguments.of("junk after the event", FILTER, "[e]\n" + AGENT + MESSAGES.replace("if local", "foo"),
                "expects either 'if' or 'unless'"),
            Arguments.of("an unknown option", FILTER, "[e]\n" + AGENT + "    option nope\n" + MESSAGES,
                "option 'nope' is not supported"),
            Arguments.of("a negated var-prefix", FILTER, "[e]\n" + AGENT + "    no option var-prefix y\n" + MESSAGES,
                "negation is not supported for option 'var-prefix'"),
            Arguments.of("a frame too small", FILTER, "[e]\n" + AGENT + "    max-frame-size 100\n" + MESSAGES,
                "in the range [256, 16380]"),
            Arguments.of("a frame too large", FILTER, "[e]\n" + AGENT + "    max-frame-size 16381\n" + MESSAGES,
                "in the range [256, 16380]"),
            Arguments.of("a bad timeout", FILTER, "[e]\n" + AGENT + "    timeout hello 1x\n" + MESSAGES, "timeout hello"),
            Arguments.of("an unknown timeout", FILTER, "[e]\n" + AGENT + "    timeout nope 1s\n" + MESSAGES,
                "supports 'hello', 'idle' or 'processing'"),
            Arguments.of("a bad var-prefix", FILTER, "[e]\n" + AGENT + "    option var-prefix a-b\n" + MESSAGES,
                "only supports [a-zA-Z0-9_.] chars"),
            Arguments.of("an agent name unfit as a prefix", FILTER, "[e]\n"
                + AGENT.replace("spoe-agent a", "spoe-agent a-b").replace("    option var-prefix x\n", "") + MESSAGES,
                "Invalid variable prefix 'a-b'"),
            Arguments.of("an undefined message", FILTER, "[e]\n" + AGENT + "    messages nope\n" + MESSAGES,
                "undefined SPOE message 'nope'"),
            Arguments.of("an undefined group", FILTER, "[e]\n" + AGENT + "    groups nope\n" + MESSAGES,
                "undefined SPOE group 'nope'"),
            Arguments.of("a message in two groups", FILTER, "[e]\n" + AGENT + "    groups h\n" + MESSAGES
                + "spoe-group h\n    messages n\n", "already belongs to the SPOE group 'g'"),
            Arguments.of("an argument the event cannot read", FILTER, "[e]\n" + AGENT + MESSAGES.replace("args ip=src",
                "args ip=src res.hdr(x)"), "Ignore SPOE message 'm'"),
            Arguments.of("no backend", FILTER, "[e]\n" + AGENT.replace("    use-backend agents\n", "") + MESSAGES,
                "No backend declared"),
            Arguments.of("an unknown backend", FILTER, "[e]\n" + AGENT.replace("use-backend agents", "use-backend nope")
                + MESSAGES, "unknown backend 'nope'"),
            Arguments.of("an http backend", FILTER, "[e]\n" + AGENT.replace("use-backend agents", "use-backend web")
                + MESSAGES, "does not support HTTP mode"),
            Arguments.of("a missing file", "    filter spoe engine e config /nonexistent/spoe.conf", "",
                "Could not open configuration file"),
            Arguments.of("no config", "    filter spoe engine e", "", "missing config file"),
            Arguments.of("an unknown filter word", FILTER + " foo", "[e]\n" + AGENT + MESSAGES, "unknown keyword 'foo'"),
            Arguments.of("two engines of one name", FILTER + "\n" + FILTER, "[e]\n" + AGENT + MESSAGES,
                "duplicated name for SPOE engine 'e'"),
            Arguments.of("an unknown engine", FILTER + "\n    http-request send-spoe-group f g", "[e]\n" + AGENT
                + MESSAGES, "unable to find SPOE engine 'f'"),
            Arguments.of("an unknown group", FILTER + "\n    http-request send-spoe-group e h", "[e]\n" + AGENT
                + MESSAGES, "unable to find SPOE group 'h'"),
            Arguments.of("send-spoe-group without its group", FILTER + "\n    http-request send-spoe-group e", "[e]\n"
                + AGENT + MESSAGES, "expects 2 arguments"),
            Arguments.of("send-spoe-group with junk", FILTER + "\n    http-request send-spoe-group e g foo", "[e]\n"
                + AGENT + MESSAGES, "expects 2 arguments"),
            Arguments.of("a group's message the rule cannot read", FILTER
                + "\n    http-response send-spoe-group e g", "[e]\n" + AGENT + MESSAGES, "Invalid SPOE message 'n'"));
    }

    /** One of baton's refusals of what it does not run yet (the verdict is read without them). */
    private static boolean notYet(final ConfigError err) {
        return err.message().contains("is not implemented yet") || err.message().contains("does not implement yet");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameVerdict(final String name, final String filter, final String spoe, final String expected)
        throws Exception {
        ExternalTool.requireHaproxy();
        final Path spoeFile = Files.writeString(tmp.resolve("spoe.conf"), spoe);
        final String cfg = String.join("\n",
            HEAD,
            filter.replace("SPOE", spoeFile.toString()),
            "    http-request return status 200",
            "backend agents",
            "    mode tcp",
            "    server a 127.0.0.1:12345",
            "backend web",
            "    server a 127.0.0.1:12346",
            "");
        final Path cfgFile = Files.writeString(tmp.resolve("haproxy.cfg"), cfg);
        final Process p = new ProcessBuilder("haproxy", "-c", "-f", cfgFile.toString()).redirectErrorStream(true)
            .start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        final boolean haproxyValid = p.exitValue() == 0;
        List<ConfigError> errors = List.of();
        try {
            ConfigLoader.load(List.of(cfgFile), Map.of());
        } catch (final ConfigException e) {
            errors = e.errors().stream().filter(err -> !notYet(err)).toList();
        }
        assertEquals(haproxyValid, errors.isEmpty(), name + "\nhaproxy:\n" + out + "\nbaton: " + errors);
        if (expected != null) {
            assertTrue(errors.stream().anyMatch(err -> err.message().contains(expected)),
                "baton's errors: " + errors + "\nhaproxy:\n" + out);
            assertTrue(out.contains(expected), "haproxy's output lacks '" + expected + "':\n" + out);
        }
    }

    /** The SPOE files of the usual WAF agents, as their projects publish them (Coraza's without its {@code log global}). */
    static Stream<Arguments> wafs() {
        return Stream.of(
            Arguments.of("modsecurity", String.join("\n",
                "[modsecurity]",
                "spoe-agent modsecurity-agent",
                "    messages     check-request",
                "    option       var-prefix  modsec",
                "    timeout      hello       100ms",
                "    timeout      idle        30s",
                "    timeout      processing  1s",
                "    use-backend  agents",
                "spoe-message check-request",
                "    args unique-id method path query req.ver req.hdrs_bin req.body_size req.body",
                "    event on-frontend-http-request",
                "")),
            Arguments.of("coraza", String.join("\n",
                "[coraza]",
                "spoe-agent coraza-agent",
                "    messages coraza-req coraza-res",
                "    option var-prefix coraza",
                "    option set-on-error error",
                "    timeout hello 2s",
                "    timeout idle 2m",
                "    timeout processing 500ms",
                "    use-backend agents",
                "spoe-message coraza-req",
                "    args app=str(sample_app) id=unique-id src-ip=src src-port=src_port dst-ip=dst dst-port=dst_port"
                    + " method=method path=path query=query version=req.ver headers=req.hdrs body=req.body",
                "    event on-frontend-http-request",
                "spoe-message coraza-res",
                "    args app=str(sample_app) id=unique-id version=res.ver status=status headers=res.hdrs body=res.body",
                "    event on-http-response",
                "")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wafs")
    void aWafConfigurationLoadsAsInHaproxy(final String engine, final String spoe) throws Exception {
        ExternalTool.requireHaproxy();
        final Path spoeFile = Files.writeString(tmp.resolve("spoe.conf"), spoe);
        final Path cfgFile = Files.writeString(tmp.resolve("haproxy.cfg"), String.join("\n",
            HEAD,
            "    unique-id-format %{+X}o\\ %ci:%cp_%fi:%fp_%Ts_%rt:%pid",
            "    filter spoe engine " + engine + " config " + spoeFile,
            "    http-request deny if { var(txn." + engine + ".code) -m int gt 0 }",
            "    default_backend web",
            "backend agents",
            "    mode tcp",
            "    server a 127.0.0.1:12345",
            "backend web",
            "    server a 127.0.0.1:12346",
            ""));
        final Process p = new ProcessBuilder("haproxy", "-c", "-f", cfgFile.toString()).redirectErrorStream(true)
            .start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        ConfigLoader.load(List.of(cfgFile), Map.of()); // throws with baton's errors, if any
    }
}
