package dev.baton.http;

import dev.baton.http.rules.Condition;
import dev.baton.http.rules.HeaderMatchDeleteRule;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.HttpRule.Kind;
import dev.baton.http.rules.ReplaceHeaderRule;
import dev.baton.http.rules.RequestLineRule;
import dev.baton.http.rules.ValueTemplate;
import dev.baton.http.text.HeaderName;
import dev.baton.sample.Regexes;
import dev.baton.sample.SampleParser;
import dev.baton.sample.Uses;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rewrite rules run by {@link RuleRunner} over a head parsed in its input buffer: the request line is rewritten
 * in place (the bytes after the head follow), the head parsed again, a line that cannot be put back the way the
 * parser accepts fails the rewrite with the buffer as it was, and a steady state allocates nothing.
 */
class RewriteRulesTest {
    private static final String NEXT = "GET /next HTTP/1.1\r\nHost: b\r\n\r\n";

    private final HeadParser parser = new HeadParser(true, 8192);
    private final HttpHead head = new HttpHead();
    private final HeadView view = new HeadView(new dev.baton.sample.vars.Vars());
    private final RuleRunner runner = new RuleRunner(null);
    private final HeaderEdits edits = new HeaderEdits();
    private final ByteBuffer out = ByteBuffer.allocate(4096);

    private static RequestLineRule line(final Kind kind, final String regex, final String format) {
        return new RequestLineRule(kind, ValueTemplate.literal(format),
            regex == null ? null : Regexes.compile(regex, false), Condition.NONE);
    }

    /** {@code text} in a direct buffer of {@code capacity}, in read mode from {@code at}. */
    private static ByteBuffer input(final String text, final int at, final int capacity) {
        final ByteBuffer b = ByteBuffer.allocateDirect(capacity);
        b.position(at);
        b.put(text.getBytes(StandardCharsets.ISO_8859_1));
        b.limit(b.position()).position(at);
        return b;
    }

    private String written() {
        out.clear();
        assertTrue(HeadWriter.write(head, edits, out));
        return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
    }

    private HttpRule run(final ByteBuffer in, final HttpRule... rules) {
        assertTrue(parser.parse(in, head) > 0);
        edits.clear();
        return runner.run(List.of(rules), view.of(head), head, edits);
    }

    @Test
    void aLongerAndThenShorterLineMovesThePipelinedRequestAndLaterFetchesSeeIt() {
        final ByteBuffer in = input("GET /a/b?x=1 HTTP/1.1\r\nHost: a\r\n\r\n" + NEXT, 7, 512);
        final ValueTemplate seen = new ValueTemplate.Builder()
            .sample(SampleParser.parse("path", Uses.HTTP_REQUEST)).literal("|")
            .sample(SampleParser.parse("query", Uses.HTTP_REQUEST)).literal("|")
            .sample(SampleParser.parse("url", Uses.HTTP_REQUEST)).build("seen");
        assertNull(run(in, line(Kind.SET_PATH, null, "/a-much-longer-path/than-before"),
            line(Kind.SET_QUERY, null, "y=2"), line(Kind.REPLACE_PATH, "^/a-much-(.*)/than-before$", "/\\1"),
            new dev.baton.http.rules.HeaderRule(Kind.SET_HEADER, HeaderName.of("x-seen"), seen, Condition.NONE)));
        assertEquals("GET /longer-path?y=2 HTTP/1.1\r\nHost: a\r\nx-seen: /longer-path|y=2|/longer-path?y=2\r\n\r\n",
            written());
        assertEquals(7, in.position(), "the head still starts where it did");
        in.position(in.position() + head.headLength());
        assertEquals(NEXT, Bytes.text(in, in.position(), in.remaining()), "the next request moved with the head");
    }

    @Test
    void aLineTheParserRefusesFailsAndLeavesTheRequestAsItWas() {
        final String request = "GET http://a/x HTTP/1.1\r\nHost: a\r\n\r\n" + NEXT;
        final ByteBuffer in = input(request, 0, 512);
        assertSame(RuleRunner.REWRITE_FAILED, run(in, line(Kind.SET_URI, null, "http://other/x")));
        assertEquals(request, Bytes.text(in, 0, in.limit()));
        assertEquals("GET http://a/x HTTP/1.1", Bytes.text(in, head.startLineStart(), head.startLineLength()));
        assertSame(RuleRunner.REWRITE_FAILED, run(in, line(Kind.SET_PATH, null, "/with space")));
        assertSame(RuleRunner.REWRITE_FAILED, run(in, line(Kind.SET_METHOD, null, "G(E)T")));
        assertEquals(request, Bytes.text(in, 0, in.limit()));
    }

