package dev.baton.config;

import dev.baton.http.rules.DenyRule;
import dev.baton.http.rules.HttpReply;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.RedirectRule;
import dev.baton.http.rules.ReturnRule;
import dev.baton.http.rules.StrictModeRule;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code http-response deny|return|redirect} and {@code strict-mode} of {@code http-request}, {@code http-response}
 * and {@code http-after-response}: what they parse into, and the lines refused, with HAProxy 2.6's reasons.
 */
class ResponseReplyRulesConfigTest {
    private static List<HttpRule> responseRules(final String... lines) throws ConfigException {
        return ConfigTexts.parse(HttpTexts.inFrontend(lines)).frontends().get(0).http().responseRules();
    }

    @Test
    void denyIs502ByDefaultAndTakesTheReplyArguments() throws ConfigException {
        final List<HttpRule> rules = responseRules(
            "    http-response deny if { status 500 }",
            "    http-response deny deny_status 403",
            "    http-response deny deny_status 403 content-type text/plain string \"no way\" hdr x-d yes");
        final DenyRule plain = (DenyRule) rules.get(0);
        assertEquals(HttpRule.Kind.DENY, plain.kind());
        assertEquals(HttpReply.proxyErrors(502), plain.reply());
        assertEquals(HttpReply.proxyErrors(403), ((DenyRule) rules.get(1)).reply());
        final HttpReply reply = ((DenyRule) rules.get(2)).reply();
        assertEquals(HttpReply.Type.PAYLOAD, reply.type());
        assertEquals(403, reply.status());
        assertEquals("no way", new String(reply.body(), StandardCharsets.UTF_8));
        assertEquals("x-d", reply.headers().get(0).name().toString());
    }

    @Test
    void returnAndRedirectLocation() throws ConfigException {
        final List<HttpRule> rules = responseRules(
            "    http-response return status 203 content-type text/plain lf-string \"%[res.hdr(x)]\" hdr x-s %[status]",
            "    http-response redirect location /elsewhere code 301 if { status 404 }");
        final ReturnRule ret = (ReturnRule) rules.get(0);
        assertEquals(203, ret.status());
        assertTrue(ret.bodyFormat() != null, "an lf-string body, rendered per response");
        final RedirectRule redirect = (RedirectRule) rules.get(1);
        assertEquals(RedirectRule.Type.LOCATION, redirect.type());
        assertEquals(301, redirect.code());
    }

    @Test
    void strictModeOnEachRuleList() throws ConfigException {
        final HttpOptions http = ConfigTexts.parse(HttpTexts.inFrontend(
            "    http-request strict-mode off",
            "    http-response strict-mode ON if { status 200 }",
            "    http-after-response strict-mode Off")).frontends().get(0).http();
        assertEquals(new StrictModeRule(false, dev.baton.http.rules.Condition.NONE), http.requestRules().get(0));
        final StrictModeRule on = (StrictModeRule) http.responseRules().get(0);
        assertTrue(on.on());
        assertTrue(on.condition() != dev.baton.http.rules.Condition.NONE, "its condition is kept");
        assertEquals(new StrictModeRule(false, dev.baton.http.rules.Condition.NONE),
            http.afterResponseRules().get(0));
    }

    @Test
    void refusedLines() {
        assertEquals(List.of(
            "t.cfg:6: 'http-response redirect': response only supports redirect type 'location'",
            "t.cfg:7: 'http-response redirect': response only supports redirect type 'location'",
            "t.cfg:8: 'http-response redirect' expects location and a value",
            "t.cfg:9: 'http-response redirect set-cookie' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:10: 'deny_status' expects " + ErrorFile.EXPECTED_STATUS + ", got '414'",
            "t.cfg:11: 'http-response deny' with a 'string' needs a 'content-type'",
            "t.cfg:12: 'http-response return' expects " + HttpReplyParser.EXPECTED + ", got 'body'",
            "t.cfg:13: 'http-response strict-mode' expects exactly 1 argument: on or off",
            "t.cfg:14: 'http-request strict-mode': unexpected value 'maybe'. Only 'on' and 'off' are supported",
            "t.cfg:15: 'http-after-response strict-mode' expects exactly 1 argument: on or off",
            "t.cfg:16: 'http-response strict-mode' cannot handle unexpected argument 'now'"),
            ConfigTexts.errors(HttpTexts.inFrontend(
                "    http-response redirect prefix /p",                         // 6
                "    http-response redirect scheme https if { status 200 }",    // 7
                "    http-response redirect code 301",                          // 8
                "    http-response redirect location /x set-cookie A=1",        // 9
                "    http-response deny deny_status 414",                       // 10
                "    http-response deny string oops",                           // 11
                "    http-response return body x",                              // 12
                "    http-response strict-mode if { status 200 }",              // 13
                "    http-request strict-mode maybe",                           // 14
                "    http-after-response strict-mode",                          // 15
                "    http-response strict-mode off now")));                     // 16
    }

    @Test
    void aResponseReplyCannotUseTheRequestsFetches() {
        final List<String> errors = ConfigTexts.errors(HttpTexts.inFrontend(
            "    http-response return content-type text/plain lf-string \"%[path]\"",
            "    http-response redirect location %[path]"));
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("t.cfg:6: ") && errors.get(0).contains("path"), errors.get(0));
        assertTrue(errors.get(1).startsWith("t.cfg:7: ") && errors.get(1).contains("path"), errors.get(1));
    }
}
