package dev.baton.config;

import dev.baton.http.rules.FakeRequest;
import dev.baton.http.rules.RequestView;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code acl} lines, {@code if|unless} conditions and {@code use_backend}: each case parses a frontend whose
 * switches name the backends, then routes requests through them (the first switch that passes wins, else
 * the default backend).
 */
class AclAndUseBackendTest {
    /** Lines 1-12: backends yes, no, other (http); then an http frontend 'f' from line 13 with {@code lines}. */
    private static List<String> config(final String... lines) {
        final List<String> all = new ArrayList<>(List.of(
            "defaults",                     // 1
            "    mode http",                // 2
            "    timeout client 1s",        // 3
            "    timeout connect 1s",       // 4
            "    timeout server 1s",        // 5
            "backend yes",                  // 6
            "    server s 127.0.0.1:1",     // 7
            "backend no",                   // 8
            "    server s 127.0.0.1:2",     // 9
            "backend other",                // 10
            "    server s 127.0.0.1:3",     // 11
            "    # spare line",             // 12
            "frontend f",                   // 13
            "    bind :80",                 // 14
            "    default_backend no"));     // 15
        all.addAll(List.of(lines));
        return all;
    }

    private static BatonConfig parse(final String... lines) throws ConfigException {
        return ConfigTexts.parse(config(lines).toArray(new String[0]));
    }

    private static List<String> errors(final String... lines) {
        return ConfigTexts.errors(config(lines).toArray(new String[0]));
    }

    /** Where frontend f sends {@code request}. */
    private static String route(final BatonConfig config, final RequestView request) {
        final ProxyConfig f = config.frontends().get(0);
        for (final BackendSwitch s : f.http().useBackends()) {
            if (s.condition().test(request)) {
                return s.backend();
            }
        }
        return f.defaultBackend();
    }

    /** Routes each request with a frontend holding {@code acl} lines then {@code use_backend yes if ...}. */
    private static List<String> routes(final List<String> lines, final RequestView... requests)
        throws ConfigException {
        final BatonConfig config = parse(lines.toArray(new String[0]));
        final List<String> out = new ArrayList<>();
        for (final RequestView r : requests) {
            out.add(route(config, r));
        }
        return out;
    }

    private static FakeRequest get(final String path, final String... headers) {
        return FakeRequest.of("GET " + path + " HTTP/1.1", headers);
    }

