package dev.baton.http;

import dev.baton.http.rules.NormalizeUriRule.Normalizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The normalizers on bytes, for what a side-by-side test cannot send (HAProxy's and baton's parsers both refuse a
 * '#' in a request target) and for the edges of the algorithms. Expected values follow HAProxy 2.6's
 * {@code uri_normalizer.c}.
 */
class UriNormalizerTest {
    private final UriNormalizer normalizer = new UriNormalizer();

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "FRAGMENT_STRIP|/a#b#c?q|/a",
        "FRAGMENT_STRIP|/a?q=1|/a?q=1",
        "FRAGMENT_ENCODE|/a#b#c?q|/a%23b%23c?q",
        "FRAGMENT_ENCODE|/#|/%23",
        "PATH_MERGE_SLASHES|//a//|/a/",
        "PATH_STRIP_DOT|./a/./.|a/",
        "PATH_STRIP_DOT|/.|/",
        "PATH_STRIP_DOTDOT|/a/..|/",
        "PATH_STRIP_DOTDOT|/..|/../",
        "PATH_STRIP_DOTDOT|/a/b/../c/../../..|/../",
        "PATH_STRIP_DOTDOT_FULL|/a/b/../c/../../..|/",
        "PATH_STRIP_DOTDOT|a/../b|b",
        "PERCENT_DECODE_UNRESERVED|/%41%2F%7e%|/A%2F~%",
        "PERCENT_TO_UPPERCASE|/%aa%2f%|/%AA%2F%",
        "QUERY_SORT_BY_NAME|?b=2&a=1&a|?a=1&a&b=2",
        "QUERY_SORT_BY_NAME|?b&&a|?&a&b",
    })
    void normalizesAsHaproxy(final Normalizer n, final String in, final String expected) {
        final ByteBuffer buf = ByteBuffer.wrap(("xx" + in).getBytes(StandardCharsets.ISO_8859_1));
        final int length = normalizer.normalize(n, buf, 2, buf.limit());
        assertEquals(expected, new String(normalizer.out, 0, length, StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @CsvSource({"PERCENT_DECODE_UNRESERVED_STRICT,/%4", "PERCENT_TO_UPPERCASE_STRICT,/%g1", "PERCENT_TO_UPPERCASE_STRICT,%"})
    void strictFormsRefuseABrokenEscape(final Normalizer n, final String in) {
        final ByteBuffer buf = ByteBuffer.wrap(in.getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(UriNormalizer.INVALID, normalizer.normalize(n, buf, 0, buf.limit()));
    }
}
