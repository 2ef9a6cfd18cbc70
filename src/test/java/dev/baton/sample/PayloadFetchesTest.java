package dev.baton.sample;

import dev.baton.http.rules.AclTerm;
import dev.baton.http.rules.Condition;
import dev.baton.sample.match.MatchMethod;
import dev.baton.support.HeldBytes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The payload fetches on bytes held as a tcp stream holds them under inspection: values read in place, "may change"
 * reported while bytes are missing and inspection can wait, nothing once it cannot; a real TLS ClientHello made by
 * the JDK's engine for the hello fetches.
 */
class PayloadFetchesTest {
    private static String str(final String fetch, final SampleContext ctx) {
        final Sample s = new Sample();
        if (!SampleParser.parse(fetch, Uses.TCP_CONTENT).eval(ctx, s) || !s.cast(SampleType.STR, ctx.scratch())) {
            return null;
        }
        final byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = s.byteAt(i);
        }
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static byte[] prefix(final byte[] bytes, final int n) {
        final byte[] out = new byte[n];
        System.arraycopy(bytes, 0, out, 0, n);
        return out;
    }

    @Test
    void aClientHelloGivesItsTypeVersionServerNameAndProtocols() throws Exception {
        final HeldBytes hello = new HeldBytes(HeldBytes.clientHello("a.example.com", "h2", "http/1.1"));
        assertEquals("1", str("req.ssl_hello_type", hello));
        assertEquals("1", str("req_ssl_hello_type", hello));
        assertEquals(Integer.toString(0x30003), str("req.ssl_ver", hello), "TLS 1.2 as HAProxy encodes it");
        assertEquals("a.example.com", str("req.ssl_sni", hello));
        assertEquals("a.example.com", str("req_ssl_sni,lower", hello));
        assertEquals("h2", str("req.ssl_alpn", hello), "one value: the first protocol");
        assertEquals(0, hello.changes, "a whole hello answers for sure");
        final AclTerm alpn = AclTerm.of("req.ssl_alpn", SampleParser.parse("req.ssl_alpn", Uses.TCP_CONTENT),
            MatchMethod.STR, false, List.of("http/1.1"), "req.ssl_alpn http/1.1");
        assertTrue(alpn.matches(hello), "an ACL walks every protocol");
    }

    @Test
    void aPartialHelloMayChangeUntilInspectionIsOver() throws Exception {
        final byte[] whole = HeldBytes.clientHello("b.example.com");
        final HeldBytes part = new HeldBytes(prefix(whole, whole.length - 10));
        assertEquals(null, str("req.ssl_sni", part));
        assertEquals(null, str("req.ssl_hello_type", part));
        assertEquals(2, part.changes);
        final AclTerm sni = AclTerm.of("req.ssl_sni", SampleParser.parse("req.ssl_sni", Uses.TCP_CONTENT),
            MatchMethod.STR, false, List.of("b.example.com"), "req.ssl_sni b.example.com");
        assertEquals(Condition.MISS, sni.decide(part));
        part.over = true;
        assertEquals(Condition.FAIL, sni.decide(part), "the inspect delay ended: no value");
        part.buffer.put(whole, whole.length - 10, 10);
        assertEquals(Condition.PASS, sni.decide(part));
    }

    @Test
    void plainTextIsNoHello() {
        final HeldBytes text = new HeldBytes("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(null, str("req.ssl_sni", text));
        assertEquals(null, str("req.ssl_hello_type", text));
        assertEquals(null, str("req.ssl_ver", text));
        assertEquals(0, text.changes, "not TLS: nothing to wait for");
        assertEquals("1", str("req.proto_http", text));
        assertEquals("0", str("req.proto_http", new HeldBytes("\u0016\u0003\u0001 x".getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void lengthAndPayloadsReadTheBytesHeld() {
        final HeldBytes held = new HeldBytes(new byte[] {'a', 'b', 'c', 0, 3, 'x', 'y', 'z', 'w'});
        assertEquals("9", str("req.len", held));
        assertEquals(1, held.changes, "req.len may always grow");
        assertEquals("bc", str("req.payload(1,2)", held));
        assertEquals("xyzw", str("payload(5,0)", held), "length 0: the rest");
        assertEquals("xyz", str("req.payload_lv(3,2)", held), "a 2-byte length of 3 at offset 3");
        assertEquals("abc", str("req.payload_lv(3,2,0)", held), "the block at an absolute offset");
        assertEquals("yzw", str("req.payload_lv(3,2,+1)", held), "the block after the length, shifted");
        final int before = held.changes;
        assertEquals(null, str("req.payload(8,4)", held));
        assertEquals(before + 1, held.changes, "short: may change");
        assertEquals(null, str("req.payload(0,20000)", held));
        assertEquals(before + 1, held.changes, "beyond any buffer: never");
    }

    @Test
    void rdpCookieIsReadAfterTheConnectionRequestHeader() {
        final byte[] header = new byte[11];
        final byte[] line = "Cookie: mstshash=alice\r\n".getBytes(StandardCharsets.US_ASCII);
        final byte[] all = new byte[header.length + line.length];
        System.arraycopy(line, 0, all, 11, line.length);
        final HeldBytes rdp = new HeldBytes(all);
        assertEquals("alice", str("req.rdp_cookie(mstshash)", rdp));
        assertEquals("alice", str("rdp_cookie", rdp), "no name: the first cookie");
        assertEquals("1", str("req.rdp_cookie_cnt(MSTSHASH)", rdp), "the name without case");
        assertEquals(null, str("req.rdp_cookie(other)", rdp));
        final HeldBytes partial = new HeldBytes(prefix(all, all.length - 3));
        assertEquals(null, str("rdp_cookie(mstshash)", partial));
        assertEquals(null, str("rdp_cookie_cnt", partial), "no count while it may change");
        assertTrue(partial.changes > 0);
    }

    @Test
    void waitEndPassesOnlyOnceInspectionIsOver() {
        final HeldBytes held = new HeldBytes(new byte[0]);
        final AclTerm end = AclTerm.of("wait_end", SampleParser.parse("wait_end", Uses.TCP_CONTENT), MatchMethod.BOOL,
            false, List.of(), "wait_end");
        assertEquals(Condition.MISS, end.decide(held));
        held.over = true;
        assertEquals(Condition.PASS, end.decide(held));
        assertFalse(SampleParser.parse("req.len", Uses.TCP_CONTENT).eval(new SampleContext() { }, new Sample()),
            "no bytes held here: no length");
    }
}
