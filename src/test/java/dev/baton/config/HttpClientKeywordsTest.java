package dev.baton.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HAProxy 2.6's {@code httpclient.*} global keywords: checked as HAProxy checks them (see HttpClientKeywords). */
class HttpClientKeywordsTest {
    @TempDir
    Path dir;

    private static String[] config(final String... global) {
        return ConfigTexts.concat(List.of(ConfigTexts.inGlobal(global)), "resolvers dns",
            "    nameserver ns 127.0.0.1:53");
    }

    @Test
    void valuesHaproxyAcceptsLoad() throws Exception {
        final Path ca = Files.writeString(dir.resolve("ca.pem"), "");
        ConfigTexts.parse(config("    httpclient.resolvers.prefer ipv4", "    httpclient.resolvers.prefer ipv6",
            "    httpclient.resolvers.id dns", "    httpclient.ssl.verify required",
            "    httpclient.ssl.ca-file " + ca));
        ConfigTexts.parse(config("    httpclient.resolvers.id default", "    httpclient.ssl.ca-file @system-ca"));
        ConfigTexts.parse(config("    httpclient.ssl.verify none", "    httpclient.ssl.ca-file /nonexistent.pem"));
    }

    @Test
    void refusalsSayWhatHaproxySays() {
        assertEquals(List.of("t.cfg:2: 'httpclient.resolvers.prefer' expects 'ipv4' or 'ipv6' as argument"),
            ConfigTexts.errors(config("    httpclient.resolvers.prefer ipv5")));
        assertEquals(List.of("t.cfg:2: 'httpclient.resolvers.prefer' expects 'ipv4' or 'ipv6' as argument"),
            ConfigTexts.errors(config("    httpclient.resolvers.prefer")));
        assertEquals(List.of("t.cfg:2: 'httpclient.ssl.verify' expects 'none' or 'required' as argument"),
            ConfigTexts.errors(config("    httpclient.ssl.verify maybe")));
        final List<String> extra = ConfigTexts.errors(config("    httpclient.resolvers.prefer ipv4 extra"));
        assertEquals(1, extra.size());
        assertTrue(extra.get(0).contains("'extra'"), extra.get(0));
        assertEquals(List.of("t.cfg:2: httpclient: can't find resolvers section 'nosuch'"),
            ConfigTexts.errors(config("    httpclient.resolvers.id nosuch")));
        assertEquals(List.of("t.cfg:2: httpclient: couldn't open the ca-file '/nonexistent.pem'"),
            ConfigTexts.errors(config("    httpclient.ssl.ca-file /nonexistent.pem")));
    }
}
