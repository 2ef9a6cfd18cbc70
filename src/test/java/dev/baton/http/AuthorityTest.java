package dev.baton.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Host headers and target authorities, checked as HAProxy does (reg-test h1_host_normalization's cases). */
class AuthorityTest {
    private final HeadParser parser = new HeadParser(true, 8192);
    private final HttpHead head = new HttpHead();

    private int parse(final String method, final String target, final String host) {
        final String raw = method + " " + target + " HTTP/1.1\r\n" + (host == null ? "" : "Host: " + host + "\r\n")
                + "\r\n";
        final int result = parser.parse(Bytes.direct(raw), head);
        return result > 0 ? 0 : result;
    }

    @ParameterizedTest(name = "{0} {1} / Host: {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "GET | /                          | a.example        | 0",
        "GET | /                          | ''               | 0",
        "GET | /                          | NONE             | 0",
        "GET | /                          | [::1]:8080       | 0",
        "GET | /                          | [::1]            | 0",
        "GET | /                          | a b              | -400",
        "GET | /                          | a,b              | -400",
        "GET | /                          | a/b              | -400",
        "GET | /                          | a?b              | -400",
        "GET | /                          | a#b              | -400",
        "GET | /                          | u@a              | -400",
        "GET | /                          | a\\b             | -400",
        "GET | /                          | [::1             | -400",
        "GET | /                          | ::1]             | -400",
        "GET | /                          | a[b]             | -400",
        "GET | /                          | [::1]x           | -400",
        "GET | http://a.example/p         | a.example        | 0",
        "GET | http://a.example/p         | A.EXAMPLE        | 0",
        "GET | http://a.example/p         | NONE             | 0",
        "GET | http://a.example:8080/p    | a.example:8080   | 0",
        "GET | http://a.example:80/p      | a.example        | 0",
        "GET | http://a.example/p         | a.example:80     | 0",
        "GET | http://a.example:/p        | a.example        | 0",
        "GET | https://a.example:443/p    | a.example        | 0",
        "GET | HTTPS://a.example/p        | a.example:443    | 0",
        "GET | http://user:pw@a.example/p | a.example        | 0",
        "GET | http://a.example:443/p     | a.example        | -400",
        "GET | https://a.example:80/p     | a.example        | -400",
        "GET | http://a.example:8080/p    | a.example        | -400",
        "GET | http://a.example/p         | a.example:8080   | -400",
        "GET | http://a.example/p         | b.example        | -400",
        "GET | http://a.example:80/p      | b.example:80     | -400",
        "GET | ftp://a.example:21/p       | a.example        | -400",
        "GET | http://a,b/p               | NONE             | -400",
        "GET | http://a.example\\x/p      | NONE             | -400",
        "GET | http://[::1]:8080/p        | [::1]:8080       | 0",
        "GET | http://[::1/p              | NONE             | -400",
        "CONNECT | a.example:443          | a.example:443    | 0",
        "CONNECT | a.example:443          | a.example        | 0",
        "CONNECT | a.example:80           | a.example        | 0",
        "CONNECT | a.example:443          | NONE             | 0",
        "CONNECT | a.example:8443         | a.example:8443   | 0",
        "CONNECT | a.example:8443         | a.example        | -400",
        "CONNECT | a.example:443          | a.example:8443   | -400",
        "CONNECT | a.example:443          | b.example:443    | -400",
        "CONNECT | a.example:443          | b.example        | -400",
        "CONNECT | a.example:              | NONE            | -400",
        "CONNECT | :443                   | NONE             | -400",
        "CONNECT | a,b:443                | NONE             | -400",
        "CONNECT | http://a.example:80    | a.example        | -400",
    })
    void hostAndAuthorityMustAgree(final String method, final String target, final String host, final int expected) {
        assertEquals(expected, parse(method, target, host));
    }

    @Test
    void authorityIsRecordedWithoutUserinfo() {
        final ByteBuffer buf = Bytes.direct("GET http://u:p@a.example:81/x?y HTTP/1.1\r\n\r\n");
        new HeadParser(true, 8192).parse(buf, head);
        assertEquals("a.example:81", Bytes.text(buf, head.authorityStart(), head.authorityLength()));
        assertEquals("http", Bytes.text(buf, head.targetStart(), head.schemeLength()));
        assertEquals("/x", Bytes.text(buf, head.pathStart(), head.pathLength()));
    }

    @Test
    void originFormHasNoAuthority() {
        final ByteBuffer buf = Bytes.direct("GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
        new HeadParser(true, 8192).parse(buf, head);
        assertEquals(0, head.authorityLength());
        assertEquals(0, head.schemeLength());
    }

    @Test
    void connectAuthorityIsTheTarget() {
        final ByteBuffer buf = Bytes.direct("CONNECT [::1]:443 HTTP/1.1\r\n\r\n");
        new HeadParser(true, 8192).parse(buf, head);
        assertEquals("[::1]:443", Bytes.text(buf, head.authorityStart(), head.authorityLength()));
        assertEquals(0, head.schemeLength());
    }
}
