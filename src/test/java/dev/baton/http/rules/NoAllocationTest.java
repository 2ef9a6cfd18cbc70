package dev.baton.http.rules;

import dev.baton.http.rules.AclTerm.Match;
import dev.baton.http.rules.AclTerm.Sample;
import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Conditions and templates run per request on a reactor: they must not allocate. */
class NoAllocationTest {
    @Test
    void evaluatingAndRenderingAllocateNothing() {
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
        final ByteBuffer out = ByteBuffer.allocateDirect(256);
        int matches = 0;
        for (int i = 0; i < 20_000; i++) {
            matches += run(condition, template, request, out);
        }
        final long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            matches += run(condition, template, request, out);
        }
        final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(120_000, matches);
        assertTrue(allocated < 4096, "allocated " + allocated + " bytes for 100000 evaluations");
    }

    private static int run(final Condition c, final ValueTemplate t, final FakeRequest r, final ByteBuffer out) {
        out.clear();
        return c.test(r) && t.render(r, out) == 29 ? 1 : 0;
    }
}
