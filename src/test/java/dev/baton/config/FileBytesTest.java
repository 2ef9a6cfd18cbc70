package dev.baton.config;

import dev.baton.http.rules.ReturnRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Configuration files read as bytes, as HAProxy reads them: any byte in a comment or a quoted string,
 * valid UTF-8 kept intact, a byte a name cannot hold reported at its line, and messages that echo a token
 * escape its control bytes and cut it short.
 */
class FileBytesTest {
    private static final byte[] LATIN1_E_ACUTE = {(byte) 0xe9};

    @TempDir
    Path dir;

    /** A file made of the given pieces: a String is written as UTF-8, a byte[] as is. */
    private Path write(final Object... pieces) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (final Object piece : pieces) {
            bytes.writeBytes(piece instanceof byte[] b ? b : ((String) piece).getBytes(StandardCharsets.UTF_8));
        }
        return Files.write(dir.resolve("t.cfg"), bytes.toByteArray());
    }

    /** Lines 1-5: defaults in mode http with every timeout; then frontend fe from line 6 on. */
    private static String head() {
        return "defaults\n    mode http\n    timeout client 1s\n    timeout connect 1s\n    timeout server 1s\n"
            + "frontend fe\n    bind 127.0.0.1:18080\n    default_backend be\n";
    }

    private static List<String> errors(final Path file) {
        final ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(List.of(file), Map.of()));
        return ConfigTexts.render(e.errors());
    }

    private static byte[] returnBody(final BatonConfig config) {
        return ((ReturnRule) config.frontends().get(0).http().requestRules().get(0)).body();
    }

    @Test
    void aLatin1ByteInACommentOrAQuotedStringIsAccepted() throws Exception {
        final Path file = write("# caf", LATIN1_E_ACUTE, " (Latin-1)\n", head(),
            "    http-request return status 200 content-type text/plain string \"caf", LATIN1_E_ACUTE, "\"\n",
            "backend be\n    server s1 127.0.0.1:9001\n");

        final BatonConfig config = ConfigLoader.load(List.of(file), Map.of());

        // The byte reads as the Latin-1 character it stands for; the rules write it out in UTF-8.
        assertArrayEquals("café".getBytes(StandardCharsets.UTF_8), returnBody(config));
    }

    @Test
    void validUtf8TextReachesTheRulesIntact() throws Exception {
        final String text = "déjà vu ☕ 日本 \uD83D\uDE00";
        final Path file = write("# ", text, "\n", head(),
            "    http-request return status 200 content-type text/plain string \"", text, "\"\n",
            "backend be\n    server s1 127.0.0.1:9001\n");

        final BatonConfig config = ConfigLoader.load(List.of(file), Map.of());

        assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), returnBody(config), "the file's own bytes");
    }

    @Test
    void aNonAsciiByteInAServerNameIsReportedAtItsLine() throws Exception {
        final Path file = write(head(), "backend be\n    server s", LATIN1_E_ACUTE, "1 127.0.0.1:9001\n");

        assertEquals(List.of(file + ":10: 'server' expects a name made of letters, digits and '_.:-', got 'sé1'"),
            errors(file));
    }

    @Test
    void controlBytesInAnEchoedTokenAreEscaped() throws Exception {
        final Path file = write(head(), "backend be\n    server s\u0001\u009b1 127.0.0.1:9001\n    fr\u001b[2Job\n");

        assertEquals(List.of(
            file + ":10: 'server' expects a name made of letters, digits and '_.:-', got 's\\x01\\x9b1'",
            file + ":11: unknown keyword 'fr\\x1b[2Job' in 'backend' section"), errors(file));
    }

    @Test
    void aLongEchoedTokenIsCutTo64Characters() throws Exception {
        final String word = "x".repeat(100_000);
        final Path file = write(head(), "backend be\n    server s1 127.0.0.1:9001\n    ", word, "\n");

        assertEquals(List.of(file + ":11: unknown keyword '" + "x".repeat(64) + "...' in 'backend' section"),
            errors(file));
    }

    /**
     * As HAProxy 2.6 (an error there, not a warning): "Missing LF on last line, file might have been
     * truncated at position N", N the column after the line's last byte. The line is still parsed.
     */
    @Test
    void aLastLineWithoutLineFeedIsAnErrorAfterTheLineIsParsed() throws Exception {
        final Path file = write(head(), "backend be\n    server s1 127.0.0.1:9001\n    sever s2 127.0.0.1:9002");

        assertEquals(List.of(
            file + ":11: unknown keyword 'sever' in 'backend' section; did you mean 'server'?",
            file + ":11: missing LF on last line, file might have been truncated at position 28"), errors(file));
    }

    @Test
    void evenACommentOrACarriageReturnNeedsItsLineFeed() throws Exception {
        final Path comment = write(head(), "backend be\n    server s1 127.0.0.1:9001\n# end");
        assertEquals(List.of(comment + ":11: missing LF on last line, file might have been truncated at position 6"),
            errors(comment));

        final Path crlf = write(head(), "backend be\r\n    server s1 127.0.0.1:9001\r");
        assertEquals(List.of(crlf + ":10: missing LF on last line, file might have been truncated at position 30"),
            errors(crlf));
    }

    @Test
    void anEmptyFileOrOneEndingWithALineFeedIsComplete() throws Exception {
        final Path empty = Files.write(dir.resolve("empty.cfg"), new byte[0]);
        final Path file = write(head(), "backend be\n    server s1 127.0.0.1:9001\n");

        final BatonConfig config = ConfigLoader.load(List.of(empty, file), Map.of());

        assertEquals(List.of(), ConfigTexts.render(config.warnings()));
    }
}
