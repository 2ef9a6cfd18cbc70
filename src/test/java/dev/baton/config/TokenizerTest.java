package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TokenizerTest {
    private final Tokenizer tokenizer = new Tokenizer(Map.of("HOST", "10.0.0.1", "EMPTY", ""));

    private List<String> words(final String line) {
        final Tokenizer.Line result = tokenizer.tokenize(line);
        assertNull(result.error(), "unexpected error for " + line);
        return result.words();
    }

    private String error(final String line) {
        return tokenizer.tokenize(line).error();
    }

    @Test
    void splitsOnSpacesAndTabs() {
        assertEquals(List.of("server", "s1", "10.0.0.1:80", "weight", "3"),
            words("  server\ts1   10.0.0.1:80 \t weight 3  "));
    }

    @Test
    void blankAndCommentLinesHaveNoWords() {
        assertEquals(List.of(), words(""));
        assertEquals(List.of(), words("   \t "));
        assertEquals(List.of(), words("# a comment"));
        assertEquals(List.of(), words("    # indented comment"));
    }

    @Test
    void commentStartsAnywhereOutsideQuotes() {
        assertEquals(List.of("maxconn", "100"), words("maxconn 100 # limit"));
        assertEquals(List.of("maxconn", "100"), words("maxconn 100#limit"));
        assertEquals(List.of("a#b", "c # d", "e#f"), words("a\\#b \"c # d\" 'e#f'"));
    }

    @Test
    void bareBackslashEscapesSpaceSharpBackslashAndQuotesAndStaysBeforeAnythingElse() {
        assertEquals(List.of("a b", "#", "\\", "'", "\"", "\\q", "\\."), words("a\\ b \\# \\\\ \\' \\\" \\q \\."),
            "HAProxy keeps the backslash of \\q (a regex's \\. must reach the regex)");
    }

    @Test
    void bareCrLfTabEscapesAreControlCharactersAsInHaproxy() {
        // HAProxy 2.6 sends "GET / HTTP/1.1\r\nhost: a" for option httpchk GET / HTTP/1.1\r\nHost:\ a
        assertEquals(List.of("HTTP/1.1\r\nHost: a", "x\ty"), words("HTTP/1.1\\r\\nHost:\\ a x\\ty"));
    }

    @Test
    void doubleQuotesKnowEscapes() {
        assertEquals(List.of("say \"hi\" \\ \n\t\r # $ x"), words("\"say \\\"hi\\\" \\\\ \\n\\t\\r \\# \\$\\ x\""));
    }

    @Test
    void unknownEscapeInDoubleQuotesStaysAsWritten() {
        assertEquals(List.of("a\\qb"), words("\"a\\qb\""));
    }

    @Test
    void singleQuotesAreLiteral() {
        assertEquals(List.of("a \\n ${HOST} \"b\""), words("'a \\n ${HOST} \"b\"'"));
    }

    @Test
    void quotesGlueToBareText() {
        assertEquals(List.of("foobar baz", "x'y'z"), words("foo\"bar baz\" x\"'\"y\"'\"z"));
        assertEquals(List.of("ab cd ef"), words("a'b c'\"d e\"f"));
    }

    @Test
    void emptyQuotesMakeAnEmptyWord() {
        assertEquals(List.of("pidfile", ""), words("pidfile \"\""));
        assertEquals(List.of("a", "", "b"), words("a '' b"));
    }

    @Test
    void expandsEnvironmentInDoubleQuotesOnly() {
        assertEquals(List.of("10.0.0.1:80", "${HOST}", "$HOST"), words("\"${HOST}:80\" ${HOST} $HOST"));
        assertEquals(List.of("10.0.0.1:8080"), words("\"$HOST:8080\""));
    }

    @Test
    void defaultAppliesOnlyWhenUnset() {
        assertEquals(List.of("127.0.0.1", "10.0.0.1", ""), words("\"${NOPE-127.0.0.1}\" \"${HOST-x}\" \"${EMPTY-x}\""));
    }

    @Test
    void unsetVariableExpandsEmptyWithWarning() {
        final Tokenizer.Line line = tokenizer.tokenize("bind \"${NOPE}:80\"");
        assertNull(line.error());
        assertEquals(List.of("bind", ":80"), line.words());
        assertEquals(List.of("environment variable 'NOPE' is not set; using an empty string"), line.warnings());
    }

    @Test
    void loneDollarStaysLiteral() {
        assertEquals(List.of("a$ $-b"), words("\"a$ $-b\""));
    }

    @Test
    void reportsUnterminatedQuotesAndReferences() {
        assertEquals("unterminated double quote", error("bind \"127.0.0.1:80"));
        assertEquals("unterminated double quote", error("bind \"a\\\""));
        assertEquals("unterminated single quote", error("bind '127.0.0.1:80"));
        assertEquals("unterminated '${' in environment variable reference", error("bind \"${HOST:80\""));
        assertEquals("invalid environment variable name 'A B'", error("bind \"${A B}\""));
        assertEquals("backslash at end of line", error("bind a\\"));
    }
}
