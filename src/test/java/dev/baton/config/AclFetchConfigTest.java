package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The refusals of the {@code acl(...)} fetch: unknown names, a name declared later, loops, a place without ACLs. */
class AclFetchConfigTest {
    @Test
    void refusals() {
        assertEquals(List.of(
            "t.cfg:14: 'http-request set-var(txn.x)': failed to parse sample expression <acl(a,nope)> : "
                + "invalid args in fetch method 'acl' : ACL 'nope' not found",
            "t.cfg:15: 'http-request set-var(txn.x)': failed to parse sample expression <acl(!later)> : "
                + "invalid args in fetch method 'acl' : ACL 'later' not found",
            "t.cfg:17: error detected while parsing ACL criterion 'acl(self)' : invalid args in fetch method 'acl' : "
                + "ACL 'self' not found",
            "t.cfg:21: error detected while parsing ACL 'loop2' : have a recursive loop"),
            HttpTexts.errors(
                "listen g",                                                  // 12
                "    acl a path /a",                                         // 13
                "    http-request set-var(txn.x) acl(a,nope)",               // 14
                "    http-request set-var(txn.x) acl(!later)",               // 15
                "    acl later path /b",                                     // 16
                "    acl self acl(self)",                                    // 17
                "    acl loop1 path /x",                                     // 18
                "    acl loop2 path /y",                                     // 19
                "    acl loop1 acl(loop2)",                                  // 20
                "    acl loop2 acl(!loop1)"));                               // 21
    }
}
