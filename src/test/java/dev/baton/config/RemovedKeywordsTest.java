package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keywords HAProxy removed get what replaced them, as HAProxy 2.6 says (its lines quoted per case in comments). */
class RemovedKeywordsTest {
    @Test
    void removedKeywordsNameTheirReplacement() {
        assertEquals(List.of(
                // HAProxy: nbproc is not supported any more since HAProxy 2.5 ...
                "t.cfg:2: 'nbproc' was removed in HAProxy 2.5 (HAProxy 2.6 refuses it too); write 'nbthread' (threads "
                    + "are used on every CPU by default) instead",
                // HAProxy: the 'clitimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout client'.
                "t.cfg:5: 'clitimeout' was removed in HAProxy 2.1 (HAProxy 2.6 refuses it too); write 'timeout client' "
                    + "instead",
                "t.cfg:6: 'contimeout' was removed in HAProxy 2.1 (HAProxy 2.6 refuses it too); write 'timeout "
                    + "connect' instead",
                "t.cfg:7: 'srvtimeout' was removed in HAProxy 2.1 (HAProxy 2.6 refuses it too); write 'timeout server' "
                    + "instead",
                "t.cfg:8: 'redispatch' was removed in HAProxy 2.1 (HAProxy 2.6 refuses it too); write 'option "
                    + "redispatch' instead",
                // HAProxy: option 'forceclose' is not supported any more since HAProxy 2.0, please just remove it ...
                "t.cfg:9: 'option forceclose' was removed in HAProxy 2.0 (HAProxy 2.6 refuses it too); write nothing "
                    + "(remove the line), or 'option httpclose' if really needed instead",
                "t.cfg:12: 'reqadd' was removed in HAProxy 2.1 (HAProxy 2.6 refuses it too); write 'http-request "
                    + "add-header' instead",
                "t.cfg:13: 'rspidel' was removed in HAProxy 2.1 (HAProxy 2.6 refuses it too); write 'http-response "
                    + "del-header' instead",
                "t.cfg:14: 'reqpass' was removed in HAProxy 2.1 (HAProxy 2.6 refuses it too); remove the line"),
            ConfigTexts.errors("""
                global
                    nbproc 2
                defaults
                    mode http
                    clitimeout 5s
                    contimeout 5s
                    srvtimeout 5s
                    redispatch
                    option forceclose
                frontend fe
                    bind 127.0.0.1:8080
                    reqadd X-A:\\ b
                    rspidel ^Server:
                    reqpass ^X
                    default_backend be
                backend be
                    server s1 127.0.0.1:8081
                """));
    }
}
