package dev.baton.http.rules;

import dev.baton.http.rules.AclTerm.Match;
import dev.baton.http.rules.AclTerm.Sample;
import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.baton.http.rules.FakeRequest.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AclTermTest {
    private static final FakeRequest REQUEST = FakeRequest.of("GET /api/v1/Users.json?q=1 HTTP/1.1",
        "Host: WWW.Example.com:8080",
        "X-Tag: alpha, beta",
        "X-Tag: gamma");

    private static AclTerm path(final Match match, final boolean ignoreCase, final String... patterns) {
        return AclTerm.strings("path", Sample.PATH, null, 0, match, ignoreCase, List.of(patterns));
    }

    private static AclTerm header(final String name, final int occurrence, final Match match,
                                  final boolean ignoreCase, final String... patterns) {
        return AclTerm.strings("hdr(" + name + ")", Sample.REQ_HDR, HeaderName.of(name), occurrence, match,
            ignoreCase, List.of(patterns));
    }

    @Test
    void pathMatchesExactlyByPrefixSuffixAndSubstring() {
        assertTrue(path(Match.STR, false, "/nope", "/api/v1/Users.json").matches(REQUEST));
        assertFalse(path(Match.STR, false, "/api/v1/users.json").matches(REQUEST), "case matters");
        assertTrue(path(Match.STR, true, "/API/V1/USERS.JSON").matches(REQUEST), "-i");
        assertFalse(path(Match.STR, false, "/api/v1/Users.json?q=1").matches(REQUEST), "the query is not the path");
        assertTrue(path(Match.BEG, false, "/static", "/api/").matches(REQUEST));
        assertFalse(path(Match.BEG, false, "/api/v1/Users.json/more").matches(REQUEST));
        assertTrue(path(Match.END, false, ".json").matches(REQUEST));
        assertFalse(path(Match.END, false, ".JSON").matches(REQUEST));
        assertTrue(path(Match.END, true, ".JSON").matches(REQUEST));
        assertTrue(path(Match.SUB, false, "v1/U").matches(REQUEST));
        assertFalse(path(Match.SUB, false, "v2").matches(REQUEST));
        assertTrue(path(Match.SUB, false, "").matches(REQUEST), "the empty string is in every path");
        assertTrue(path(Match.FOUND, false).matches(REQUEST));
    }

    @Test
    void aTargetWithoutPathHasNoPathSample() {
        final FakeRequest star = FakeRequest.of("OPTIONS * HTTP/1.1");
        assertEquals(0, star.pathLength());
        assertFalse(path(Match.FOUND, false).matches(star));
        assertFalse(path(Match.SUB, false, "").matches(star));
        final FakeRequest absolute = FakeRequest.of("GET http://example.com/x/y?z HTTP/1.1");
        assertTrue(path(Match.STR, false, "/x/y").matches(absolute));
    }

    @Test
    void methodComparesTheToken() {
        final AclTerm getOrHead = AclTerm.strings("method", Sample.METHOD, null, 0, Match.STR, false,
            List.of("GET", "HEAD"));
        assertTrue(getOrHead.matches(REQUEST));
        assertFalse(getOrHead.matches(FakeRequest.of("POST / HTTP/1.1")));
        assertFalse(getOrHead.matches(FakeRequest.of("GETX / HTTP/1.1")));
        assertFalse(getOrHead.matches(FakeRequest.of("get / HTTP/1.1")));
        assertTrue(AclTerm.strings("method", Sample.METHOD, null, 0, Match.STR, true, List.of("get"))
            .matches(FakeRequest.of("GeT / HTTP/1.1")));
        assertTrue(AclTerm.strings("method", Sample.METHOD, null, 0, Match.STR, false, List.of("PURGE"))
            .matches(FakeRequest.of("PURGE /x HTTP/1.1")));
    }

    @Test
    void headerMatchesAnyValueOfAnyLineUnlessAnOccurrenceIsGiven() {
        assertTrue(header("host", 0, Match.STR, true, "www.example.com:8080").matches(REQUEST));
        assertFalse(header("host", 0, Match.STR, false, "www.example.com:8080").matches(REQUEST));
        assertTrue(header("HOST", 0, Match.BEG, true, "www.").matches(REQUEST), "name case does not matter");
        assertTrue(header("host", 0, Match.END, false, ":8080").matches(REQUEST));
        assertTrue(header("host", 0, Match.SUB, true, "example").matches(REQUEST));
        assertTrue(header("x-tag", 0, Match.STR, false, "beta").matches(REQUEST), "second value of a line");
        assertTrue(header("x-tag", 0, Match.STR, false, "gamma").matches(REQUEST), "second line");
        assertFalse(header("x-tag", 0, Match.STR, false, "alpha, beta").matches(REQUEST), "values are split");
        assertTrue(header("x-tag", 1, Match.STR, false, "alpha").matches(REQUEST));
        assertFalse(header("x-tag", 1, Match.STR, false, "beta").matches(REQUEST));
        assertTrue(header("x-tag", -1, Match.STR, false, "gamma").matches(REQUEST));
        assertTrue(header("x-tag", -2, Match.STR, false, "beta").matches(REQUEST));
        assertFalse(header("x-tag", 4, Match.FOUND, false).matches(REQUEST));
        assertTrue(header("x-tag", 3, Match.FOUND, false).matches(REQUEST));
        assertTrue(header("x-tag", 0, Match.FOUND, false).matches(REQUEST));
        assertFalse(header("missing", 0, Match.FOUND, false).matches(REQUEST));
        assertTrue(header("empty", 0, Match.FOUND, false).matches(FakeRequest.of("GET / HTTP/1.1", "Empty:")),
            "an empty header is found");
        assertTrue(header("empty", 0, Match.STR, false, "").matches(FakeRequest.of("GET / HTTP/1.1", "Empty:")));
    }

    @Test
    void addressesMatchNetworks() {
        final AclTerm src = AclTerm.addresses("src", Sample.SRC, List.of(
            Network.of(address("10.0.0.0"), 8), Network.of(address("2001:db8::"), 32)));
        assertTrue(src.matches(FakeRequest.of("GET / HTTP/1.1").from("10.2.3.4")));
        assertTrue(src.matches(FakeRequest.of("GET / HTTP/1.1").from("2001:db8::5")));
        assertFalse(src.matches(FakeRequest.of("GET / HTTP/1.1").from("192.0.2.1")));
        assertEquals("src 10.0.0.0/8 2001:db8::/32", src.toString());
        final AclTerm dst = AclTerm.addresses("dst", Sample.DST, List.of(Network.of(address("198.51.100.1"), 32)));
        assertTrue(dst.matches(REQUEST));
        assertFalse(dst.matches(FakeRequest.of("GET / HTTP/1.1").to("198.51.100.2")));
    }

    @Test
    void constantsAndSides() {
        assertTrue(AclTerm.constant("always_true", true).matches(REQUEST));
        assertFalse(AclTerm.constant("always_false", false).matches(REQUEST));
        assertEquals(AclTerm.Side.REQUEST, path(Match.STR, false, "/").side());
        assertEquals(AclTerm.Side.RESPONSE, AclTerm.strings("res.hdr(server)", Sample.RES_HDR,
            HeaderName.of("server"), 0, Match.STR, false, List.of("x")).side());
        assertEquals(AclTerm.Side.ANY, AclTerm.constant("always_true", true).side());
        assertEquals("path -i /A /b", path(Match.STR, true, "/A", "/b").toString());
    }

    @Test
    void refusesMismatchedShapes() {
        assertThrows(IllegalArgumentException.class,
            () -> AclTerm.strings("x", Sample.SRC, null, 0, Match.STR, false, List.of()));
        assertThrows(IllegalArgumentException.class,
            () -> AclTerm.strings("x", Sample.REQ_HDR, null, 0, Match.STR, false, List.of()));
        assertThrows(IllegalArgumentException.class,
            () -> AclTerm.strings("x", Sample.PATH, null, 1, Match.STR, false, List.of()));
        assertThrows(IllegalArgumentException.class, () -> AclTerm.addresses("x", Sample.PATH, List.of()));
        assertThrows(IllegalArgumentException.class, () -> HeaderName.of("bad name"));
        assertThrows(IllegalArgumentException.class, () -> HeaderName.of(""));
    }
}
