package dev.baton.config;

import dev.baton.http.rules.FakeRequest;
import dev.baton.http.rules.HttpRule;
import dev.baton.http.rules.StatusRule;
import dev.baton.http.rules.VarRule;
import dev.baton.sample.Sample;
import dev.baton.sample.Scratch;
import dev.baton.sample.vars.VarNames;
import dev.baton.sample.vars.VarScope;
import dev.baton.sample.vars.VarStore;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code set-var}, {@code set-var-fmt}, {@code unset-var}, {@code set-status}, {@code http-after-response}, global
 * {@code set-var}: what they parse into, what they do, and the lines refused. */
class VarRulesConfigTest {
    @Test
    void variableRulesParseAndRunInOrder() throws ConfigException {
        final BatonConfig config = ConfigTexts.parse(HttpTexts.inFrontend(
            "    http-request set-var(txn.host,ifnotempty,ifnotset) req.hdr(host),lower if { path_beg /api }",
            "    http-request set-var-fmt(req.both) \"%[var(txn.host)]/%[path]\"",
            "    http-request unset-var(txn.host) if { path_end /drop }",
            "    http-response set-status 404 reason \"Not here\" if { status 200 }",
            "    http-after-response set-status 503",
            "    http-after-response set-header X-After 1 unless { status 200 }"));
        final List<HttpRule> request = config.frontends().get(0).http().requestRules();
        assertEquals(List.of("SET_VAR", "SET_VAR_FMT", "UNSET_VAR"), request.stream().map(r -> r.kind().name())
            .toList());
        final VarRule set = (VarRule) request.get(0);
        assertEquals(VarScope.TXN, set.var().scope());
        assertEquals(VarStore.IF_NOT_EMPTY | VarStore.IF_NOT_SET, set.conditions());
        final StatusRule status = (StatusRule) config.frontends().get(0).http().responseRules().get(0);
        assertEquals(404, status.status());
        assertEquals("Not here", status.reason());
        final List<HttpRule> after = config.frontends().get(0).http().afterResponseRules();
        assertEquals("Service Unavailable", ((StatusRule) after.get(0)).reason());
        assertEquals(List.of("SET_STATUS", "SET_HEADER"), after.stream().map(r -> r.kind().name()).toList());

        final FakeRequest r = FakeRequest.of("GET /api/drop HTTP/1.1", "Host: Example.COM");
        final ByteBuffer text = ByteBuffer.allocate(256);
        final Sample s = new Sample();
        for (final HttpRule rule : request.subList(0, 2)) {
            if (rule.condition().test(r)) {
                ((VarRule) rule).apply(r, text);
            }
        }
        assertTrue(r.vars().get(set.var(), s, Scratch.forThread()));
        assertEquals("example.com", s.toString());
        assertTrue(r.vars().get(((VarRule) request.get(1)).var(), s, Scratch.forThread()));
        assertEquals("example.com//api/drop", s.toString());
        ((VarRule) request.get(0)).apply(FakeRequest.of("GET / HTTP/1.1", "Host: other"), text);
        if (request.get(2).condition().test(r)) {
            ((VarRule) request.get(2)).apply(r, text);
        }
        assertFalse(r.vars().get(set.var(), s, Scratch.forThread()), "unset-var removed it");
        r.vars().beginResponse();
        assertFalse(r.vars().get(((VarRule) request.get(1)).var(), s, Scratch.forThread()),
            "request variables are gone once the response is processed");
    }

    @Test
    void globalSetVarSetsProcessVariablesAtLoad() throws ConfigException {
        ConfigTexts.parse(ConfigTexts.inGlobal(
            "    set-var proc.vrc_base int(40)",
            "    set-var proc.vrc_sum int(2),add(proc.vrc_base)",
            "    set-var-fmt proc.vrc_text \"on %[var(proc.vrc_sum)]\""));
        final Sample s = new Sample();
        assertTrue(VarNames.proc().get(VarNames.resolve("proc.vrc_sum").slot(), s, Scratch.forThread()));
        assertEquals(42, s.number());
        assertTrue(VarNames.proc().get(VarNames.resolve("proc.vrc_text").slot(), s, Scratch.forThread()));
        assertEquals("on 42", s.toString());
    }

    @Test
    void refusedLines() {
        assertEquals(List.of(
            "t.cfg:6: 'http-request set-var(txn-x)': invalid variable name 'txn-x'. A variable name must be start by "
                + "its scope. The scope can be 'proc', 'sess', 'txn', 'req', 'res' or 'check'",
            "t.cfg:7: 'http-request set-var(txn.a-b)': invalid syntax at char '-b'",
            "t.cfg:8: 'http-request set-var(check.x)': variable 'check.x': the 'check' scope belongs to http-check "
                + "and tcp-check rules that set variables, which baton does not run; use 'txn', 'sess' or 'proc'",
            "t.cfg:9: 'http-request set-var(txn.x,ifbig)': unknown condition \"ifbig\"",
            "t.cfg:10: 'http-request': unset-var does not expect parameters after the variable name. Only "
                + "\"set-var\" and \"set-var-fmt\" manage conditions",
            "t.cfg:11: 'http-request': invalid or incomplete action 'set-varx'. Expects 'set-var(<var-name>)', "
                + "'set-var-fmt(<var-name>)' or 'unset-var(<var-name>)'",
            "t.cfg:12: 'http-request set-var(txn.x)' expects a sample expression",
            "t.cfg:13: 'http-response set-var(txn.x)': failed to parse sample expression <req.hdr(host)> : fetch "
                + "method 'req.hdr' extracts information from 'HTTP request headers', none of which is available here",
            "t.cfg:14: 'http-response set-status' expects an integer status code between 100 and 999",
            "t.cfg:15: 'http-response set-status' expects an integer status code between 100 and 999",
            "t.cfg:16: unknown 'http-request' action 'set-status'",
            "t.cfg:17: 'http-after-response replace-header' is a HAProxy keyword that baton does not implement yet",
            "t.cfg:18: unknown 'http-after-response' action 'deny'",
            "t.cfg:19: matching method must be specified first (using '-m') when using a sample fetch of this type "
                + "('var')"),
            ConfigTexts.errors(HttpTexts.inFrontend(
                "    http-request set-var(txn-x) int(1)",                        // 6
                "    http-request set-var(txn.a-b) int(1)",                      // 7
                "    http-request set-var(check.x) int(1)",                      // 8
                "    http-request set-var(txn.x,ifbig) int(1)",                  // 9
                "    http-request unset-var(txn.x,ifset)",                       // 10
                "    http-request set-varx int(1)",                              // 11
                "    http-request set-var(txn.x)",                               // 12
                "    http-response set-var(txn.x) req.hdr(host)",                // 13
                "    http-response set-status 99",                               // 14
                "    http-response set-status ok",                               // 15
                "    http-request set-status 200",                               // 16
                "    http-after-response replace-header X a b",                  // 17
                "    http-after-response deny",                                  // 18
                "    http-request set-var(txn.y) str(1) if { var(txn.x) bar }")));  // 19
        assertEquals(List.of(
            "t.cfg:2: 'set-var': cannot set variable 'txn.x', only scope 'proc' is permitted in the global section.",
            "t.cfg:3: 'set-var' requires a process-wide variable name ('proc.<name>') and a sample expression.",
            "t.cfg:4: 'set-var': failed to parse sample expression <src> : fetch method 'src' extracts information "
                + "from 'layer 4 client connection', none of which is available here"),
            ConfigTexts.errors(
                "global",
                "    set-var txn.x int(1)",
                "    set-var proc.x",
                "    set-var proc.x src"));
    }
}
