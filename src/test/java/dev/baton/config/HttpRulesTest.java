package dev.baton.config;

import dev.baton.http.rules.AllowRule;
import dev.baton.http.rules.DenyRule;
import dev.baton.http.rules.FakeRequest;
import dev.baton.http.rules.HeaderRule;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.PriorityRule;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.MessageView;
import dev.baton.http.rules.RedirectRule;
import dev.baton.http.rules.ReturnRule;
import dev.baton.http.rules.ValueTemplate;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code http-request} and {@code http-response} rules: what they parse into and how they evaluate. */
class HttpRulesTest {
    private static final FakeRequest REQUEST = FakeRequest.of("GET /api/x?q=1 HTTP/1.1",
        "Host: www.example.com", "X-Forwarded-For: 203.0.113.9").from("192.0.2.7");

    private static List<HttpRule> requestRules(final String... lines) throws ConfigException {
        return ConfigTexts.parse(HttpTexts.inFrontend(lines)).frontends().get(0).http().requestRules();
    }

    private static String render(final ValueTemplate t, final MessageView view) {
        final ByteBuffer out = ByteBuffer.allocate(512);
        final int n = t.render(view, out);
        return new String(out.array(), 0, n, StandardCharsets.UTF_8);
    }

    /** The kinds of the rules that would run for {@code view}, stopping after a final one. */
    private static List<String> run(final List<HttpRule> rules, final MessageView view) {
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            final HttpRule rule = rules.get(i);
            if (rule.condition().test(view)) {
                out.add(rule.kind().name());
                if (rule.kind().isFinal()) {
                    break;
                }
            }
        }
        return out;
    }

    @Test
    void headerRulesWithValuesAndConditions() throws ConfigException {
        final List<HttpRule> rules = requestRules(
            "    acl api path_beg /api",
            "    http-request set-header X-Client %[src]",
            "    http-request add-header X-Via \"baton for %[req.hdr(host)] (100%%)\" if api",
            "    http-request del-header X-Forwarded-For unless api",
            "    http-request del-header Cookie -m str if !api",
            "    http-request set-header X-First-Host %[hdr(host,1)]");
        assertEquals(5, rules.size());
        final HeaderRule set = (HeaderRule) rules.get(0);
        assertEquals(Kind.SET_HEADER, set.kind());
        assertEquals("X-Client", set.name().text());
        assertEquals("192.0.2.7", render(set.value(), REQUEST));
        final HeaderRule add = (HeaderRule) rules.get(1);
        assertEquals(Kind.ADD_HEADER, add.kind());
        assertEquals("baton for www.example.com (100%)", render(add.value(), REQUEST));
        assertEquals("if api", add.condition().toString());
        final HeaderRule del = (HeaderRule) rules.get(2);
        assertEquals(Kind.DEL_HEADER, del.kind());
        assertNull(del.value());
        assertEquals("www.example.com", render(((HeaderRule) rules.get(4)).value(), REQUEST));
        assertEquals(List.of("SET_HEADER", "ADD_HEADER", "SET_HEADER"), run(rules, REQUEST));
        assertEquals(List.of("SET_HEADER", "DEL_HEADER", "DEL_HEADER", "SET_HEADER"),
            run(rules, FakeRequest.of("GET / HTTP/1.1")));
    }

    @Test
    void priorityRulesTakeAConstantClampedAsHaproxyDoes() throws ConfigException {
        final List<HttpRule> rules = requestRules(
            "    http-request set-priority-class int(-5) if { path_beg /api }",
            "    http-request set-priority-offset int(-2000)",
            "    http-request set-priority-class int(9999)",
            "    http-request set-priority-offset int(-600000) if { hdr(x-batch) -m found }");
        assertEquals(new PriorityRule(Kind.SET_PRIORITY_CLASS, -5, rules.get(0).condition()), rules.get(0));
        assertEquals(-2000, ((PriorityRule) rules.get(1)).value());
        assertEquals(2047, ((PriorityRule) rules.get(2)).value(), "HAProxy's class bound");
        assertEquals(-524287, ((PriorityRule) rules.get(3)).value(), "HAProxy's offset bound, in ms");
        assertEquals(List.of("SET_PRIORITY_CLASS", "SET_PRIORITY_OFFSET", "SET_PRIORITY_CLASS"), run(rules, REQUEST));
        assertEquals(List.of(
                "t.cfg:6: 'http-request set-priority-class': failed to parse sample expression <res.hdr(x-prio)> : "
                    + "fetch method 'res.hdr' extracts information from 'HTTP response headers', none of which is "
                    + "available here",
                "t.cfg:7: 'http-request set-priority-offset': failed to parse sample expression <int(soon)> : invalid "
                    + "args in fetch method 'int' : failed to parse 'soon' as type 'integer' at position 1"),
            ConfigTexts.errors(HttpTexts.inFrontend(
                "    http-request set-priority-class res.hdr(x-prio)",
                "    http-request set-priority-offset int(soon)")));
    }

    @Test
    void priorityRulesEvaluateAnyExpressionPerRequest() throws ConfigException {
        final List<HttpRule> rules = requestRules(
            "    http-request set-priority-class req.hdr(x-prio),mul(10)",
            "    http-request set-priority-offset req.hdr(x-offset)");
        final PriorityRule byHeader = (PriorityRule) rules.get(0);
        final PriorityRule offset = (PriorityRule) rules.get(1);
        assertEquals(-30, byHeader.evaluate(FakeRequest.of("GET / HTTP/1.1", "X-Prio: -3"), 7));
        assertEquals(2047, byHeader.evaluate(FakeRequest.of("GET / HTTP/1.1", "X-Prio: 900"), 7), "clamped");
        assertEquals(7, byHeader.evaluate(FakeRequest.of("GET / HTTP/1.1"), 7), "no sample: unchanged");
        assertEquals(-524287, offset.evaluate(FakeRequest.of("GET / HTTP/1.1", "X-Offset: -9999999"), 0));
        assertEquals(1500, offset.evaluate(FakeRequest.of("GET / HTTP/1.1", "X-Offset: 1500"), 0));
    }

    @Test
    void finalRulesStopTheEvaluation() throws ConfigException {
        final List<HttpRule> rules = requestRules(
            "    acl trusted src 192.0.2.0/24",
            "    http-request allow if trusted",
            "    http-request deny if { path_beg /admin }",
            "    http-request deny deny_status 429 if { hdr(x-flood) -m found }",
            "    http-request set-header X-Seen yes");
        assertEquals(List.of("ALLOW"), run(rules, FakeRequest.of("GET /admin HTTP/1.1").from("192.0.2.1")));
        assertEquals(List.of("DENY"), run(rules, FakeRequest.of("GET /admin HTTP/1.1").from("10.0.0.1")));
        assertEquals(List.of("SET_HEADER"), run(rules, FakeRequest.of("GET / HTTP/1.1").from("10.0.0.1")));
        assertEquals(new DenyRule(403, rules.get(1).condition()), rules.get(1));
        assertEquals(429, ((DenyRule) rules.get(2)).status());
        assertTrue(rules.get(0) instanceof AllowRule);
        assertEquals(503, ((DenyRule) requestRules("    http-request deny status 503").get(0)).status());
        final List<HttpRule> tarpits = requestRules("    http-request tarpit if { path /t }",
            "    http-request tarpit deny_status 403");
        assertEquals(new DenyRule(500, tarpits.get(0).condition(), true), tarpits.get(0), "500 by default");
        assertEquals(List.of("TARPIT"), run(tarpits, FakeRequest.of("GET /t HTTP/1.1")));
        assertEquals(403, ((DenyRule) tarpits.get(1)).status());
        assertEquals(HttpRule.Kind.TARPIT, tarpits.get(1).kind());
        assertEquals(List.of("t.cfg:4: 'http-request tarpit' expects " + HttpReplyParser.EXPECTED + ", got 'now'",
            "t.cfg:5: 'http-request tarpit' with a 'string' needs a 'content-type'"),
            ConfigTexts.errors("frontend f", "    mode http", "    bind :80", "    http-request tarpit now",
                "    http-request tarpit status 403 string x"));
    }

    @Test
    void denyAndTarpitTakeTheReplyArgumentsOfReturn() throws ConfigException {
        final List<HttpRule> rules = requestRules(
            "    http-request deny status 429 content-type text/plain string \"slow\" hdr Retry-After 10",
            "    http-request deny",
            "    http-request tarpit deny_status 503 content-type text/plain lf-string %[path]",
            "    http-request deny status 503",
            "    http-request deny deny_status 503 if { path /x }");
        final dev.baton.http.rules.HttpReply reply = ((DenyRule) rules.get(0)).reply();
        assertEquals(dev.baton.http.rules.HttpReply.Type.PAYLOAD, reply.type());
        assertEquals(429, ((DenyRule) rules.get(0)).status());
        assertArrayEquals("slow".getBytes(StandardCharsets.US_ASCII), reply.body());
        assertEquals("Retry-After", reply.headers().get(0).name().text());
        assertEquals(dev.baton.http.rules.HttpReply.proxyErrors(403), ((DenyRule) rules.get(1)).reply());
        final DenyRule tarpit = (DenyRule) rules.get(2);
        assertEquals(503, tarpit.status(), "a first deny_status is read as status");
        assertEquals(Kind.TARPIT, tarpit.kind());
        assertEquals("/api/x", render(tarpit.reply().bodyFormat(), REQUEST));
        assertEquals(dev.baton.http.rules.HttpReply.Type.PAYLOAD, ((DenyRule) rules.get(3)).reply().type(),
            "status alone: the status with no body, as HAProxy (not the error page)");
        assertEquals(0, ((DenyRule) rules.get(3)).reply().body().length);
        assertEquals(dev.baton.http.rules.HttpReply.proxyErrors(503), ((DenyRule) rules.get(4)).reply(),
            "deny_status alone: the proxy's error page");
        assertEquals(List.of("t.cfg:6: proxy 'f': unknown http-errors section 'nope' referenced by an http reply",
            "t.cfg:7: 'http-request deny': status 418 has no error reply for 'default-errorfiles': use "
                + ErrorFile.EXPECTED_STATUS,
            "t.cfg:8: 'http-request tarpit': 'string' and 'lf-string' cannot be combined: one content only (string, "
                + "lf-string, file, lf-file, errorfile, errorfiles or default-errorfiles)"),
            ConfigTexts.errors(HttpTexts.inFrontend(
                "    http-request deny status 410 errorfiles nope",
                "    http-request deny status 418 default-errorfiles",
                "    http-request tarpit lf-string x string y")));
        assertEquals(List.of("t.cfg:6: content-type 'text/plain' is ignored with 'default-errorfiles'",
            "t.cfg:6: 'hdr' arguments are ignored with 'default-errorfiles'"),
            ConfigTexts.warnings(HttpTexts.inFrontend(
                "    http-request deny default-errorfiles content-type text/plain hdr x y")));
    }

    @Test
    void redirects() throws ConfigException {
        final List<HttpRule> rules = requestRules(
            "    http-request redirect location https://%[hdr(host)]/moved code 301 if { path /old }",
            "    http-request redirect prefix / drop-query",
            "    http-request redirect code 308 prefix https://new.example.com",
            "    http-request redirect scheme https unless { src 127.0.0.1 }");
        final RedirectRule location = (RedirectRule) rules.get(0);
        assertEquals(RedirectRule.Type.LOCATION, location.type());
        assertEquals("https://www.example.com/moved", render(location.value(), REQUEST));
        assertEquals(301, location.code());
        assertFalse(location.dropQuery());
        final RedirectRule self = (RedirectRule) rules.get(1);
        assertEquals(RedirectRule.Type.PREFIX, self.type());
        assertEquals("", render(self.value(), REQUEST), "a prefix of / means none");
        assertEquals(302, self.code());
        assertTrue(self.dropQuery());
        assertEquals(308, ((RedirectRule) rules.get(2)).code());
        assertEquals("https://new.example.com", render(((RedirectRule) rules.get(2)).value(), REQUEST));
        final RedirectRule scheme = (RedirectRule) rules.get(3);
        assertEquals(RedirectRule.Type.SCHEME, scheme.type());
        assertEquals("https", render(scheme.value(), REQUEST));
        assertEquals("unless { src 127.0.0.1 }", scheme.condition().toString());
    }

    @Test
    void returns() throws ConfigException {
        final List<HttpRule> rules = requestRules(
            "    http-request return status 503 content-type text/plain string \"down\\n\" hdr Retry-After 30 "
                + "hdr X-For %[src] if { path /health }",
            "    http-request return",
            "    http-request return status 204 hdr X-Empty yes");
        final ReturnRule full = (ReturnRule) rules.get(0);
        assertEquals(503, full.status());
        assertArrayEquals("text/plain".getBytes(StandardCharsets.US_ASCII), full.contentType());
        assertArrayEquals("down\n".getBytes(StandardCharsets.US_ASCII), full.body());
        assertEquals(2, full.headers().size());
        assertEquals("Retry-After", full.headers().get(0).name().text());
        assertEquals("192.0.2.7", render(full.headers().get(1).value(), REQUEST));
        assertEquals("if { path /health }", full.condition().toString());
        final ReturnRule bare = (ReturnRule) rules.get(1);
        assertEquals(200, bare.status());
        assertNull(bare.contentType());
        assertEquals(0, bare.body().length);
        assertEquals(204, ((ReturnRule) rules.get(2)).status());
    }

    @Test
    void returnWarnings() throws ConfigException {
        assertEquals(List.of(
            "t.cfg:6: content-type 'text/plain' is ignored: the response has no body",
            "t.cfg:7: header 'Content-Length' is always ignored by 'http-request return'"),
            ConfigTexts.warnings(HttpTexts.inFrontend(
                "    http-request return content-type text/plain",
                "    http-request return hdr Content-Length 5")));
    }

    @Test
    void responseRulesReadTheResponseAndWarnAboutRequestCriteria() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(HttpTexts.inFrontend(
            "    acl api path_beg /api",                                        // 6
            "    acl nginx res.hdr(server) -m beg nginx",                       // 7
            "    http-response set-header X-Server %[res.hdr(server)] if nginx", // 8
            "    http-response add-header X-Src %[src]",                        // 9
            "    http-response del-header Server if api",                       // 10
            "    http-response set-header X-Also %[hdr(server)] if { shdr(server) -m found }")); // 11
        final List<HttpRule> rules = config.frontends().get(0).http().responseRules();
        assertEquals(4, rules.size());
        final FakeRequest response = FakeRequest.of("HTTP/1.1 200 OK", "Server: nginx/1.25").from("10.0.0.9");
        assertEquals("nginx/1.25", render(((HeaderRule) rules.get(0)).value(), response));
        assertEquals(List.of("SET_HEADER", "ADD_HEADER", "SET_HEADER"), run(rules, response));
        assertEquals("nginx/1.25", render(((HeaderRule) rules.get(3)).value(), response));
        assertEquals(List.of("t.cfg:10: acl 'api' will never match because it only involves keywords that are "
            + "incompatible with 'http-response' rules"), ConfigTexts.render(config.warnings()));
    }

    @Test
    void rulesInTcpProxiesAreIgnoredWithAWarning() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(
            "listen l",                                     // 1
            "    bind :80",                                 // 2
            "    timeout client 1s",                        // 3
            "    timeout connect 1s",                       // 4
            "    timeout server 1s",                        // 5
            "    http-request deny",                        // 6
            "    http-response del-header Server",          // 7
            "    server s 127.0.0.1:1");                    // 8
        assertTrue(config.backend("l").http().requestRules().isEmpty());
        assertEquals(List.of(
            "t.cfg:6: 'http-request' ignored for listen 'l' as it requires HTTP mode",
            "t.cfg:7: 'http-response' ignored for listen 'l' as it requires HTTP mode"),
            ConfigTexts.render(config.warnings()));
    }

    @Test
    void ruleErrors() {
        assertEquals(List.of(
            "t.cfg:6: 'http-request' expects an action such as set-header, add-header, del-header, allow, deny, "
                + "redirect, return, use-service or set-priority-class",
            "t.cfg:7: unknown 'http-request' action 'set-headr'; did you mean 'set-header'?",
            "t.cfg:8: 'http-request do-log' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:9: 'http-response redirect': response only supports redirect type 'location'",
            "t.cfg:10: 'http-request set-header' expects a header name such as X-Forwarded-For",
            "t.cfg:11: 'http-request set-header' expects a header name and a value",
            "t.cfg:12: 'http-request set-header' expects a header name such as X-Forwarded-For, got 'X:Y'",
            "t.cfg:13: 'http-request set-header' cannot handle unexpected argument 'extra'",
            "t.cfg:14: 'http-request del-header' cannot handle unexpected argument 'b'",
            "t.cfg:15: '-m' expects str, beg, end, sub or reg, got 'foo'",
            "t.cfg:16: 'deny_status' expects one of the statuses baton answers itself: 200, 400, 401, 403, 404, "
                + "405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504, got '414'",
            "t.cfg:17: 'deny_status' expects one of the statuses baton answers itself: 200, 400, 401, 403, 404, "
                + "405, 407, 408, 410, 413, 425, 429, 500, 501, 502, 503, 504",
            "t.cfg:18: 'http-request deny': 'default-errorfiles' and 'errorfiles' cannot be combined: one content only "
                + "(string, lf-string, file, lf-file, errorfile, errorfiles or default-errorfiles)",
            "t.cfg:19: 'http-request deny' expects " + HttpReplyParser.EXPECTED + ", got 'now'",
            "t.cfg:20: 'http-request allow' cannot handle unexpected argument 'all'",
            "t.cfg:21: 'http-request redirect' expects location, prefix or scheme and a value",
            "t.cfg:22: 'code' expects one of 301, 302, 303, 307, 308, got '304'",
            "t.cfg:23: 'http-request redirect set-cookie' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:24: 'http-request redirect' expects location, prefix or scheme and a value, code or drop-query, "
                + "got 'to'",
            "t.cfg:25: 'http-request redirect location' expects a value",
            "t.cfg:26: 'status' expects an integer between 200 and 599, got '100'",
            "t.cfg:27: 'http-request return' with a 'string' needs a 'content-type'",
            "t.cfg:28: 'http-request return': a 204 response has no body",
            "t.cfg:29: 'http-request return' with a body needs a 'content-type'",
            "t.cfg:30: 'http-request return' expects " + HttpReplyParser.EXPECTED + ", got 'body'",
            "t.cfg:31: 'hdr' expects a header name and a value",
            "t.cfg:32: 'http-request return': 'string' is given twice",
            "t.cfg:33: 'content-type' value must not contain CR, LF or NUL",
            "t.cfg:35: 'http-request' in a 'defaults' section is not implemented yet",
            "t.cfg:36: 'http-response' in a 'defaults' section is not implemented yet"),
            ConfigTexts.errors(HttpTexts.inFrontend(
                "    http-request",                                             // 6
                "    http-request set-headr X 1",                               // 7
                "    http-request do-log",                                      // 8
                "    http-response redirect prefix /p",                         // 9
                "    http-request set-header",                                  // 10
                "    http-request set-header X",                                // 11
                "    http-request set-header X:Y 1",                            // 12
                "    http-request set-header X 1 extra",                        // 13
                "    http-request del-header a b",                              // 14
                "    http-request del-header a -m foo",                         // 15
                "    http-request deny deny_status 414",                        // 16
                "    http-request deny deny_status",                            // 17
                "    http-request deny status 403 errorfiles e default-errorfiles", // 18
                "    http-request deny now",                                    // 19
                "    http-request allow all",                                   // 20
                "    http-request redirect code 301",                           // 21
                "    http-request redirect location / code 304",                // 22
                "    http-request redirect location / set-cookie A=1",          // 23
                "    http-request redirect to /x",                              // 24
                "    http-request redirect location",                           // 25
                "    http-request return status 100",                           // 26
                "    http-request return string hello",                         // 27
                "    http-request return status 204 content-type a/b string x", // 28
                "    http-request return lf-string %[src]",                     // 29
                "    http-request return body x",                               // 30
                "    http-request return hdr X",                                // 31
                "    http-request return content-type a/b string x string y",   // 32
                "    http-request return content-type \"a\\nb\" string x",     // 33
                "defaults",                                                     // 34
                "    http-request deny",                                        // 35
                "    http-response del-header Server")));                       // 36
    }

    @Test
    void valueErrors() {
        assertEquals(List.of(
            "t.cfg:6: 'http-request set-header': no such format variable 'cx'. If you wanted to emit the '%' character"
                + " verbatim, you need to use '%%'",
            "t.cfg:7: 'http-request set-header': failed to parse sample expression <src,ipmask(24),nope> : "
                + "unknown converter 'nope'",
            "t.cfg:8: 'http-request set-header': failed to parse sample expression <nope> : unknown fetch method "
                + "'nope'",
            "t.cfg:9: 'http-request set-header': '%' at the end of '50%'; write '%%' for a percent sign",
            "t.cfg:10: 'http-request set-header': missing ']' after '%[src' in '%[src'",
            "t.cfg:11: 'http-request set-header' value must not contain CR, LF or NUL",
            "t.cfg:12: 'http-response set-header': failed to parse sample expression <req.hdr(host)> : fetch method "
                + "'req.hdr' extracts information from 'HTTP request headers', none of which is available here",
            "t.cfg:13: 'http-request add-header': failed to parse sample expression <res.hdr(server)> : fetch "
                + "method 'res.hdr' extracts information from 'HTTP response headers', none of which is available "
                + "here",
            "t.cfg:14: 'http-request set-header': failed to parse sample expression <src,lower(1)> : converter "
                + "'lower' does not support any args",
            "t.cfg:15: 'http-request set-header': failed to parse sample expression <hdr> : fetch method 'hdr' : "
                + "missing arguments (got 0/1)",
            "t.cfg:16: 'log-format item %{+E}' is a HAProxy keyword that baton does not implement yet"),
            ConfigTexts.errors(HttpTexts.inFrontend(
                "    http-request set-header X %cx",                          // 6
                "    http-request set-header X %[src,ipmask(24),nope]",       // 7
                "    http-request set-header X %[nope]",                      // 8
                "    http-request set-header X 50%",                          // 9
                "    http-request set-header X %[src",                        // 10
                "    http-request set-header X \"a\\r\\nInjected: 1\"",       // 11
                "    http-response set-header X %[req.hdr(host)]",            // 12
                "    http-request add-header X %[res.hdr(server)]",           // 13
                "    http-request set-header X %[src,lower(1)]",              // 14
                "    http-request set-header X %[hdr]",                       // 15
                "    http-request set-header X %{+E}[src]")));                // 16
    }

    @Test
    void payloadLengthInHttpRulesNamesTheBodyFetches() {
        final List<String> errors = ConfigTexts.errors(HttpTexts.inFrontend(
            "    http-request deny if { req.len gt 100 }",                 // 6
            "    http-request set-header X %[req.len]",                    // 7
            "    http-response set-header X %[res.len]",                   // 8
            "    http-request set-header X %[res.len]",                    // 9
            "    http-request set-header X %[req.body_len]"));             // 10
        assertEquals(4, errors.size(), errors::toString);
        for (int i = 0; i < 3; i++) {
            final String p = i == 2 ? "res." : "req.";
            assertTrue(errors.get(i).startsWith("t.cfg:" + (6 + i) + ":"), errors.get(i));
            assertTrue(errors.get(i).contains("'" + p + "len' in HTTP rules gives HAProxy's internal (HTX) size"),
                errors.get(i));
            assertTrue(errors.get(i).contains("'" + p + "body_len'") && errors.get(i).contains("'" + p + "body_size'"),
                errors.get(i));
        }
        // the response's buffer is not there at all on the request side: the general message
        assertTrue(errors.get(3).startsWith("t.cfg:9:") && errors.get(3).contains("none of which is available here"),
            errors.get(3));
    }
}
