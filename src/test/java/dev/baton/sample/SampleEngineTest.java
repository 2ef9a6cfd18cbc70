package dev.baton.sample;

import dev.baton.http.rules.AclTerm;
import dev.baton.http.rules.FakeRequest;
import dev.baton.sample.match.MatchMethod;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fetches, converters, casts and match methods of the sample engine over a request head. */
class SampleEngineTest {
    private static final FakeRequest REQ = FakeRequest.of("GET /api/v1/items.json?b=2&a=1&n=7 HTTP/1.1",
        "Host: WWW.Example.com:8080", "X-In: f1_f2_f3__f5", "X-Multi: one, \"two,2\"", "X-Multi: three",
        "Cookie: a=1; sid=abc ; sid=last", "X-N: 12", "X-Q: a \"q\"/b\\c").from("10.1.2.3");

    /** The expression's value as text, or null when it has none. */
    static String eval(final String expr, final SampleContext ctx) {
        final Sample s = new Sample();
        final SampleExpr e = SampleParser.parse(expr, Uses.HTTP_REQUEST | Uses.HTTP_RESPONSE);
        return e.eval(ctx, s) ? s.toString() : null;
    }

    private static String eval(final String expr) {
        return eval(expr, REQ);
    }

    private static boolean acl(final String expr, final MatchMethod m, final String... patterns) {
        return acl(expr, m, false, patterns);
    }

    private static boolean acl(final String expr, final MatchMethod m, final boolean ignoreCase,
                               final String... patterns) {
        return AclTerm.of(expr, SampleParser.parse(expr, Uses.HTTP_REQUEST), m, ignoreCase, List.of(patterns), expr)
            .matches(REQ);
    }

    @Test
    void requestFetches() {
        assertEquals("GET", eval("method"));
        assertEquals("/api/v1/items.json", eval("path"));
        assertEquals("/api/v1/items.json?b=2&a=1&n=7", eval("pathq"));
        assertEquals("/api/v1/items.json?b=2&a=1&n=7", eval("url"));
        assertEquals("b=2&a=1&n=7", eval("query"));
        assertEquals("WWW.Example.com:8080/api/v1/items.json", eval("base"));
        assertEquals("1", eval("url_param(a)"));
        assertEquals("7", eval("urlp(n)"));
        assertNull(eval("urlp(zz)"));
        assertEquals("three", eval("req.hdr(x-multi)"), "the last value by default");
        assertEquals("\"two,2\"", eval("hdr(x-multi,2)"), "commas inside quotes do not split");
        assertEquals("one", eval("req.hdr(x-multi,-3)"));
        assertEquals("one, \"two,2\"", eval("req.fhdr(x-multi,1)"));
        assertEquals("3", eval("req.hdr_cnt(x-multi)"));
        assertEquals("2", eval("req.fhdr_cnt(x-multi)"));
        assertEquals("12", eval("req.hdr_val(x-n)"));
        assertEquals("last", eval("req.cook(sid)"), "the last occurrence");
        assertEquals("1", eval("cook(a)"));
        assertEquals("3", eval("req.cook_cnt"));
        assertEquals("2", eval("cook_cnt(sid)"));
        assertEquals("1.1", eval("req.ver"));
        assertEquals("10.1.2.3", eval("src"));
        assertEquals("true", eval("req.proto_http"));
    }

    @Test
    void internalFetchesAndCasts() {
        assertEquals("abc", eval("str(abc)"));
        assertEquals("42", eval("int(42)"));
        assertEquals("true", eval("bool(1)"));
        assertEquals("true", eval("bool(true)"), "HAProxy's words for a boolean constant");
        assertEquals("false", eval("bool(FALSE)"));
        assertEquals("false", eval("bool(0)"));
        assertEquals("10.0.0.1", eval("ipv4(10.0.0.1)"));
        assertEquals("10.0.0.0", eval("ipv4(10.0.0.1),ipmask(255.255.255.0,64)"), "the IPv4 mask applies");
        assertEquals("2001:db8::", eval("ipv6(2001:db8::1),ipmask(8,32)"));
        assertEquals(36, eval("uuid").length());
        assertTrue(Long.parseLong(eval("rand(10)")) < 10);
        assertEquals("5", eval("str(5abc),add(0)"), "a string is read as its leading digits");
        assertNull(eval("str(abc),add(1)"), "no digit, no integer");
    }

