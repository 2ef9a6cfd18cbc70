package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every refusal of {@code acl} lines and conditions, with its location. */
class AclErrorsTest {
    @Test
    void aclLines() {
        assertEquals(List.of(
            "t.cfg:13: 'acl' expects a name, a criterion and patterns such as is_api path_beg /api",
            "t.cfg:14: 'acl' expects a name made of letters, digits and '_.:-', got 'a/b'",
            "t.cfg:15: 'acl a' expects a criterion such as path_beg and patterns",
            "t.cfg:16: unknown ACL criterion 'path_begin'; did you mean 'path_beg'?",
            "t.cfg:17: unknown ACL criterion 'url_bog'; did you mean 'url_beg'?",
            "t.cfg:18: failed to open pattern file </etc/paths.lst>",
            "t.cfg:19: '-x' is not a valid ACL option. Please use '--' before any pattern beginning with a '-'",
            "t.cfg:20: '-m' expects one of found, bool, int, ip, bin, len, str, sub, reg, beg, end, dir, dom",
            "t.cfg:21: matching method 'str' cannot be used with fetch keyword 'path_beg'",
            "t.cfg:22: error in regex '^/(api' : Unclosed group in ACL expression 'path'",
            "t.cfg:23: unknown matching method 'exact' when parsing ACL expression",
            "t.cfg:24: 'path' expects at least one pattern",
            "t.cfg:25: 'localhost' is not a valid IPv4 or IPv6 address in ACL expression 'src'",
            "t.cfg:26: 'src' expects at least one pattern",
            "t.cfg:27: error detected while parsing ACL criterion 'hdr' : fetch method 'hdr' : missing arguments "
                + "(got 0/1)",
            "t.cfg:28: error detected while parsing ACL criterion 'hdr()' : fetch method 'hdr' : missing arguments "
                + "(got 0/1)",
            "t.cfg:29: error detected while parsing ACL criterion 'hdr(host,1,2)' : fetch method 'hdr' : end of "
                + "arguments expected at position 3, but got '2'",
            "t.cfg:30: error detected while parsing ACL criterion 'hdr(host,x)' : invalid args in fetch method "
                + "'hdr' : failed to parse 'x' as type 'integer' at position 2",
            "t.cfg:31: error detected while parsing ACL criterion 'hdr(host),lowr' : unknown converter 'lowr'",
            "t.cfg:32: error detected while parsing ACL criterion 'path(x)' : fetch method 'path' : no argument "
                + "supported, but got 'x'",
            "t.cfg:33: 'always_true' cannot handle unexpected argument 'yes'",
            "t.cfg:34: error detected while parsing ACL criterion 'hdr_beg(host' : fetch method 'hdr' : expected ')'",
            "t.cfg:35: '-M' must be followed by '-f FILE' (a map file whose keys are the patterns)",
            "t.cfg:37: 'acl' in a 'defaults' section is not implemented yet"),
            HttpTexts.errors(
                "listen g",                             // 12
                "    acl",                              // 13
                "    acl a/b path /",                   // 14
                "    acl a",                            // 15
                "    acl a path_begin /api",            // 16
                "    acl a url_bog",                    // 17
                "    acl a path -f /etc/paths.lst",     // 18
                "    acl a path -x /api",               // 19
                "    acl a path -m",                    // 20
                "    acl a path_beg -m str /api",       // 21
                "    acl a path -m reg ^/(api",         // 22
                "    acl a path -m exact /api",         // 23
                "    acl a path -i",                    // 24
                "    acl a src localhost",              // 25
                "    acl a src",                        // 26
                "    acl a hdr -i x",                   // 27
                "    acl a hdr() x",                    // 28
                "    acl a hdr(host,1,2) x",            // 29
                "    acl a hdr(host,x) x",              // 30
                "    acl a hdr(host),lowr x",           // 31
                "    acl a path(x) /",                  // 32
                "    acl a always_true yes",            // 33
                "    acl a hdr_beg(host x",             // 34
                "    acl a src -M x",                   // 35
                "defaults",                             // 36
                "    acl a path /"));                   // 37
    }

    @Test
    void patternsAfterMFoundAreIgnoredWithAWarning() throws ConfigException {
        assertEquals(List.of("t.cfg:6: patterns after '-m found' are ignored"),
            ConfigTexts.warnings(HttpTexts.inFrontend("    acl a hdr(x) -m found yes")));
    }

    @Test
    void conditions() {
        assertEquals(List.of(
            "t.cfg:14: unknown ACL 'is_apy'; did you mean 'is_api'?",
            "t.cfg:15: unknown ACL 'later'",
            "t.cfg:17: missing closing '}' in condition",
            "t.cfg:18: empty anonymous ACL '{ }' in condition",
            "t.cfg:19: 'if' expects a condition such as is_api or { path_beg /api }",
            "t.cfg:20: 'unless' expects a condition such as is_api or { path_beg /api }",
            "t.cfg:21: unexpected '}' in condition",
            "t.cfg:22: unknown ACL 'x'",
            "t.cfg:23: 'use_backend' cannot handle unexpected argument 'when'",
            "t.cfg:24: 'use_backend': failed to parse sample expression <req.hdr(host> : fetch method 'req.hdr' : "
                + "expected ')'",
            "t.cfg:25: 'use_backend' expects a name made of letters, digits and '_.:-', got 'a/b'",
            "t.cfg:26: 'use_backend' expects a name made of letters, digits and '_.:-'",
            "t.cfg:27: unknown ACL criterion 'nope'"),
            HttpTexts.errors(
                "listen g",                                     // 12
                "    acl is_api path_beg /api",                 // 13
                "    use_backend b if is_apy",                  // 14
                "    use_backend b if later",                   // 15
                "    acl later path /later",                    // 16
                "    use_backend b if { path_beg /api",         // 17
                "    use_backend b if { }",                     // 18
                "    use_backend b if",                         // 19
                "    use_backend b unless ! or",                // 20
                "    use_backend b if is_api }",                // 21
                "    tcp-request content reject if WAIT_END x", // 22
                "    use_backend b when is_api",                // 23
                "    use_backend be_%[req.hdr(host]",           // 24
                "    use_backend a/b",                          // 25
                "    use_backend",                              // 26
                "    use_backend b if { nope x }"));            // 27
    }
}
