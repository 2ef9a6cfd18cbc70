package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code http-check expect [!] hdr|fhdr ...} and the expect options on an HTTP ruleset, parsed as HAProxy 2.6 parses
 * them; every error text below is the one {@code haproxy -c} 2.6.12 printed for the same line, except the refusals
 * of what baton cannot evaluate.
 */
class HttpCheckExpectConfigTest {
    private static final List<String> HEAD = List.of("backend b", "timeout connect 1s", "timeout server 1s",
        "option httpchk");

    private static CheckRule.Expect expect(final String line) throws ConfigException {
        final List<CheckRule> rules = ConfigTexts.parse(ConfigTexts.concat(HEAD, line)).proxies().get(0).checks()
            .rules();
        return (CheckRule.Expect) rules.get(rules.size() - 1);
    }

    @Test
    void hdrWithoutValueTestsPresenceByNameWithoutCase() throws ConfigException {
        final CheckRule.Expect e = expect("http-check expect hdr name X-Role");
        final CheckHeaderMatch h = e.http().header();
        assertEquals(HttpCheckConfig.ExpectKind.HDR, e.http().kind());
        assertEquals(CheckHeaderMatch.Method.STR, h.nameMethod());
        assertNull(h.valueMethod(), "presence only");
        assertTrue(h.nameMatches("x-role"));
        assertFalse(h.nameMatches("x-roles"));
        assertFalse(e.negated());
    }

    @Test
    void methodsOnNameAndValueAndTheFullValueOfFhdr() throws ConfigException {
        final CheckHeaderMatch beg = expect("http-check expect hdr name -m beg Content- value -m sub utf").http()
            .header();
        assertTrue(beg.nameMatches("content-type"));
        assertTrue(beg.valueMatches("text/plain; charset=utf-8"));
        assertFalse(beg.valueMatches("text/plain; charset=UTF-8"), "values are compared with their case");
        assertFalse(beg.full(), "hdr splits values at commas");
        final CheckHeaderMatch reg = expect("http-check expect fhdr name -m reg ^x-r value -m reg ^a,b$").http()
            .header();
        assertTrue(reg.nameMatches("X-Role"), "a name regex ignores case");
        assertTrue(reg.valueMatches("a,b"));
        assertTrue(reg.full());
        final CheckHeaderMatch end = expect("http-check expect hdr name -m end -id value -m end ok").http().header();
        assertTrue(end.nameMatches("X-Request-ID"));
        assertTrue(end.valueMatches("all ok"));
        assertEquals(CheckHeaderMatch.Method.STR,
            expect("http-check expect hdr name a value -m str b").http().header().valueMethod());
    }

    @Test
    void negationAndLiteralLogFormats() throws ConfigException {
        final CheckRule.Expect e = expect("http-check expect ! hdr name-lf x-role value-lf primary");
        assertTrue(e.negated());
        assertTrue(e.http().negated());
        assertEquals("primary", e.http().header().value());
        assertTrue(expect("http-check expect !hdr name x").negated(), "'!' may touch the keyword");
        assertEquals(HttpCheckConfig.ExpectKind.STRING, expect("http-check expect string-lf ok").http().kind());
    }

    @Test
    void optionsOfTheTcpCheckExpectOnAnHttpRule() throws ConfigException {
        final CheckRule.Expect e = expect("http-check expect min-recv 10 comment c ok-status l7okc error-status L7RSP"
            + " tout-status L6TOUT on-success fine on-error \"no role\" hdr name x-role value primary");
        assertEquals(10, e.minRecv());
        assertEquals("c", e.comment());
        assertEquals("L7OKC", e.okStatus(), "statuses are read without regard to case, as HAProxy does");
        assertEquals("L7RSP", e.errorStatus());
        assertEquals("L6TOUT", e.toutStatus());
        assertEquals(CheckInfoFormat.text("fine"), e.onSuccess());
        assertEquals(CheckInfoFormat.text("no role"), e.onError());
        assertEquals("L7OKC", expect("http-check expect error-status L7OKC status 200").errorStatus(),
            "HAProxy takes L7OKC as an error status although its message does not name it");
    }