    @Test
    void converters() {
        assertEquals("f2", eval("req.hdr(x-in),field(2,_)"));
        assertEquals("f5", eval("req.hdr(x-in),field(5,_)"));
        assertEquals("f2_f3_", eval("req.hdr(x-in),field(-2,_,3)"));
        assertNull(eval("req.hdr(x-in),field(9,_)"));
        assertEquals("f5", eval("req.hdr(x-in),word(4,_)"));
        assertEquals("f3__f5", eval("req.hdr(x-in),word(3,_,2)"));
        assertEquals("f1_f2_f3", eval("req.hdr(x-in),word(-2,_,3)"));
        assertEquals("", eval("req.hdr(x-in),word(9,_)"), "a missing word is an empty string");
        assertEquals("/api/v1/items_json", eval("path,regsub('\\.',_)"), "quoted, the backslash stays");
        assertEquals("/api/v1/items_json", eval("path,regsub(\\.,_)"), "a backslash before a dot stays");
        assertEquals("-api-v1-items.json", eval("path,regsub(/,-,g)"));
        assertEquals("<1>_<2>_<3>__<5>", eval("req.hdr(x-in),regsub('f([0-9])','<\\1>',g)"));
        assertEquals("www.example.com:8080", eval("req.hdr(host),lower"));
        assertEquals("18", eval("path,length"));
        assertEquals("ZjFfZjJfZjNfX2Y1", eval("req.hdr(x-in),base64"));
        assertEquals("f1_f2_f3__f5", eval("req.hdr(x-in),base64,b64dec"));
        assertEquals("6631", eval("str(f1),hex"));
        assertEquals("000000000000002A", eval("int(42),hex"), "an integer is 8 bytes big-endian as binary");
        assertEquals("0A000001", eval("ipv4(10.0.0.1),hex"), "an address its 4 bytes");
        assertEquals("a \\\"q\\\"\\/b\\\\c", eval("req.hdr(x-q),json"));
        assertEquals("a%20%22q%22%2Fb%5Cc", eval("req.hdr(x-q),url_enc"));
        assertEquals("a b?c d", eval("str(a%20b?c+d),url_dec"));
        assertEquals("-24", eval("int(7),mul(6),sub(2),div(4),add(1),mod(7),xor(12),and(15),or(16),neg"));
        assertEquals("true", eval("int(3),odd"));
        assertEquals("false", eval("int(3),even"));
        assertEquals("abc-x", eval("str(abc),concat(-,,x)"));
        assertEquals("fi_", eval("str(fifi_fo),bytes(2,3)"));
        assertEquals("1", eval("str(x),crc32,bool,add(0)"));
        assertEquals("a9993e36", eval("str(abc),sha1,hex,bytes(0,8),lower"));
    }

    @Test
    void hashesAreHaproxys() {
        assertEquals("193485963", eval("str(abc),djb2"), "5381*33^3 + ...");
        assertEquals("891568578", eval("str(abc),crc32"), "the zlib CRC-32 of 'abc'");
        assertEquals("807794786", eval("str(abc),sdbm"));
    }

