package dev.baton.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * HAProxy 2.6's {@code httpclient.*} global keywords: {@code httpclient.resolvers.id NAME},
 * {@code httpclient.resolvers.prefer ipv4|ipv6}, {@code httpclient.ssl.verify none|required} and
 * {@code httpclient.ssl.ca-file FILE}. HAProxy's HTTP client serves its Lua scripts ({@code core.httpclient}) and the
 * expert-mode CLI command {@code httpclient}, neither of which baton has, so nothing in baton makes a request with
 * these settings: they are checked as HAProxy checks them (values, an explicitly named resolvers section that must
 * exist, a CA file that must open when verification is required) and have no other effect (README).
 * Config-reading thread.
 */
final class HttpClientKeywords {
    static final Set<String> KEYWORDS = Set.of("httpclient.resolvers.id", "httpclient.resolvers.prefer",
        "httpclient.ssl.verify", "httpclient.ssl.ca-file");
    /** The section HAProxy creates from /etc/resolv.conf when no section has this name: always there. */
    private static final String DEFAULT_RESOLVERS = "default";

    private String resolversId;
    private SourceLocation resolversWhere;
    private boolean verifyNone;
    private String caFile;
    private SourceLocation caFileWhere;

    void parse(final Directive d) {
        final String kw = d.keyword();
        switch (kw) {
            case "httpclient.resolvers.id" -> {
                resolversId = d.require(1, kw, "a resolvers section name");
                resolversWhere = d.where();
            }
            case "httpclient.resolvers.prefer" -> oneOf(d, "ipv4", "ipv6");
            case "httpclient.ssl.verify" -> verifyNone = oneOf(d, "none", "required").equals("none");
            case "httpclient.ssl.ca-file" -> {
                caFile = d.require(1, kw, "a CA file");
                caFileWhere = d.where();
            }
            default -> throw new IllegalArgumentException(kw);
        }
        d.noMoreThan(2, kw);
    }

    /** HAProxy's message for a value other than {@code a} or {@code b}; the value given. */
    private static String oneOf(final Directive d, final String a, final String b) {
        final String v = d.has(1) ? d.word(1) : "";
        if (!v.equals(a) && !v.equals(b)) {
            throw new LineError("'" + d.keyword() + "' expects '" + a + "' or '" + b + "' as argument");
        }
        return v;
    }

    /**
     * Once every section is read: the named resolvers section must exist, and with verification required a CA file
     * given must open (HAProxy reads it after parsing, from the starting directory). {@code @system-ca} is the
     * system's store.
     */
    void check(final Map<String, ResolversConfig> resolvers, final Diagnostics diag) {
        if (resolversId != null && !resolversId.equals(DEFAULT_RESOLVERS) && !resolvers.containsKey(resolversId)) {
            diag.error(resolversWhere, "httpclient: can't find resolvers section '" + resolversId + "'");
        }
        if (caFile != null && !verifyNone && !caFile.equals("@system-ca") && !readable(caFile)) {
            diag.error(caFileWhere, "httpclient: couldn't open the ca-file '" + caFile + "'");
        }
    }

    private static boolean readable(final String file) {
        try {
            return Files.isReadable(Path.of(file));
        } catch (final InvalidPathException e) {
            return false;
        }
    }
}