    @Test
    void aLineThatDoesNotFitInTheBufferFails() {
        final String request = "GET /x HTTP/1.1\r\nHost: a\r\n\r\n";
        final ByteBuffer in = input(request, 0, request.length() + 10);
        assertSame(RuleRunner.REWRITE_FAILED, run(in, line(Kind.SET_PATH, null, "/" + "y".repeat(20))));
        assertEquals(request, Bytes.text(in, 0, in.limit()));
        assertNull(run(in, line(Kind.SET_PATH, null, "/" + "y".repeat(10))));
        assertEquals("GET /yyyyyyyyyy HTTP/1.1", Bytes.text(in, head.startLineStart(), head.startLineLength()));
    }

    @Test
    void aSteadyStateOfRewritesAllocatesNothing() {
        final String request = "GET /api/users/7?full=1 HTTP/1.1\r\nHost: a\r\nX-In: f1_f2\r\n"
            + "X-Multi: one, two ,three\r\nX-Rm-1: a\r\n\r\n" + NEXT;
        final byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        final ByteBuffer in = ByteBuffer.allocateDirect(1024);
        final List<HttpRule> rules = List.of(line(Kind.REPLACE_PATH, "^/api/(.*)", "/v2/\\1"),
            line(Kind.SET_QUERY, null, "q=1"), line(Kind.SET_METHOD, null, "POST"),
            line(Kind.REPLACE_URI, "^(.*)$", "\\1&x=y"),
            new ReplaceHeaderRule(Kind.REPLACE_HEADER, HeaderName.of("x-in"), Regexes.compile("^f1_(.*)", false),
                ValueTemplate.literal("\\1-r"), Condition.NONE),
            new ReplaceHeaderRule(Kind.REPLACE_VALUE, HeaderName.of("x-multi"), Regexes.compile("^t(.*)", false),
                ValueTemplate.literal("T\\1"), Condition.NONE),
            HeaderMatchDeleteRule.of(HeaderMatchDeleteRule.Match.BEG, "x-rm", Condition.NONE),
            new HeaderMatchDeleteRule(HeaderMatchDeleteRule.Match.REG, null, Regexes.compile("^x-gone", false),
                Condition.NONE),
            new dev.baton.http.rules.CaptureRule(dev.baton.sample.SampleParser.parse("req.hdr(x-in),upper",
                dev.baton.sample.Uses.HTTP_REQUEST), 0, false, Condition.NONE),
            new dev.baton.http.rules.TimeoutRule(false, -1, dev.baton.sample.SampleParser.parse("req.hdr_cnt,mul(100)",
                dev.baton.sample.Uses.HTTP_REQUEST), Condition.NONE));
        runner.captures = new dev.baton.log.LogCaptures(new int[] {4}, new int[0], 0);
        final LongSupplier allocated = ThreadAllocations.ofCurrentThread();
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += round(in, bytes, rules);
        }
        assertEquals("POST /v2/users/7?q=1&x=y HTTP/1.1\r\nHost: a\r\nX-In: f2-r\r\nX-Multi: one,Two,Three\r\n\r\n",
            written());
        assertEquals("F1_F", runner.captures.requestText(0),
            "the capture rule ran, its value cut to its slot");
        assertEquals(600, runner.serverTimeoutMs(), "the set-timeout rule ran: 6 header values, times 100");
        final long before = allocated.getAsLong();
        for (int i = 0; i < 20_000; i++) {
            sum += round(in, bytes, rules);
        }
        final long bytesAllocated = allocated.getAsLong() - before;
        assertTrue(sum > 0);
        assertTrue(bytesAllocated < 64 * 1024, bytesAllocated + " bytes allocated in 20 000 rounds");
    }

    private long round(final ByteBuffer in, final byte[] request, final List<HttpRule> rules) {
        in.clear();
        in.put(request).flip();
        parser.parse(in, head);
        edits.clear();
        final HttpRule verdict = runner.run(rules, view.of(head), head, edits);
        out.clear();
        HeadWriter.write(head, edits, out);
        return out.position() + (verdict == null ? 1 : 0);
    }
}
