package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code option tcp-check} with its {@code tcp-check} rules, the protocol check options and their inheritance,
 * parsed into the {@link CheckRuleset} HAProxy 2.6 would run (error texts compared with {@code haproxy -c}).
 */
class TcpCheckConfigTest {
    private static final List<String> HEAD = List.of("backend b", "timeout connect 1s", "timeout server 1s");

    private static CheckRuleset checks(final String... backendLines) throws ConfigException {
        return ConfigTexts.parse(ConfigTexts.concat(HEAD, backendLines)).proxies().get(0).checks();
    }

    private static String text(final byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void optionTcpCheckAloneIsOneImplicitConnect() throws ConfigException {
        final CheckRuleset c = checks("option tcp-check");
        assertEquals(CheckRuleset.Kind.TCP, c.kind());
        assertEquals(List.of(CheckRule.Connect.IMPLICIT), c.rules());
        assertEquals(List.of(0), c.steps(), "the implicit connect is step 0");
    }

    @Test
    void rulesGetAnImplicitConnectStepsByLineAndTheCommentsOfTheLinesBefore() throws ConfigException {
        final CheckRuleset c = checks("option tcp-check", "tcp-check comment greeting",
            "tcp-check send PING\\r\\n", "tcp-check send-binary 0d0a comment own",
            "tcp-check expect min-recv 3 ! rstring ^-ERR");
        assertEquals(4, c.rules().size());
        assertEquals(CheckRule.Connect.IMPLICIT, c.rules().get(0));
        final CheckRule.Send ping = (CheckRule.Send) c.rules().get(1);
        assertEquals("PING\r\n", text(ping.bytes()));
        assertEquals("greeting", ping.comment());
        assertEquals("own", c.rules().get(2).comment(), "its own comment wins");
        assertEquals("\r\n", text(((CheckRule.Send) c.rules().get(2)).bytes()));
        final CheckRule.Expect e = (CheckRule.Expect) c.rules().get(3);
        assertEquals(CheckRule.Match.RSTRING, e.match());
        assertTrue(e.negated());
        assertEquals(3, e.minRecv());
        assertNull(e.comment(), "a comment stops at the next change of action");
        assertEquals(List.of(0, 2, 3, 4), c.steps(), "the comment line counts as a step, as in HAProxy");
    }

    @Test
    void explicitConnectWithItsOptions() throws ConfigException {
        final CheckRuleset c = checks("option tcp-check", "tcp-check comment first",
            "tcp-check connect port 6379 addr 127.0.0.2 linger", "tcp-check expect string +PONG");
        assertEquals(new CheckRule.Connect(6379, "127.0.0.2", true, false, "first", CheckRule.Connect.PROXY_NONE),
            c.rules().get(0), "an explicit connect without 'default' nor 'send-proxy' sends no PROXY header");
        assertEquals(List.of(2, 3), c.steps());
        assertNull(c.rules().get(1).comment(), "a connect takes the comment alone");
    }

    @Test
    void expectOptions() throws ConfigException {
        final CheckRule.Expect e = (CheckRule.Expect) checks("option tcp-check",
            "tcp-check expect comment c ok-status L7OKC error-status L7STS tout-status L6TOUT on-success fine"
                + " on-error \"%[res.payload(4,0),ltrim(' '),cut_crlf]\" status-code res.payload(0,3) binary 2B4F4B")
            .rules().get(1);
        assertEquals(CheckRule.Match.BINARY, e.match());
        assertEquals("+OK", text(e.bytes()));
        assertEquals("L7OKC", e.okStatus());
        assertEquals("L7STS", e.errorStatus());
        assertEquals("L6TOUT", e.toutStatus());
        assertEquals(CheckInfoFormat.text("fine"), e.onSuccess());
        assertEquals(CheckInfoFormat.payload(4, 0, ' ', true), e.onError());
        assertEquals(CheckInfoFormat.payload(0, 3, -1, false), e.statusCode());
        final byte[] reply = "421  Busy now\r\nmore".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals("Busy now", e.onError().render(reply, reply.length));
        assertEquals("421", e.statusCode().render(reply, reply.length));
        assertEquals("", CheckInfoFormat.payload(10, 3, -1, false).render(reply, 5), "beyond what was read");
    }

    @Test
    void lastCheckOptionWins() throws ConfigException {
        assertEquals(CheckRuleset.Kind.HTTP, checks("option tcp-check", "option httpchk").kind());
        assertEquals(CheckRuleset.Kind.TCP, checks("option httpchk", "option tcp-check").kind());
        assertEquals(CheckRuleset.Kind.REDIS, checks("option ldap-check", "option redis-check").kind());
    }

    @Test
    void backendRulesReplaceTheDefaultsRules() throws ConfigException {
        final List<ProxyConfig> p = ConfigTexts.parse("defaults", "timeout connect 1s", "timeout server 1s",
            "option tcp-check", "tcp-check send dflt", "tcp-check expect string dflt",
            "backend inherits", "backend own", "tcp-check expect string own", "backend other", "option redis-check")
            .proxies();
        assertEquals(3, p.get(0).checks().rules().size(), "implicit connect, send, expect of the defaults");
        final List<CheckRule> own = p.get(1).checks().rules();
        assertEquals(2, own.size());
        assertEquals("own", ((CheckRule.Expect) own.get(1)).text());
        assertEquals(CheckRuleset.Kind.REDIS, p.get(2).checks().kind());
    }

    @Test
    void tcpCheckRulesWithoutTheOptionAreIgnoredWithHaproxysWarning() throws ConfigException {
        final List<String> w = ConfigTexts.warnings(ConfigTexts.concat(HEAD, "tcp-check expect string x"));
        assertEquals(List.of("t.cfg:1: backend 'b' uses tcp-check rules without 'option tcp-check', so the rules are"
            + " ignored."), w);
        assertNull(checks("tcp-check expect string x"), "Layer 4 checks");
    }

    @Test
    void redisCheckIsHaproxysRuleset() throws ConfigException {
        final CheckRuleset c = checks("option redis-check");
        assertEquals(CheckRule.Connect.IMPLICIT, c.rules().get(0));
        assertEquals("*1\r\n$4\r\nPING\r\n", text(((CheckRule.Send) c.rules().get(1)).bytes()));
        final CheckRule.Expect e = (CheckRule.Expect) c.rules().get(2);
        assertEquals("+PONG\r\n", e.text());
        assertEquals("L7STS", e.errorStatus());
        assertEquals(CheckInfoFormat.text("Redis server is ok"), e.onSuccess());
    }

    @Test
    void pgsqlCheckSendsAStartupMessageForTheUser() throws ConfigException {
        final CheckRuleset c = checks("option pgsql-check user haproxy");
        assertTrue(((CheckRule.Connect) c.rules().get(0)).linger());
        // the bytes HAProxy 2.6.12 sent to a capturing server on the same line
        assertEquals("00000016000300007573657200686170726f78790000",
            HexFormat.of().formatHex(((CheckRule.Send) c.rules().get(1)).bytes()));
        assertEquals(4, c.rules().size());
    }

    @Test
    void mysqlCheckLoginPacketsForBothProtocols() throws ConfigException {
        final CheckRuleset noUser = checks("option mysql-check");
        assertEquals(2, noUser.rules().size(), "connect and the handshake only");
        final byte[] post41 = ((CheckRule.Send) checks("option mysql-check user haproxy").rules().get(1)).bytes();
        // the bytes HAProxy 2.6.12 sent to a capturing server (its length counts one byte more than follows)
        assertEquals("29000001" + "00820000" + "00800001" + "21" + "00".repeat(23) + "686170726f787900" + "00"
            + "01000000" + "01", HexFormat.of().formatHex(post41));
        final byte[] pre41 = ((CheckRule.Send) checks("option mysql-check user haproxy pre-41").rules().get(1))
            .bytes();
        assertEquals("0e000001" + "0080000001" + "686170726f787900" + "00" + "01000000" + "01",
            HexFormat.of().formatHex(pre41));
    }

    @Test
    void smtpchkGreetsWithTheCommandGivenAndQuits() throws ConfigException {
        final List<CheckRule> rules = checks("option smtpchk EHLO mail.example.com").rules();
        assertEquals(7, rules.size());
        assertEquals("EHLO mail.example.com\r\n", text(((CheckRule.Send) rules.get(3)).bytes()));
        assertEquals("QUIT\r\n", text(((CheckRule.Send) rules.get(5)).bytes()));
        assertEquals("HELO localhost\r\n", text(((CheckRule.Send) checks("option smtpchk").rules().get(3)).bytes()));
    }

    @Test
    void ldapCheckSendsAnAnonymousBind() throws ConfigException {
        final List<CheckRule> rules = checks("option ldap-check").rules();
        assertEquals("300c020101600702010304008000", HexFormat.of().formatHex(((CheckRule.Send) rules.get(1)).bytes()));
        assertEquals(CheckRule.Match.LDAP_BIND, ((CheckRule.Expect) rules.get(3)).match());
    }

    @Test
    void httpCheckSequencesWithConnects() throws ConfigException {
        final CheckRuleset c = checks("option httpchk", "http-check connect",
            "http-check send meth GET uri /one", "http-check expect status 200",
            "http-check connect port 8080", "http-check send meth GET uri /two", "http-check expect string ok");
        assertEquals(6, c.rules().size(), "no implicit connect: the first rule is one");
        assertEquals("GET /one HTTP/1.0\r\n\r\n", text(((CheckRule.Send) c.rules().get(1)).bytes()));
        assertEquals(8080, ((CheckRule.Connect) c.rules().get(3)).port());
        assertEquals("GET /two HTTP/1.0\r\n\r\n", text(((CheckRule.Send) c.rules().get(4)).bytes()));
        assertInstanceOf(CheckRule.Expect.class, c.rules().get(5));
    }

    @Test
    void refusalsNameTheAlternative() {
        assertEquals(List.of(
            "t.cfg:5: 'tcp-check connect ssl' is a HAProxy keyword that baton does not implement yet (TLS on an"
                + " explicit connect is not built yet); use 'tcp-check connect default' with 'check-ssl' and"
                + " 'check-sni' on the server",
            "t.cfg:6: 'tcp-check connect via-socks4' is a HAProxy keyword that baton does not implement yet (no"
                + " SOCKS4 yet); connect to the server directly",
            "t.cfg:7: 'tcp-check expect on-error' : baton cannot evaluate the log-format expression"
                + " '%[res.body]' (it evaluates plain text and %[res.payload(OFFSET,LENGTH)] with ltrim and"
                + " cut_crlf); write the message as plain text",
            "t.cfg:8: 'tcp-check send-lf' : baton cannot evaluate the log-format string '%[var(x)]'; use 'send'"
                + " with the literal data",
            "t.cfg:9: 'tcp-check unset-var' is a HAProxy keyword that baton does not implement yet (check"
                + " variables); send and expect literal strings instead",
            "t.cfg:10: 'tcp-check expect' : expects at least a matching pattern as arguments.",
            "t.cfg:12: 'tcp-check connect' : first step MUST also be a 'connect', optionally preceded by a"
                + " 'set-var', an 'unset-var' or a 'comment', when there is a 'connect' step in the tcp-check"
                + " ruleset."),
            ConfigTexts.errors(ConfigTexts.concat(HEAD, "option tcp-check",
                "tcp-check connect ssl",
                "tcp-check connect via-socks4",
                "tcp-check expect on-error %[res.body] string x",
                "tcp-check send-lf %[var(x)]",
                "tcp-check unset-var(check.x)",
                "tcp-check expect",
                "tcp-check send x",
                "tcp-check connect")));
    }

    @Test
    void plainTextLogFormatsAreAccepted() throws ConfigException {
        final CheckRuleset c = checks("option tcp-check", "tcp-check send-lf hello", "tcp-check expect string-lf hi");
        assertEquals("hello", text(((CheckRule.Send) c.rules().get(1)).bytes()));
        assertEquals(CheckRule.Match.STRING, ((CheckRule.Expect) c.rules().get(2)).match());
    }

    private static String send(final CheckRuleset c, final int index) {
        return text(((CheckRule.Send) c.rules().get(index)).bytes());
    }

    @Test
    void httpCheckLinesOfABackendRunWithoutTheDefaultsRequestAsInHaproxy() throws ConfigException {
        // HAProxy 2.6.12 on the same lines: g_inherit sent GET /fromdefaults, g_own_send OPTIONS / with the
        // header, g_own_expect sent nothing and timed out, g_own_option GET /other
        final List<ProxyConfig> p = ConfigTexts.parse("defaults", "timeout connect 1s", "timeout server 1s",
            "option httpchk GET /fromdefaults",
            "backend inherit",
            "backend own_send", "http-check send hdr X-A b",
            "backend own_expect", "http-check expect status 200",
            "backend own_option", "option httpchk GET /other").proxies();
        assertEquals("GET /fromdefaults HTTP/1.0\r\n\r\n", send(p.get(0).checks(), 1));
        assertEquals("OPTIONS / HTTP/1.0\r\nx-a: b\r\n\r\n", send(p.get(1).checks(), 1));
        assertEquals(2, p.get(2).checks().rules().size(), "an implicit connect and the expect, no request");
        assertInstanceOf(CheckRule.Expect.class, p.get(2).checks().rules().get(1));
        assertEquals("GET /other HTTP/1.0\r\n\r\n", send(p.get(3).checks(), 1));
    }

    @Test
    void optionRequestMergesWithTheFirstSendEitherWay() throws ConfigException {
        assertEquals("GET /x HTTP/1.0\r\nhost: h\r\n\r\n",
            send(checks("option httpchk /x", "http-check send meth GET hdr Host h"), 1), "option first");
        assertEquals("HEAD /y HTTP/1.0\r\nhost: h\r\n\r\n",
            send(checks("http-check send meth GET hdr Host h", "option httpchk HEAD /y"), 1),
            "send first: the option's parts win, the send's headers stay");
        final CheckRuleset moved = checks("option httpchk GET /z", "http-check connect port 8080");
        assertInstanceOf(CheckRule.Connect.class, moved.rules().get(0), "the option's request goes after the connect");
        assertEquals("GET /z HTTP/1.0\r\n\r\n", send(moved, 1));
        assertEquals(3, moved.rules().size(), "and HAProxy's implicit expect after it");
    }

    @Test
    void httpCheckOrderingErrorsWithHaproxysStepNumbers() {
        // the option's request is first when the expect comes, but a connect is the last rule: HAProxy refuses it
        assertEquals(List.of("t.cfg:6: 'http-check expect' : unable to add http-check expect rule at step 2 (missing"
                + " send rule).."),
            ConfigTexts.errors(ConfigTexts.concat(HEAD, "option httpchk GET /z", "http-check connect port 8080",
                "http-check expect status 200")));
        assertEquals(List.of(
            "t.cfg:10: 'http-check connect' : unable to add http-check connect rule at step 4 (missing expect"
                + " rule).."),
            ConfigTexts.errors(ConfigTexts.concat(HEAD, "option httpchk", "http-check comment x",
                "http-check connect", "http-check send uri /a", "http-check expect status 200", "http-check connect",
                "http-check connect")));
    }
}