    @Test
    void errorsAsHaproxyWordsThem() {
        assertEquals(List.of(
            "t.cfg:5: 'http-check expect' : 'hdr' expects at the name keyword as first argument followed by a"
                + " pattern.",
            "t.cfg:6: 'http-check expect' : 'fhdr' expects at the name keyword as first argument followed by a"
                + " pattern.",
            "t.cfg:7: 'http-check expect' : 'hdr' : '-m' expects at a matching pattern ('str', 'beg', 'end', 'sub'"
                + " or 'reg').",
            "t.cfg:8: 'http-check expect' : 'hdr' : '-m' only supports 'str', 'beg', 'end', 'sub' or 'reg' (got"
                + " 'foo').",
            "t.cfg:9: 'http-check expect' : 'hdr': log-format string is not supported with a regex matching method.",
            "t.cfg:10: 'http-check expect' : 'hdr' expect a pattern with the value keyword.",
            "t.cfg:11: 'http-check expect' : only on pattern expected.",
            "t.cfg:12: 'http-check expect' : 'only supports min-recv, [!]string', '[!]rstring', '[!]string-lf',"
                + " '[!]status', '[!]rstatus', [!]hdr, [!]fhdr or comment but got 'binary' as argument..",
            "t.cfg:13: 'http-check expect' : [!] not supported with 'min-recv'.",
            "t.cfg:14: 'http-check expect' : 'ok-status' only supports 'L4OK', 'L6OK', 'L7OK' or 'L7OKC' status"
                + " (got 'L5')..",
            "t.cfg:15: 'http-check expect' : 'min-recv' expects a integer as argument.",
            "t.cfg:16: 'http-check expect' : 'only supports min-recv, [!]string', '[!]rstring', '[!]string-lf',"
                + " '[!]status', '[!]rstatus', [!]hdr, [!]fhdr or comment but got 'rbinary' as argument.."),
            ConfigTexts.errors(ConfigTexts.concat(HEAD,
                "http-check expect hdr x-role",
                "http-check expect fhdr name",
                "http-check expect hdr name -m",
                "http-check expect hdr name -m foo x",
                "http-check expect hdr name-lf -m reg x",
                "http-check expect hdr name x value",
                "http-check expect hdr name x status 200",
                "http-check expect binary 00",
                "http-check expect ! min-recv 1 status 200",
                "http-check expect ok-status L5 status 200",
                "http-check expect min-recv",
                "http-check expect ! rbinary 00")));
    }

    @Test
    void whatBatonCannotEvaluateIsRefusedWithTheAlternative() {
        assertEquals(List.of(
            "t.cfg:5: 'http-check expect' : baton cannot evaluate the log-format name '%[str(x)]' of 'hdr'; use"
                + " 'name' with a literal name",
            "t.cfg:6: 'http-check expect' : baton cannot evaluate the log-format value '%[var(txn.v)]' of 'fhdr';"
                + " use 'value' with a literal value",
            "t.cfg:7: 'http-check expect on-error' : baton cannot evaluate the log-format expression '%[res.hdr(x)]'"
                + " on an HTTP check's response; write the message as plain text",
            "t.cfg:8: 'http-check expect' : baton cannot evaluate the sample expression of 'status-code' on an HTTP"
                + " check's response ('res.hdr(x)'); leave it out: the check's code is the response's status",
            "t.cfg:9: 'http-check expect' : baton cannot evaluate the log-format pattern '%[var(x)]'; use 'string'"
                + " with a literal pattern"),
            ConfigTexts.errors(ConfigTexts.concat(HEAD,
                "http-check expect hdr name-lf %[str(x)]",
                "http-check expect fhdr name x value-lf %[var(txn.v)]",
                "http-check expect on-error %[res.hdr(x)] status 200",
                "http-check expect status-code res.hdr(x) status 200",
                "http-check expect string-lf %[var(x)]")));
    }
}