    @Test
    void pathCriteria() throws ConfigException {
        final FakeRequest[] requests = {get("/api/users.json?x=1"), get("/static/app.js"), get("/API/x")};
        assertEquals(List.of("no", "no", "no"), routes(List.of("    acl a path /api", "    use_backend yes if a"),
            requests));
        assertEquals(List.of("yes", "no", "no"), routes(List.of("    acl a path /api/users.json",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "no", "no"), routes(List.of("    acl a path_beg /api/",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "no", "yes"), routes(List.of("    acl a path_beg -i /api/",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "yes", "no"), routes(List.of("    acl a path_end .json .js",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("no", "yes", "no"), routes(List.of("    acl a path_sub /app",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "yes", "yes"), routes(List.of("    acl a path -m found",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "no", "no"), routes(List.of("    acl a path -m beg /api",
            "    use_backend yes if a"), requests));
    }

    @Test
    void methodAndHeaderCriteria() throws ConfigException {
        final FakeRequest[] requests = {
            FakeRequest.of("POST / HTTP/1.1", "Host: WWW.example.com", "X-Tag: a, b"),
            FakeRequest.of("GET / HTTP/1.1", "Host: api.example.org:8080"),
            FakeRequest.of("DELETE / HTTP/1.1", "X-Tag: c", "X-Tag: -x")};
        assertEquals(List.of("yes", "no", "yes"), routes(List.of("    acl a method POST DELETE",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "no", "no"), routes(List.of("    acl a hdr(host) -i www.example.com",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("no", "no", "no"), routes(List.of("    acl a hdr(host) www.example.com",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("no", "yes", "no"), routes(List.of("    acl a req.hdr(Host) -m beg api.",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "yes", "no"), routes(List.of("    acl a hdr_beg(host) -i www. api",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("no", "yes", "no"), routes(List.of("    acl a hdr_end(host) :8080",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "yes", "no"), routes(List.of("    acl a hdr_sub(host) -i example",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "no", "yes"), routes(List.of("    acl a hdr(x-tag) -m found",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "no", "no"), routes(List.of("    acl a hdr(x-tag) b",
            "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "no", "yes"), routes(List.of("    acl a hdr(x-tag,1) a c",
            "    use_backend yes if a"), requests), "the first value only");
        assertEquals(List.of("no", "no", "yes"), routes(List.of("    acl a hdr(x-tag,1) b c",
            "    use_backend yes if a"), requests), "b is not the first value");
        assertEquals(List.of("yes", "no", "yes"), routes(List.of("    acl a hdr(x-tag,-1) b -x",
            "    use_backend yes if a"), requests), "the last value; '-x' after a pattern is a pattern");
        assertEquals(List.of("no", "no", "yes"), routes(List.of("    acl a hdr(x-tag) -- -x",
            "    use_backend yes if a"), requests));
    }

    @Test
    void addressAndConstantCriteria() throws ConfigException {
        final FakeRequest[] requests = {
            get("/").from("10.1.2.3"), get("/").from("192.0.2.1"), get("/").from("2001:db8::1"),
            get("/").from("127.0.0.1").to("10.0.0.80")};
        assertEquals(List.of("yes", "no", "yes", "no"), routes(List.of(
            "    acl a src 10.0.0.0/8 2001:db8::/32", "    use_backend yes if a"), requests));
        assertEquals(List.of("no", "yes", "no", "no"), routes(List.of(
            "    acl a src 192.0.2.1", "    use_backend yes if a"), requests));
        assertEquals(List.of("yes", "no", "no", "no"), routes(List.of(
            "    acl a src 10.1.0.0/255.255.0.0", "    use_backend yes if a"), requests));
        assertEquals(List.of("no", "no", "no", "yes"), routes(List.of(
            "    acl a dst 10.0.0.80", "    use_backend yes if a"), requests));
        assertEquals(List.of("no", "no", "no", "yes"), routes(List.of(
            "    use_backend yes if LOCALHOST"), requests));
        assertEquals(List.of("yes", "yes", "yes", "yes"), routes(List.of(
            "    acl a always_true", "    use_backend yes if a"), requests));
        assertEquals(List.of("no", "no", "no", "no"), routes(List.of(
            "    acl a always_false", "    use_backend yes if a"), requests));
    }

    @Test
    void severalPatternsAndSeveralLinesOfOneAclAreOr() throws ConfigException {
        final FakeRequest[] requests = {get("/a"), get("/b"), get("/c"), get("/d")};
        assertEquals(List.of("yes", "yes", "yes", "no"), routes(List.of(
            "    acl abc path /a /b",
            "    use_backend yes if abc",
            "    acl abc path /c"), requests), "a line after the rule still counts");
    }

    @Test
    void conditionsCombineAsInHaproxy() throws ConfigException {
        final List<String> acls = List.of(
            "    acl api path_beg /api",
            "    acl post method POST",
            "    acl local src 127.0.0.0/8");
        final FakeRequest[] requests = {
            FakeRequest.of("POST /api HTTP/1.1").from("127.0.0.1"),
            FakeRequest.of("GET /api HTTP/1.1").from("127.0.0.1"),
            FakeRequest.of("POST /x HTTP/1.1").from("10.0.0.1"),
            FakeRequest.of("GET /x HTTP/1.1").from("10.0.0.1")};
        assertEquals(List.of("yes", "no", "no", "no"), routes(with(acls, "use_backend yes if api post"), requests));
        assertEquals(List.of("no", "yes", "no", "no"), routes(with(acls, "use_backend yes if api !post"), requests));
        assertEquals(List.of("no", "yes", "no", "no"), routes(with(acls, "use_backend yes if api ! post"), requests));
        assertEquals(List.of("yes", "no", "no", "no"), routes(with(acls, "use_backend yes if api !!post"), requests));
        assertEquals(List.of("yes", "yes", "yes", "no"), routes(with(acls, "use_backend yes if api || post"),
            requests));
        assertEquals(List.of("yes", "yes", "yes", "no"), routes(with(acls, "use_backend yes if api OR post"),
            requests));
        assertEquals(List.of("yes", "no", "yes", "no"), routes(with(acls, "use_backend yes if api post or post"),
            requests));
        assertEquals(List.of("yes", "yes", "yes", "no"), routes(with(acls,
            "use_backend yes if local api or !local !api post"), requests));
        assertEquals(List.of("yes", "yes", "no", "no"), routes(with(acls, "use_backend yes if post local or api"),
            requests), "AND binds tighter than OR: (post local) or api");
        assertEquals(List.of("no", "no", "yes", "yes"), routes(with(acls, "use_backend yes unless local"), requests));
        assertEquals(List.of("no", "no", "no", "yes"), routes(with(acls, "use_backend yes unless api or post"),
            requests));
        assertEquals(List.of("yes", "yes", "yes", "yes"), routes(with(acls, "use_backend yes"), requests));
    }

    @Test
    void anonymousAclsAndPredefinedOnes() throws ConfigException {
        final FakeRequest[] requests = {
            FakeRequest.of("GET /api HTTP/1.1", "Host: a"), FakeRequest.of("HEAD /x HTTP/1.1"),
            FakeRequest.of("POST /api HTTP/1.1")};
        assertEquals(List.of("yes", "no", "yes"), routes(List.of("    use_backend yes if { path_beg /api }"),
            requests));
        assertEquals(List.of("no", "yes", "no"), routes(List.of("    use_backend yes if !{ path_beg /api }"),
            requests));
        assertEquals(List.of("yes", "no", "no"), routes(List.of(
            "    use_backend yes if { path_beg /api } { hdr(host) -m found }"), requests));
        assertEquals(List.of("yes", "yes", "no"), routes(List.of("    use_backend yes if METH_GET"), requests));
        assertEquals(List.of("no", "no", "yes"), routes(List.of("    use_backend yes if METH_POST || FALSE"),
            requests));
        assertEquals(List.of("yes", "yes", "yes"), routes(List.of("    use_backend yes if TRUE HTTP"), requests));
        assertEquals(List.of("no", "no", "yes"), routes(List.of("    acl METH_GET method POST",
            "    use_backend yes if METH_GET"), requests), "a proxy ACL hides a predefined one");
    }

    @Test
    void useBackendRulesApplyInOrderAndTheFirstMatchWins() throws ConfigException {
        final BatonConfig config = parse(
            "    acl api path_beg /api",
            "    use_backend other if api { method POST }",
            "    use_backend yes if api",
            "    use_backend other if { path /other }");
        assertEquals("other", route(config, FakeRequest.of("POST /api HTTP/1.1")));
        assertEquals("yes", route(config, FakeRequest.of("GET /api HTTP/1.1")));
        assertEquals("other", route(config, FakeRequest.of("GET /other HTTP/1.1")));
        assertEquals("no", route(config, FakeRequest.of("GET / HTTP/1.1")));
        final List<BackendSwitch> switches = config.frontends().get(0).http().useBackends();
        assertEquals(3, switches.size());
        assertEquals(new SourceLocation("t.cfg", 17), switches.get(0).where());
        assertEquals("if api { method POST }", switches.get(0).condition().toString());
        assertEquals(List.of(), ConfigTexts.render(config.warnings()));
    }

    @Test
    void responseCriteriaNeverMatchInUseBackendRules() throws ConfigException {
        final BatonConfig config = parse(
            "    acl server res.hdr(server) -m found",                  // 16
            "    acl mixed shdr(server) nginx",                         // 17
            "    acl mixed path /mixed",                                // 18
            "    use_backend yes if server",                            // 19
            "    use_backend other if mixed || { shdr_sub(x) y }");     // 20
        assertEquals(List.of(
            "t.cfg:19: acl 'server' will never match because it only involves keywords that are incompatible "
                + "with 'use_backend' rules",
            "t.cfg:20: acl 'mixed' involves keyword 'shdr(server)' which is incompatible with 'use_backend' rules",
            "t.cfg:20: anonymous acl will never match because it only involves keywords that are incompatible "
                + "with 'use_backend' rules"),
            ConfigTexts.render(config.warnings()));
        assertEquals("no", route(config, get("/", "Server: x")));
        assertEquals("other", route(config, get("/mixed")));
    }

    @Test
    void useBackendTargetsAreChecked() {
        assertEquals(List.of(
            "t.cfg:16: use_backend 'nope': no such backend",
            "t.cfg:17: use_backend 'f': no such backend",
            "t.cfg:21: use_backend 'l': a proxy cannot switch to itself",
            "t.cfg:22: unable to use tcp backend 'raw' (t.cfg:24) from http listen 'l': both must have the same "
                + "'mode'",
            "t.cfg:33: 'use_backend' is not allowed in a 'backend' section",
            "t.cfg:36: 'use_backend' is not allowed in a 'defaults' section"),
            errors(
                "    use_backend nope",                // 16
                "    use_backend f if TRUE",           // 17 a frontend is not a backend
                "listen l",                            // 18
                "    bind :81",                        // 19
                "    server s 127.0.0.1:4",            // 20
                "    use_backend l",                   // 21
                "    use_backend raw",                 // 22
                "    use_backend other",               // 23
                "backend raw",                         // 24
                "    mode tcp",                        // 25
                "    server s 127.0.0.1:5",            // 26
                "frontend t",                          // 27
                "    use_backend raw",                 // 28
                "    mode tcp",                        // 29
                "    bind :82",                        // 30
                "    default_backend raw",             // 31
                "backend b2",                          // 32
                "    use_backend raw",                 // 33
                "    server s 127.0.0.1:6",            // 34
                "defaults",                            // 35
                "    use_backend raw"));               // 36
    }

    private static List<String> with(final List<String> acls, final String rule) {
        final List<String> out = new ArrayList<>(acls);
        out.add("    " + rule);
        return out;
    }
}
