package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code .if}/{@code .elif}/{@code .else}/{@code .endif} and the message directives, as HAProxy 2.6's manual has them. */
class ConditionalBlocksTest {
    private static final String TAIL = """
        backend be
            server s1 127.0.0.1:8081
        """;

    /** The frontends' bind ports of {@code text} read with {@code env}. */
    private static List<Integer> ports(final String text, final Map<String, String> env) throws ConfigException {
        final BatonConfig c = ConfigLoader.parse("t.cfg", text + TAIL, env);
        final List<Integer> ports = new ArrayList<>();
        for (final ProxyConfig p : c.frontends()) {
            for (final BindConfig b : p.binds()) {
                ports.add(b.port());
            }
        }
        return ports;
    }

    private static List<String> errors(final String text, final Map<String, String> env) {
        final ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t.cfg", text, env));
        return ConfigTexts.render(e.errors());
    }

    private static final String BLOCKS = """
        frontend fe
            default_backend be
        .if defined(WITH_A)
            bind 127.0.0.1:8001
          .if streq("$MODE",fast)
            bind 127.0.0.1:8002
          .elif strneq("$MODE",slow) && !defined(NO_C)
            bind 127.0.0.1:8003
          .else
            bind 127.0.0.1:8004
          .endif
        .elif 0x0 || (1 && feature(THREAD))
            bind 127.0.0.1:8005
        .else
            bind 127.0.0.1:8006
        .endif
        .if version_atleast(2.4-dev19) && version_before(2.7) && feature(OPENSSL) && openssl_version_atleast(1.1.1) && ssllib_name_startswith(Boring) && !openssl_version_before(1.1.0)
            bind 127.0.0.1:8007
        .endif
        """;

    @Test
    void blocksAreTakenAndSkippedAsTheirConditionsSay() throws ConfigException {
        assertEquals(List.of(8001, 8002, 8007), ports(BLOCKS, Map.of("WITH_A", "", "MODE", "fast")));
        assertEquals(List.of(8001, 8003, 8007), ports(BLOCKS, Map.of("WITH_A", "1", "MODE", "other")));
        assertEquals(List.of(8001, 8004, 8007), ports(BLOCKS, Map.of("WITH_A", "1", "MODE", "slow")));
        assertEquals(List.of(8001, 8004, 8007), ports(BLOCKS, Map.of("WITH_A", "1", "NO_C", "x")));
        assertEquals(List.of(8005, 8007), ports(BLOCKS, Map.of()), "&& binds tighter than ||; 0x0 is zero");
    }

    @Test
    void droppedLinesAreNeverReadSoTheirKeywordsDoNotMatter() throws ConfigException {
        assertEquals(List.of(8001), ports("""
            frontend fe
                default_backend be
                bind 127.0.0.1:8001
            .if 0
                bind 127.0.0.1:9999 ssl crt /no/such.pem
                frobnicate everything
            .endif
            .if ""
                bind 127.0.0.1:9998
            .endif
            """, Map.of()));
    }

    @Test
    void messagesOfTakenBranchesOnly() throws ConfigException {
        final BatonConfig c = ConfigLoader.parse("t.cfg", """
            .if defined(X)
              .alert "X must not be set"
            .else
              .warning "running without X"
              .notice "just so you know"
              .diag "only with -dD"
            .endif
            frontend fe
                bind 127.0.0.1:8001
                default_backend be
            """ + TAIL, Map.of());
        assertEquals(List.of("t.cfg:4: 'running without X'", "t.cfg:5: notice: 'just so you know'"),
            ConfigTexts.render(c.warnings()).subList(0, 2), "the .alert and .diag lines say nothing");
        assertEquals(List.of("t.cfg:2: 'X must not be set'"), errors("""
            .if defined(X)
              .alert "X must not be set"
            .endif
            """, Map.of("X", "1")));
    }

    @Test
    void malformedBlocksAreErrorsAtTheirLines() {
        assertEquals(List.of(
                "t.cfg:1: '.endif' without a matching '.if'",
                "t.cfg:2: '.else' without a matching '.if'",
                "t.cfg:3: unknown predicate 'defnied' in condition 'defnied(X)' at position 1",
                "t.cfg:5: unknown term 'yes' (expected 0, 1, a predicate such as defined(VAR), '(' or '!') in "
                    + "condition 'yes' at position 4",
                "t.cfg:7: expected ')' in condition '(1 && 0' at position 8",
                "t.cfg:9: a second '.else' in the same '.if' block",
                "t.cfg:13: '.elif' after '.else'",
                "t.cfg:15: unknown directive '.eror'",
                "t.cfg:16: '.warning' cannot handle unexpected argument 'spaces'; quote a message that contains spaces",
                "t.cfg:17: 'streq' expects two arguments in condition 'streq(a)' at position 9",
                "t.cfg:19: '.if' block not closed before the end of the file (missing '.endif')"),
            errors("""
                .endif
                .else
                .if defnied(X)
                .endif
                .if yes
                .endif
                .if (1 && 0
                .else
                .else
                .endif
                .if 1
                .else
                .elif 1
                .endif
                .eror "x"
                .warning with spaces
                .if streq(a)
                .endif
                .if 1
                """, Map.of()));
    }

    @Test
    void versionsCompareAsHaproxyWritesThem() {
        assertTrue(ConditionExpression.compareVersions("2.6.12", "2.6") > 0);
        assertTrue(ConditionExpression.compareVersions("2.6", "2.6.0") == 0);
        assertTrue(ConditionExpression.compareVersions("2.4-dev19", "2.4") < 0, "a dev release comes before");
        assertTrue(ConditionExpression.compareVersions("2.4-dev19", "2.4-dev2") > 0);
        assertFalse(ConditionExpression.compareVersions("2.6.12", "2.10") > 0, "numeric, not textual");
    }
}
