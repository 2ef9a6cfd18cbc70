package dev.baton.health;

import dev.baton.backend.CheckStatus;
import dev.baton.config.HttpCheckConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link HttpCheckVerdict#judge} on responses as bytes, against the outcomes HAProxy 2.6 gave on the same ones. */
class HttpCheckVerdictTest {
    private static final HttpCheckConfig PLAIN = HttpCheckConfig.DEFAULT;

    private static HttpCheckVerdict judge(final HttpCheckConfig c, final String response, final boolean complete) {
        final byte[] b = response.getBytes(StandardCharsets.ISO_8859_1);
        return HttpCheckVerdict.judge(c, b, b.length, complete, true);
    }

    private static HttpCheckConfig expect(final boolean negated, final HttpCheckConfig.ExpectKind kind,
                                          final String text) {
        return PLAIN.withExpect(new HttpCheckConfig.Expect(negated, kind, text, List.of(), Pattern.compile(text)));
    }

    @Test
    void withoutExpect2xxAnd3xxPass() {
        assertEquals(new HttpCheckVerdict(CheckStatus.L7OK, null, 200), judge(PLAIN, "HTTP/1.1 200 OK\r\n\r\n", false));
        assertEquals(new HttpCheckVerdict(CheckStatus.L7OK, null, 302),
            judge(PLAIN, "HTTP/1.0 302 Found\r\nLocation: /x\r\n\r\n", false));
        assertEquals(new HttpCheckVerdict(CheckStatus.L7STS, "Service Unavailable", 503),
            judge(PLAIN, "HTTP/1.1 503 Service Unavailable\r\n\r\n", false));
        assertEquals(new HttpCheckVerdict(CheckStatus.L7STS, null, 500), judge(PLAIN, "HTTP/1.1 500\r\n\r\n", false));
    }

    @Test
    void incompleteHeadWaitsThenIsInvalidAtTheEnd() {
        assertNull(judge(PLAIN, "HTTP/1.1 200 OK\r\nContent-", false));
        assertEquals(new HttpCheckVerdict(CheckStatus.L7RSP, null, 0), judge(PLAIN, "HTTP/1.1 200 OK\r\n", true));
        assertEquals(new HttpCheckVerdict(CheckStatus.L7RSP, null, 0), judge(PLAIN, "", true), "closed at once");
        assertEquals(new HttpCheckVerdict(CheckStatus.L7RSP, null, 0), judge(PLAIN, "HELLO\r\n\r\n", false),
            "garbage");
        assertEquals(new HttpCheckVerdict(CheckStatus.L7RSP, null, 0), judge(PLAIN, "HTTP/1.1 20x OK\r\n\r\n", false));
    }

    @Test
    void stringExpectationsReadTheBodyToItsLengthOrTheEnd() {
        final HttpCheckConfig good = expect(false, HttpCheckConfig.ExpectKind.STRING, "good");
        assertNull(judge(good, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nall go", false), "body incomplete");
        assertEquals(new HttpCheckVerdict(CheckStatus.L7OK, null, 503),
            judge(good, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 8\r\n\r\nall good", false),
            "any status when the body matches");
        assertEquals(new HttpCheckVerdict(CheckStatus.L7RSP, HttpCheckVerdict.NO_MATCH, 200),
            judge(good, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nallgood", false), "beyond Content-Length");
        assertNull(judge(good, "HTTP/1.1 200 OK\r\n\r\nall", false), "no length: until the end");
        assertEquals(new HttpCheckVerdict(CheckStatus.L7OK, null, 200),
            judge(good, "HTTP/1.1 200 OK\r\n\r\nall good", true));
        assertEquals(new HttpCheckVerdict(CheckStatus.L7RSP, HttpCheckVerdict.UNWANTED_MATCH, 200),
            judge(expect(true, HttpCheckConfig.ExpectKind.RSTRING, "go+d"), "HTTP/1.1 200 OK\r\n\r\nall good", true));
    }

    @Test
    void disableOn404OnlyForARunningServer() {
        final HttpCheckConfig c = PLAIN.withDisableOn404(true);
        final byte[] b = "HTTP/1.1 404 Not Found\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(new HttpCheckVerdict(CheckStatus.L7OKC, null, 404),
            HttpCheckVerdict.judge(c, b, b.length, false, true));
        assertEquals(new HttpCheckVerdict(CheckStatus.L7STS, "Not Found", 404),
            HttpCheckVerdict.judge(c, b, b.length, false, false));
    }
}
