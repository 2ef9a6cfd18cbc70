package dev.baton.config;

import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code http-send-name-header} as HAProxy 2.6 reads it, and the names baton refuses (as later HAProxy versions). */
class SendNameHeaderConfigTest {
    private static final String[] TIMEOUTS = {"defaults", "mode http", "timeout client 1s", "timeout connect 1s",
        "timeout server 1s"};

    private static String[] lines(final String... more) {
        final String[] all = new String[TIMEOUTS.length + more.length];
        System.arraycopy(TIMEOUTS, 0, all, 0, TIMEOUTS.length);
        System.arraycopy(more, 0, all, TIMEOUTS.length, more.length);
        return all;
    }

    private static ProxyConfig proxy(final BatonConfig c, final String name) {
        return c.proxies().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void theNameIsKeptInLowerCaseAndInherited() throws ConfigException {
        final BatonConfig c = ConfigTexts.parse(lines("http-send-name-header X-Backend-Server",
            "frontend f", "bind 127.0.0.1:80", "default_backend b", "backend b", "server s 127.0.0.1:81"));
        assertEquals(HeaderName.of("x-backend-server"), proxy(c, "b").http().sendNameHeader());
        assertEquals("x-backend-server", proxy(c, "b").http().sendNameHeader().text());
        assertNull(proxy(c, "f").http().sendNameHeader(), "a frontend has no server to name");
    }

    @Test
    void aFrontendWarnsAsHaproxy() throws ConfigException {
        assertEquals(List.of("t.cfg:8: " + Messages.ignoredOnThisSide("http-send-name-header", Section.FRONTEND)),
            ConfigTexts.warnings(lines("frontend f", "bind 127.0.0.1:80", "http-send-name-header X-Srv",
                "default_backend b", "backend b", "server s 127.0.0.1:81")));
    }

    @Test
    void badNamesAreRefused() {
        assertEquals(List.of("t.cfg:8: 'http-send-name-header' requires a header string."),
            ConfigTexts.errors(lines("backend b", "server s 127.0.0.1:81", "http-send-name-header")));
        assertEquals(List.of("t.cfg:8: 'Content-Length' cannot be used as header name for 'http-send-name-header': "
            + "it frames the request or governs its connection, so a server name there would break the request "
            + "(HAProxy 2.6 lets it; later versions refuse it too); pick another name such as X-Server"),
            ConfigTexts.errors(lines("backend b", "server s 127.0.0.1:81", "http-send-name-header Content-Length")));
    }
}
