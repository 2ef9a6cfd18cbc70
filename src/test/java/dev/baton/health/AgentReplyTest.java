package dev.baton.health;

import dev.baton.backend.CheckStatus;
import dev.baton.backend.Server;
import dev.baton.config.BalanceAlgorithm;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent protocol's words and HAProxy 2.6's descriptions for them (each outcome compared with
 * {@code haproxy -db} and {@code show stat}'s {@code last_agt} on a server answered by the same agent lines).
 */
class AgentReplyTest {
    private static AgentReply bytes(final String text, final boolean eof) {
        final byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return AgentReply.parse(b, b.length, eof);
    }

    @Test
    void aLineEndsAtTheFirstCrOrLfAndNeedsOne() {
        assertNull(bytes("up", false), "no line end yet: wait for more");
        assertTrue(bytes("up", true).incomplete(), "closed on a partial line");
        assertEquals("up", bytes("up\r\ndown\n", false).health());
        assertEquals("down", bytes("down\nup\n", false).health(), "only the first line counts");
        assertFalse(bytes("\n", false).incomplete());
    }

    @Test
    void wordsAreSeparatedBySpacesTabsAndCommasInAnyOrderTheLastOfAKindWinning() {
        final AgentReply r = AgentReply.parse("75%,drain\tUP  maint 50% maxconn:30 # going away ");
        assertEquals("UP", r.health(), "kept as written; matched ignoring case");
        assertEquals("maint", r.admin());
        assertEquals("50%", r.weight());
        assertEquals("30", r.maxconn());
        assertNull(r.error());
        assertEquals("going away ", r.description());
        assertEquals("bogus", AgentReply.parse("bogus up other").error(), "the first unknown word");
        assertEquals("", AgentReply.parse("down").description());
        assertNull(AgentReply.parse("x50%").weight(), "a weight starts with a digit");
        assertEquals("5%0", AgentReply.parse("5%0").weight(), "a digit first and a % anywhere");
    }

    @Test
    void healthWordsGiveL7okOrL7stsWithHaproxysDescriptions() {
        final Server s = AgentRig.server(10, true);
        assertOutcome(CheckStatus.L7OK, "via agent : up", "up", s);
        assertOutcome(CheckStatus.L7STS, "via agent : down", "down", s);
        assertOutcome(CheckStatus.L7STS, "via agent : stopped", "stopped", s);
        assertOutcome(CheckStatus.L7STS, "via agent : fail (broken disk)", "fail # broken disk", s);
        assertOutcome(CheckStatus.L7STS, "via agent : down (junk)", "junk down", s);
        assertOutcome(CheckStatus.L7STS, "via agent : down (reason)", "junk down #reason", s);
        assertOutcome(CheckStatus.L7OK, "via agent : up (garbage)", "up maxconn:10 garbage # ignored", s);
        assertOutcome(CheckStatus.L7OK, "via agent : up (Trailing garbage in weight string)", "up 5%0", s);
    }

    @Test
    void withoutAHealthWordTheStatusIsCheckedWithAnErrorOrAWarning() {
        final Server s = AgentRig.server(10, true);
        assertOutcome(CheckStatus.CHECKED, null, "75%", s);
        assertOutcome(CheckStatus.CHECKED, null, "", s);
        assertOutcome(CheckStatus.CHECKED, "agent reports an error : hello", "hello 50%x", s);
        assertOutcome(CheckStatus.CHECKED, "agent warns : Trailing garbage in weight string", "50%x", s);
        assertOutcome(CheckStatus.CHECKED, "agent warns : maxconn string empty or preceded by garbage",
            "maxconn:x", s);
        assertOutcome(CheckStatus.CHECKED, "agent warns : Require <maxconn>.", "maxconn:", s);
    }

    @Test
    void weightIsRelativeToTheConfiguredOneAndCapped() {
        final Server s = AgentRig.server(10, true);
        AgentReply.parse("75%").apply(s);
        assertEquals(7, s.weight(), "10 x 75 / 100, rounded down");
        AgentReply.parse("0%").apply(s);
        assertEquals(0, s.weight());
        assertFalse(s.isEligible(), "weight 0: no new traffic");
        AgentReply.parse("100000%").apply(s);
        assertEquals(256, s.weight());
        AgentReply.parse("100%").apply(s);
        assertEquals(10, s.weight());
        assertTrue(s.isEligible());
        AgentReply.parse("maxconn:25").apply(s);
        assertEquals(25, s.maxconn());
    }

    @Test
    void staticRoundRobinOnlyTakesZeroAndFullWeight() {
        final Server s = AgentRig.server(BalanceAlgorithm.STATIC_RR, 10, true, 9999, false);
        assertOutcome(CheckStatus.CHECKED,
            "agent warns : Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.", "50%", s);
        assertEquals(10, s.weight());
        AgentReply.parse("0%").apply(s);
        assertEquals(0, s.weight());
    }

    @Test
    void adminWordsSetTheServersStateAsSetServerStateWould() {
        final Server s = AgentRig.server(10, true);
        AgentReply.parse("drain").apply(s);
        assertEquals(Server.AdminState.DRAIN, s.adminState());
        AgentReply.parse("MAINT").apply(s);
        assertEquals(Server.AdminState.MAINT, s.adminState(), "maint replaces drain");
        AgentReply.parse("ready").apply(s);
        assertEquals(Server.AdminState.READY, s.adminState());
        s.adminState(Server.AdminState.DRAIN);
        AgentReply.parse("ready").apply(s);
        assertEquals(Server.AdminState.READY, s.adminState(), "ready clears a drain however it was set");
    }

    private static void assertOutcome(final CheckStatus status, final String description, final String line,
                                      final Server s) {
        final AgentReply.Outcome o = AgentReply.parse(line).apply(s);
        assertEquals(status, o.status(), line);
        assertEquals(description, o.description(), line);
    }
}
