package dev.baton.config;

import dev.baton.sample.match.PatternRef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A pattern file is read once per load and shared by every ACL and map converter naming it, as HAProxy's pattern
 * references are; one file cannot be both an ACL's one-column pattern list and a two-column map.
 */
class PatternFileUsesTest {
    @TempDir
    Path tmp;

    @Test
    void aFileIsOneReferenceForAllItsUsers() throws Exception {
        final Path map = Files.writeString(tmp.resolve("hosts.map"), "a.test be_a\nb.test be_b\n");
        final BatonConfig config = ConfigLoader.parse("t.cfg", String.join("\n",
            "defaults",
            "    mode http",
            "frontend fe",
            "    bind :8080",
            "    acl known req.hdr(host) -M -f " + map,
            "    http-request set-header X-Be %[req.hdr(host),map(" + map + ",none)]",
            "    http-request set-header X-Beg %[req.hdr(host),map_beg(" + map + ")]",
            "    http-request deny if !known",
            "    default_backend be",
            "backend be",
            "    server s 127.0.0.1:8081",
            ""), java.util.Map.of());
        final PatternRef ref = config.patterns().find(map.toString(), "map");
        assertEquals(0, ref.id());
        assertTrue(ref.usedAs("acl"));
        assertEquals(List.of("a.test", "b.test"), ref.entries(0).stream().map(PatternRef.Entry::key).toList());
        assertEquals("0 (" + map + ") pattern loaded from file '" + map + "' used by acl at file 't.cfg' line 5, by "
            + "map at file 't.cfg' line 6, by map at file 't.cfg' line 7. curr_ver=0 next_ver=0 entry_cnt=2",
            ref.listLine());
        assertEquals(ref, config.patterns().find("#0", "acl"));
    }

    @Test
    void aPatternListIsNotAMap() throws Exception {
        final Path list = Files.writeString(tmp.resolve("hosts.lst"), "a.test\n");
        final List<String> errors = HttpTexts.errors(
            "listen g",
            "    acl known req.hdr(host) -f " + list,
            "    http-request set-header X-Be %[req.hdr(host),map(" + list + ")]",
            "    http-request deny if !known");
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("t.cfg:14: ") && errors.get(0).contains("The file \"" + list
            + "\" is already used as one column file and cannot be used by as two column file."), errors.get(0));
    }
}
