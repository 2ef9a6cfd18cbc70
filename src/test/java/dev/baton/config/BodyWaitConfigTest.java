package dev.baton.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The refusals of {@code wait-for-body} lines, and the body fetches accepted where HAProxy accepts them. */
class BodyWaitConfigTest {
    @Test
    void refusals() {
        assertEquals(List.of(
            "t.cfg:13: 'http-request wait-for-body' expects time <time> [ at-least <bytes> ]",
            "t.cfg:14: 'http-request wait-for-body': missing argument for 'time'",
            "t.cfg:15: 'http-request wait-for-body' expects time <time> [ at-least <bytes> ]",
            "t.cfg:16: 'http-response wait-for-body at-least' expects a size such as 16k, got '1x'",
            "t.cfg:18: 'http-request set-header': failed to parse sample expression <res.body> : fetch method "
                + "'res.body' extracts information from 'HTTP response headers', none of which is "
                + "available here"),
            HttpTexts.errors(
                "listen g",                                                          // 12
                "    http-request wait-for-body",                                    // 13
                "    http-request wait-for-body time",                               // 14
                "    http-request wait-for-body at-least 1k",                        // 15
                "    http-response wait-for-body time 1s at-least 1x",               // 16
                "    http-request wait-for-body at-least 1k time 2s if METH_POST",   // 17: fine
                "    http-request set-header x %[res.body]"));                       // 18
    }
}
