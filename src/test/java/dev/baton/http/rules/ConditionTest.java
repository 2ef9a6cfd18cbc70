package dev.baton.http.rules;

import dev.baton.http.rules.AclTerm.Match;
import dev.baton.http.rules.AclTerm.Sample;
import dev.baton.http.text.HeaderName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConditionTest {
    private static final List<AclTerm> TRUE = List.of(AclTerm.constant("always_true", true));
    private static final List<AclTerm> FALSE = List.of(AclTerm.constant("always_false", false));
    private static final FakeRequest REQUEST = FakeRequest.of("GET /api HTTP/1.1", "Host: a");

    private static boolean test(final Condition.Builder b, final boolean unless) {
        return b.build(unless, "test").test(REQUEST);
    }

    @Test
    void noneAlwaysPasses() {
        assertTrue(Condition.NONE.test(REQUEST));
        assertEquals("", Condition.NONE.toString());
    }

    @Test
    void juxtapositionIsAnd() {
        assertTrue(test(new Condition.Builder().acl(TRUE, false).acl(TRUE, false), false));
        assertFalse(test(new Condition.Builder().acl(TRUE, false).acl(FALSE, false), false));
        assertFalse(test(new Condition.Builder().acl(FALSE, false).acl(TRUE, false), false));
    }

    @Test
    void orJoinsSuitesAndAndBindsTighter() {
        // false true || true  → (false AND true) OR true
        assertTrue(test(new Condition.Builder().acl(FALSE, false).acl(TRUE, false).or().acl(TRUE, false), false));
        // true || false true → true OR (false AND true)
        assertTrue(test(new Condition.Builder().acl(TRUE, false).or().acl(FALSE, false).acl(TRUE, false), false));
        // false || true false → false
        assertFalse(test(new Condition.Builder().acl(FALSE, false).or().acl(TRUE, false).acl(FALSE, false), false));
        // an empty suite (a leading or doubled 'or') changes nothing
        assertFalse(test(new Condition.Builder().or().acl(FALSE, false).or().or(), false));
    }

    @Test
    void negationAndUnless() {
        assertTrue(test(new Condition.Builder().acl(FALSE, true), false));
        assertFalse(test(new Condition.Builder().acl(TRUE, true), false));
        assertFalse(test(new Condition.Builder().acl(TRUE, false), true));
        assertTrue(test(new Condition.Builder().acl(TRUE, false).acl(FALSE, false), true));
    }

    @Test
    void anAclIsTheOrOfItsTermsAndAnEmptyAclNeverMatches() {
        assertTrue(test(new Condition.Builder().acl(List.of(FALSE.get(0), TRUE.get(0)), false), false));
        assertFalse(test(new Condition.Builder().acl(List.of(), false), false));
        assertTrue(test(new Condition.Builder().acl(List.of(), true), false));
        final AclTerm api = AclTerm.strings("path_beg", Sample.PATH, null, 0, Match.BEG, false, List.of("/api"));
        final AclTerm host = AclTerm.strings("hdr(host)", Sample.REQ_HDR, HeaderName.of("host"), 0, Match.STR,
            false, List.of("b"));
        assertTrue(test(new Condition.Builder().acl(List.of(host, api), false), false));
        assertFalse(test(new Condition.Builder().acl(List.of(host), false).acl(List.of(api), false), false));
        assertEquals("if a b", new Condition.Builder().acl(TRUE, false).build(false, "if a b").toString());
    }
}
