package dev.baton.config;

import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.HttpRule.Kind;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The connection actions of http and tcp rules at load: {@code reject}, {@code silent-drop}, {@code set-tos},
 * {@code set-mark}, {@code wait-for-handshake} are accepted where HAProxy 2.6 has them; {@code set-nice} is refused
 * with the reason and the alternative; values are 32-bit unsigned, decimal or {@code 0x} hexadecimal.
 */
class ConnectionActionsConfigTest {
    @Test
    void acceptedWhereHaproxyHasThem() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(HttpTexts.inFrontend(
            "    tcp-request connection set-tos 0x10",
            "    tcp-request connection silent-drop if { src 10.0.0.1 }",
            "    tcp-request session set-mark 3",
            "    tcp-request content silent-drop if { req.len gt 100 }",
            "    http-request set-tos 32 if { path /a }",
            "    http-request set-mark 0xffffffff",
            "    http-request reject if { path /r }",
            "    http-request silent-drop if { path /s }",
            "    http-request wait-for-handshake if { path /w }",
            "    http-response set-tos 8",
            "    http-response silent-drop if { status 500 }"));
        assertEquals(List.of(), ConfigTexts.warnings(HttpTexts.inFrontend("    http-request reject")));
        final ProxyConfig fe = config.proxies().stream().filter(p -> !p.http().requestRules().isEmpty()).findFirst()
            .orElseThrow();
        // wait-for-handshake leaves no rule: every request already comes after its handshake
        assertEquals(List.of(Kind.SET_TOS, Kind.SET_MARK, Kind.REJECT, Kind.SILENT_DROP),
            fe.http().requestRules().stream().map(HttpRule::kind).toList());
        assertEquals(List.of(Kind.SET_TOS, Kind.SILENT_DROP), fe.http().responseRules().stream().map(HttpRule::kind).toList());
    }

    @Test
    void patternActionsNeedTheirArguments() {
        assertEquals(List.of(
            "t.cfg:6: 'http-request set-map' expects exactly 2 arguments",
            "t.cfg:7: 'http-request del-acl' expects exactly 1 arguments",
            "t.cfg:8: 'http-response add-acl' expects a file name in parentheses: add-acl(FILE), got 'add-acl()'"),
            ConfigTexts.errors(HttpTexts.inFrontend(
                "    http-request set-map(/x.map) %[src] if { path /a }", // 6
                "    http-request del-acl(/x.lst)",                       // 7
                "    http-response add-acl() %[src]")));                  // 8
    }

    @Test
    void refusedWithReasons() {
        assertEquals(List.of(
            "t.cfg:6: 'http-request set-nice' cannot be honoured: baton serves a reactor's requests in the order their "
                + "bytes arrive and has no per-request priority to change; use 'http-request set-priority-class' to "
                + "order requests waiting in a queue",
            "t.cfg:7: 'http-request set-tos' expects an unsigned 32-bit value (decimal or 0x hexadecimal), got 'x'",
            "t.cfg:8: 'http-request set-mark' expects an unsigned 32-bit value (decimal or 0x hexadecimal), got "
                + "'0x100000000'",
            "t.cfg:9: 'tcp-request content set-nice' cannot be honoured: baton serves a reactor's requests in the "
                + "order their bytes arrive and has no per-request priority to change; use 'http-request "
                + "set-priority-class' to order requests waiting in a queue",
            "t.cfg:10: unknown 'http-response' action 'reject'"),
            ConfigTexts.errors(HttpTexts.inFrontend(
                "    http-request set-nice 10",          // 6
                "    http-request set-tos x",            // 7
                "    http-request set-mark 0x100000000", // 8
                "    tcp-request content set-nice 5",    // 9
                "    http-response reject")));           // 10
    }
}