    @Test
    void matchMethods() {
        assertTrue(acl("req.hdr(host)", MatchMethod.DOM, true, "example.com"));
        assertFalse(acl("req.hdr(host)", MatchMethod.DOM, false, "example.com"), "case counts without -i");
        assertTrue(acl("req.hdr(host)", MatchMethod.DOM, true, "www"));
        assertFalse(acl("req.hdr(host)", MatchMethod.DOM, true, "ample.com"));
        assertTrue(acl("path", MatchMethod.DIR, "v1"));
        assertTrue(acl("path", MatchMethod.DIR, "/api/v1/"));
        assertFalse(acl("path", MatchMethod.DIR, "ap"));
        assertTrue(acl("path", MatchMethod.BEG, "/nope", "/api/"));
        assertTrue(acl("path", MatchMethod.END, ".json"));
        assertTrue(acl("path", MatchMethod.SUB, "v1/it"));
        assertTrue(acl("path", MatchMethod.REG, "^/api/v[0-9]+/"));
        assertTrue(acl("path", MatchMethod.LEN, "10:20"));
        assertFalse(acl("path", MatchMethod.LEN, "gt", "20"));
        assertTrue(acl("req.hdr_val(x-n)", MatchMethod.INT, "ge", "12"));
        assertFalse(acl("req.hdr_val(x-n)", MatchMethod.INT, "lt", "12"));
        assertTrue(acl("src", MatchMethod.IP, "192.168.0.0/16", "10.0.0.0/255.0.0.0"));
        assertFalse(acl("src", MatchMethod.IP, "10.1.3.0/24"));
        assertTrue(acl("src", MatchMethod.IP, "::ffff:10.1.2.0/120"), "an IPv4 sample matches a mapped network");
        assertTrue(acl("req.hdr(x-multi)", MatchMethod.STR, "\"two,2\""), "an ACL walks every value");
        assertTrue(acl("req.cook(sid)", MatchMethod.STR, "abc"), "and every cookie of that name");
        assertTrue(acl("url_param", MatchMethod.STR, "1"), "and every parameter");
        assertTrue(acl("req.hdr(x-nope)", MatchMethod.FOUND) == false);
        assertTrue(acl("req.hdr(x-n)", MatchMethod.FOUND));
        assertTrue(acl("method", MatchMethod.STR, true, "get"));
        assertTrue(acl("path,upper", MatchMethod.BEG, "/API"));
        assertTrue(acl("str(aGGc)", MatchMethod.BIN, "61474763"));
    }

    @Test
    void refusalsSayWhatHaproxySays() {
        assertEquals("unknown fetch method 'nope'", message("nope"));
        assertEquals("unknown converter 'nope'", message("path,nope"));
        assertEquals("converter 'ipmask' cannot be applied", message("always_true,ipmask(24)"));
        assertEquals("fetch method 'path' : no argument supported, but got 'x'", message("path(x)"));
        assertEquals("fetch method 'hdr' : missing arguments (got 0/1)", message("hdr"));
        assertEquals("fetch method 'res.hdr' extracts information from 'HTTP response headers', none of which is "
            + "available here", assertThrows(SampleException.class,
                () -> SampleParser.parse("res.hdr(x)", Uses.HTTP_REQUEST)).getMessage());
        assertEquals("invalid args in converter 'field' : Unexpected value 0 for index", message("path,field(0,/)"));
        assertEquals("invalid args in converter 'json' : Unexpected input code type. Allowed value are 'ascii', "
            + "'utf8', 'utf8s', 'utf8p' and 'utf8ps'", message("path,json(utf16)"));
        assertEquals("invalid args in converter 'debug' : No such sink 'ring1'", message("path,debug(x,ring1)"));
        assertEquals("invalid args in fetch method 'bool' : Expects 'true', 'false', '0' or '1'", message("bool(2)"));
        assertEquals("invalid args in converter 'regsub' : invalid regex flag 'x', only 'i' and 'g' are supported",
            message("path,regsub(a,b,x)"));
    }

    private static String message(final String expr) {
        return assertThrows(SampleException.class, () -> SampleParser.parse(expr, Uses.HTTP_REQUEST)).getMessage();
    }
}
