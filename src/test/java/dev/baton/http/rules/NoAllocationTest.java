package dev.baton.http.rules;

import dev.baton.http.rules.AclTerm.Match;
import dev.baton.http.rules.AclTerm.Sample;
import dev.baton.http.text.HeaderName;
import dev.baton.sample.SampleParser;
import dev.baton.sample.Uses;
import dev.baton.sample.vars.VarNames;
import dev.baton.sample.vars.VarStore;
import dev.baton.sample.match.MatchMethod;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Conditions, templates and variable rules run per request on a reactor: they must not allocate, converters,
 * regexes, match methods, {@code set-var}/{@code set-var-fmt}/{@code unset-var} and {@code var()} included.
 */
class NoAllocationTest {
    @Test
    void evaluatingAndRenderingAllocateNothing(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws java.io.IOException {
        final String hosts = java.nio.file.Files.writeString(dir.resolve("hosts.map"),
            "example.org org\nexample.com com\n").toString();
        final String nets = java.nio.file.Files.writeString(dir.resolve("nets.map"),
            "10.0.0.0/8 ten\n10.1.0.0/16 ten-one\n").toString();
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        final FakeRequest request = FakeRequest.of("GET /api/x HTTP/1.1", "Host: Example.com",
            "Accept: a, b, \"c,d\"").from("10.1.1.1");
        final Condition condition = new Condition.Builder()
            .acl(List.of(AclTerm.strings("hdr(host)", Sample.REQ_HDR, HeaderName.of("host"), 0, Match.STR, true,
                List.of("nope", "example.com"))), false)
            .acl(List.of(AclTerm.strings("path_beg", Sample.PATH, null, 0, Match.BEG, false, List.of("/api"))), false)
            .acl(List.of(AclTerm.strings("method", Sample.METHOD, null, 0, Match.STR, false, List.of("POST"))), true)
            .acl(List.of(AclTerm.strings("hdr(accept)", Sample.REQ_HDR, HeaderName.of("accept"), -1, Match.SUB,
                false, List.of("d"))), false)
            .or()
            .acl(List.of(AclTerm.addresses("src", Sample.SRC, List.of(Network.of(new byte[4], 0)))), false)
            .build(false, "t");
        final ValueTemplate template = new ValueTemplate.Builder().literal("for=").src().literal(" host=")
            .header(HeaderName.of("host"), -1).build("t");
        final Condition converted = new Condition.Builder()
            .acl(List.of(term("req.hdr(host),lower,field(1,.)", MatchMethod.STR, "example")), false)
            .acl(List.of(term("path,regsub(/+,/,g),word(1,/)", MatchMethod.BEG, "ap")), false)
            .acl(List.of(term("req.hdr(accept),length,mul(2),add(1)", MatchMethod.INT, "gt", "2")), false)
            .acl(List.of(term("src,ipmask(8)", MatchMethod.IP, "10.0.0.0/8")), false)
            .acl(List.of(term("url_param(q),url_dec", MatchMethod.STR, "a b")), false)
            .acl(List.of(term("req.hdr(x-n)", MatchMethod.INT, "5:9")), false)
            .acl(List.of(term("path", MatchMethod.DIR, "x")), false)
            .acl(List.of(term("req.hdr(host),lower,map_str(" + hosts + ",none)", MatchMethod.STR, "com")), false)
            .acl(List.of(term("src,map_ip(" + nets + ")", MatchMethod.BEG, "ten-")), false)
            .acl(List.of(term("path,map_beg(" + hosts + ",miss)", MatchMethod.STR, "miss")), false)
            .build(false, "converters");
        final ValueTemplate convertedValue = new ValueTemplate.Builder()
            .sample(SampleParser.parse("path,upper,djb2,add(1),hex", Uses.HTTP_REQUEST))
            .literal(";")
            .sample(SampleParser.parse("req.hdr(host),lower,regsub(\\.,_,g),json", Uses.HTTP_REQUEST))
            .literal(";")
            .sample(SampleParser.parse("src,ipmask(16)", Uses.HTTP_REQUEST))
            .build("converted");
        // xxh3 over a short input and over a long one (several 1 KiB blocks), with and without a seed
        final ValueTemplate hashed = new ValueTemplate.Builder()
            .sample(SampleParser.parse("path,xxh3", Uses.HTTP_REQUEST)).literal(";")
            .sample(SampleParser.parse("req.hdr(x-long),xxh3(5)", Uses.HTTP_REQUEST)).build("hashed");
        final FakeRequest longHeader = FakeRequest.of("GET /xxh3 HTTP/1.1", "X-Long: " + "ab1".repeat(900));
        final FakeRequest withQuery = FakeRequest.of("GET /api//x?q=a%20b HTTP/1.1", "Host: Example.com",
            "Accept: a, b", "X-N: 7").from("10.1.1.1");
        final List<VarRule> varRules = List.of(
            varRule(HttpRule.Kind.SET_VAR, "txn.host", 0, "req.hdr(host),lower,field(1,.)", null),
            varRule(HttpRule.Kind.SET_VAR, "sess.n", 0, "var(sess.n,0),add(1),mod(1000)", null),
            varRule(HttpRule.Kind.SET_VAR, "txn.first", VarStore.IF_NOT_SET, "path", null),
            varRule(HttpRule.Kind.SET_VAR_FMT, "req.fmt", 0, null,
                new ValueTemplate.Builder().sample(SampleParser.parse("var(txn.host)", Uses.HTTP_REQUEST)).literal(":")
                    .sample(SampleParser.parse("src", Uses.HTTP_REQUEST)).build("fmt")),
            varRule(HttpRule.Kind.SET_VAR, "txn.addr", 0, "src", null),
            varRule(HttpRule.Kind.UNSET_VAR, "txn.first", 0, null, null));
        final Condition onVars = new Condition.Builder()
            .acl(List.of(term("var(txn.host),upper", MatchMethod.STR, "EXAMPLE")), false)
            .acl(List.of(term("var(req.fmt),length", MatchMethod.INT, "16")), false)
            .acl(List.of(term("var(txn.addr)", MatchMethod.IP, "10.0.0.0/8")), false)
            .build(false, "vars");
        final ByteBuffer text = ByteBuffer.allocate(64);
        final ByteBuffer out = ByteBuffer.allocateDirect(256);
        int matches = 0;
        final int hashedLength = hashed.render(longHeader, out.clear());
        assertTrue(hashedLength > 3, "two hashes rendered");
        for (int i = 0; i < 20_000; i++) {
            matches += run(Condition.NONE, hashed, longHeader, out, hashedLength);
            matches += run(condition, template, request, out);
            matches += run(converted, convertedValue, withQuery, out, 37);
            matches += runVars(varRules, onVars, withQuery, text);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            matches += run(Condition.NONE, hashed, longHeader, out, hashedLength);
            matches += run(condition, template, request, out);
            matches += run(converted, convertedValue, withQuery, out, 37);
            matches += runVars(varRules, onVars, withQuery, text);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(480_000, matches);
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 100000 evaluations");
    }

    /** A request's variable rules, then a condition on the variables they set; 1 when it holds. */
    private static int runVars(final List<VarRule> rules, final Condition c, final FakeRequest r,
                               final ByteBuffer text) {
        r.vars().beginRequest();
        for (int i = 0; i < rules.size(); i++) {
            rules.get(i).apply(r, text);
        }
        return c.test(r) ? 1 : 0;
    }

    private static VarRule varRule(final HttpRule.Kind kind, final String name, final int conditions,
                                   final String expr, final ValueTemplate format) {
        return new VarRule(kind, VarNames.resolve(name), conditions,
            expr == null ? null : SampleParser.parse(expr, Uses.HTTP_REQUEST), format, Condition.NONE);
    }

    private static int run(final Condition c, final ValueTemplate t, final FakeRequest r, final ByteBuffer out) {
        return run(c, t, r, out, 29);
    }

    private static int run(final Condition c, final ValueTemplate t, final FakeRequest r, final ByteBuffer out,
                           final int length) {
        out.clear();
        return c.test(r) && t.render(r, out) == length ? 1 : 0;
    }

    private static AclTerm term(final String expr, final MatchMethod method, final String... patterns) {
        return AclTerm.of(expr, SampleParser.parse(expr, Uses.HTTP_REQUEST), method, false, List.of(patterns), expr);
    }
}
