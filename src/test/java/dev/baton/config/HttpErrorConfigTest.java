package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code http-error}'s refusals (HAProxy's messages) and the fixed replies it builds at load. */
class HttpErrorConfigTest {
    private static String[] proxy(final String line) {
        return new String[] {"defaults", "    mode http", "    timeout client 1s", "    timeout connect 1s",
            "    timeout server 1s", "    http-error status 503 content-type text/plain string inherited",
            "listen l", "    bind :80", line, "    server s 127.0.0.1:1"};
    }

    @Test
    void aFixedReplyIsBuiltAtLoadAsHaproxyWritesIt() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(proxy(
            "    http-error status 429 content-type text/plain lf-string \"slow 100%% down\" hdr retry-after 10"));
        final ErrorFile e = c.backend("l").http().errorFile(429);
        assertEquals("HTTP/1.1 429 Too Many Requests\r\nretry-after: 10\r\ncontent-length: 14\r\n"
            + "content-type: text/plain\r\n\r\nslow 100% down",
            new String(e.response(), StandardCharsets.ISO_8859_1));
        assertEquals("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 9\r\ncontent-type: text/plain\r\n\r\n"
            + "inherited", new String(c.backend("l").http().errorFile(503).response(), StandardCharsets.ISO_8859_1));
        assertNull(ConfigTexts.parse(proxy("    http-error status 503 default-errorfiles")).backend("l").http()
            .errorFile(503), "default-errorfiles drops the inherited reply");
    }

    @Test
    void refusals() {
        assertEquals(List.of("t.cfg:9: http-error : expects at least a <status> as arguments"),
            ConfigTexts.errors(proxy("    http-error content-type text/plain string x")));
        assertEquals(List.of("t.cfg:9: http-error: status code '418' not handled"),
            ConfigTexts.errors(proxy("    http-error status 418 content-type text/plain string x")));
        final List<String> noType = ConfigTexts.errors(proxy("    http-error status 503 string x"));
        assertTrue(noType.get(0).contains("content-type"), noType.toString());
        final List<String> dynamic = ConfigTexts.errors(proxy(
            "    http-error status 503 content-type text/plain lf-string \"down: %[path]\""));
        assertTrue(dynamic.get(0).contains("'http-request return' or 'deny' rule"), dynamic.toString());
        assertEquals(List.of("t.cfg:9: 'hdr' expects <name> and <value> as arguments"),
            ConfigTexts.errors(proxy("    http-error status 503 content-type text/plain string x hdr x-a \"\"")));
        final List<String> dynamicHeader = ConfigTexts.errors(proxy(
            "    http-error status 503 content-type text/plain string x hdr x-src %[src]"));
        assertTrue(dynamicHeader.get(0).startsWith("t.cfg:9: 'http-error': hdr x-src uses the request"),
            dynamicHeader.toString());
    }
}
