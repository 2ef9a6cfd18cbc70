package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** setenv, presetenv, unsetenv and resetenv change what the following lines expand, as in HAProxy. */
class EnvironmentKeywordsTest {
    private static final String TAIL = """
        backend be
            server s1 127.0.0.1:8081
        """;

    private static int port(final String text, final Map<String, String> env) throws ConfigException {
        return ConfigLoader.parse("t.cfg", text + TAIL, env).frontends().get(0).binds().get(0).port();
    }

    @Test
    void laterLinesSeeTheChangedEnvironment() throws ConfigException {
        final String text = """
            global
                presetenv PORT 8001
                setenv HOST 127.0.0.1
            .if streq("$PORT",8001)
                setenv PORT 8002
            .endif
            frontend fe
                bind "${HOST}:${PORT}"
                default_backend be
            """;
        assertEquals(8002, port(text, Map.of()), "presetenv set it, the .if saw it, setenv replaced it");
        assertEquals(9000, port(text, Map.of("PORT", "9000")), "presetenv keeps a variable already set");
    }

    @Test
    void unsetenvAndResetenvRemoveVariables() throws ConfigException {
        final String text = """
            global
                unsetenv A B
                resetenv KEEP PORT
            .if defined(A) || defined(B) || defined(DROPPED) || !defined(KEEP)
                setenv PORT 1
            .endif
            frontend fe
                bind "127.0.0.1:$PORT"
                default_backend be
            """;
        assertEquals(8005, port(text, Map.of("A", "1", "B", "2", "DROPPED", "3", "KEEP", "4", "PORT", "8005")));
    }

    @Test
    void errors() {
        final ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse("t.cfg", """
            global
                setenv ONLY
                unsetenv
                setenv A b c
            frontend fe
                bind 127.0.0.1:8001
                setenv A b
                default_backend be
            """ + TAIL, Map.of()));
        assertEquals(List.of(
                "t.cfg:2: 'setenv' expects a variable name and a value",
                "t.cfg:3: 'unsetenv' expects at least one variable name",
                "t.cfg:4: 'setenv' cannot handle unexpected argument 'c'",
                "t.cfg:7: 'setenv' is not allowed in a 'frontend' section"),
            ConfigTexts.render(e.errors()));
    }
}
