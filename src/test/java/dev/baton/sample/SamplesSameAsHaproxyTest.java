package dev.baton.sample;

import dev.baton.support.HaproxyProcess;
import dev.baton.support.RecordingBackend;
import dev.baton.support.RunningDaemon;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same configuration in HAProxy 2.6 and in baton, the same requests: every header the rules set from fetches,
 * converters and ACLs (hdr_dom, field/word, url_param, regsub, hashes, encodings, match methods) must reach the
 * server with the same value, and the same ACLs must fire.
 */
class SamplesSameAsHaproxyTest {
    private static final List<String> RULES = List.of(
        "    acl multi hdr_sub(x-multi) -i two",
        "    acl dom hdr_dom(host) -i example.com",
        "    http-request set-header x-field %[req.hdr(x-in),field(2,_)]",
        "    http-request set-header x-field3 %[req.hdr(x-in),field(-2,_,3)]",
        "    http-request set-header x-field0 %[req.hdr(x-in),field(2,_,0)]",
        "    http-request set-header x-word %[req.hdr(x-in),word(3,_,2)]",
        "    http-request set-header x-wordneg %[req.hdr(x-in),word(-2,_,3)]",
        "    http-request set-header x-urlp %[url_param(b)]",
        "    http-request set-header x-urlpsemi %[urlp(j,;)]",
        "    http-request set-header x-regsub %[path,regsub(/+,/,g)]",
        "    http-request set-header x-regsubdot %[path,regsub(\\.,_)]",
        "    http-request set-header x-regsubqdot %[path,regsub('\\.',_)]",
        "    http-request set-header x-regsub1 %[req.hdr(x-in),regsub(_f,-F)]",
        "    http-request set-header x-regsubgrp \"%[req.hdr(x-in),regsub('f([0-9])','<\\1>',g)]\"",
        "    http-request set-header x-lower %[req.hdr(host),lower]",
        "    http-request set-header x-upper %[path,upper]",
        "    http-request set-header x-hashes %[path,djb2]-%[path,sdbm]-%[path,wt6]-%[path,crc32]-%[path,djb2(1)]",
        "    http-request set-header x-b64 %[req.hdr(x-in),base64]",
        "    http-request set-header x-b64dec %[req.hdr(x-in),base64,b64dec]",
        "    http-request set-header x-hex %[req.hdr(x-in),hex]",
        "    http-request set-header x-json %[req.hdr(x-q),json]",
        "    http-request set-header x-urlenc %[req.hdr(x-q),url_enc]",
        "    http-request set-header x-urldec %[query,url_dec]",
        "    http-request set-header x-arith %[int(7),mul(6),sub(2),div(4),add(1),mod(7),xor(12),and(15),or(16),neg]",
        "    http-request set-header x-len %[path,length]",
        "    http-request set-header x-cook %[req.cook(sid)]",
        "    http-request set-header x-cookcnt %[req.cook_cnt]",
        "    http-request set-header x-query %[query]",
        "    http-request set-header x-base %[base]",
        "    http-request set-header x-pathq %[pathq]",
        "    http-request set-header x-url %[url]",
        "    http-request set-header x-sha %[req.hdr(x-in),sha1,hex]",
        "    http-request set-header x-sha2 %[req.hdr(x-in),sha2(256),hex]",
        "    http-request set-header x-ipmask %[src,ipmask(16)]",
        "    http-request set-header x-cnt %[req.hdr_cnt(x-multi)]",
        "    http-request set-header x-fcnt %[req.fhdr_cnt(x-multi)]",
        "    http-request set-header x-multi1 %[req.hdr(x-multi,1)]",
        "    http-request set-header x-multilast %[req.hdr(x-multi)]",
        "    http-request set-header x-fhdr %[req.fhdr(x-multi)]",
        "    http-request set-header x-ver %[req.ver]",
        "    http-request set-header x-method %[method,lower]",
        "    http-request set-header x-bytes %[req.hdr(x-in),bytes(2,3)]",
        "    http-request set-header x-str %[str(abc),concat(-,,x),upper]",
        "    http-request set-header x-iif %[ssl_fc,iif(https,http)]/%[int(1),bool,iif(yes,no)]/%[path,length,odd,iif(o,e)]",
        "    http-request set-var(txn.path) path",
        "    http-request set-var(txn.n) req.hdr(x-n)",
        "    http-request set-header x-concatvar %[str(p),concat(<,txn.path,>)]/%[str(q),concat(,txn.unset,!)]",
        "    http-request set-header x-concatint %[str(n=),concat(,txn.n)]/%[int(3),add(txn.n)]",
        "    http-request set-header x-strcmp %[path,strcmp(txn.path)]/%[str(/a),strcmp(txn.path)]/"
            + "%[str(/zzzzzzzzzzzzzzzzzzzzz),strcmp(txn.path)]/%[str(/),strcmp(txn.path)]/%[str(a),strcmp(txn.unset)]",
        "    http-request set-header x-fe %[fe_name]",
        "    http-request set-header x-odd %[path,length,odd]",
        "    http-request set-header x-multi yes if multi",
        "    http-request set-header x-dom yes if dom",
        "    http-request set-header x-dir yes if { path_dir -i api }",
        "    http-request set-header x-beg yes if { path_beg /api /v2 }",
        "    http-request set-header x-end yes if { path_end .png .jpg }",
        "    http-request set-header x-reg yes if { path_reg ^/api/[0-9]+$ }",
        "    http-request set-header x-len2 yes if { path_len gt 5 }",
        "    http-request set-header x-ip yes if { src 10.0.0.0/8 127.0.0.0/8 }",
        "    http-request set-header x-int yes if { req.hdr_val(x-n) ge 10 }",
        "    http-request set-header x-urlpv yes if { urlp_val(n) 5:9 }",
        "    http-request set-header x-cookbeg yes if { cook(sid) -m beg ab }",
        "    http-request set-header x-found yes if { req.hdr(x-n) -m found }",
        "    http-request set-header x-meth yes if METH_GET HTTP_1.1",
        "    http-request set-header x-conv yes if { req.hdr(x-in),lower,field(1,_) f1 }",
        "    http-request set-header x-sub yes if { url_sub -i QUERY }",
        "    http-request set-header x-domurl yes if { url_dom example }",
        "    http-request set-header x-first yes if { http_first_req }",
        "    http-request set-header x-mapdom %[req.hdr(host),lower,map_dom(MAPDIR/hosts.map,nomatch)]",
        "    http-request set-header x-mapbeg %[path,map_beg(MAPDIR/paths.map)]",
        "    http-request set-header x-mapip %[src,map_ip(MAPDIR/nets.map,none)]",
        "    http-request set-header x-mapint %[req.hdr(x-n),map_int_int(MAPDIR/ints.map,0),add(1)]",
        "    http-request set-header x-mapreg %[path,map_reg(MAPDIR/regs.map,-)]",
        "    http-request set-header x-mapstr %[req.hdr(host),map_str(MAPDIR/hosts.map,nomatch)]",
        "    http-request set-header x-aclf yes if { path_beg -f MAPDIR/paths.lst }",
        "    http-request set-header x-aclm yes if { req.hdr(host),lower -M -f MAPDIR/hosts.map }",
        "    http-request set-header x-urlip %[url_ip]",
        "    http-request set-header x-urlport %[url_port]",
        "    http-request set-header x-urlipacl yes if { url_ip 10.0.0.0/8 }",
        "    http-request set-header x-json-ascii %[req.hdr(x-u),json(ascii)]",
        "    http-request set-header x-json-utf8 %[req.hdr(x-u),json(utf8)]",
        "    http-request set-header x-json-utf8s %[req.hdr(x-u),json(utf8s)]",
        "    http-request set-header x-json-utf8p %[req.hdr(x-u),json(utf8p)]",
        "    http-request set-header x-json-utf8ps %[req.hdr(x-u),json(utf8ps)]",
        "    http-request set-header x-debug %[path,debug(pfx,stderr)]",
        "    http-request set-header x-xxh64 %[path,xxh64]/%[req.hdr(x-u),xxh64(7)]/%[str(abcdefghijklmnopqrstuvwxyz0123456789ABCDEF),xxh64]");

    private static final String[] REQUESTS = {
        "GET /api/123?b=2&a=1&n=7 HTTP/1.1\r\nHost: WWW.Example.com:8080\r\nX-In: f1_f2_f3__f5\r\n"
            + "X-Multi: one, Two\r\nX-Multi: three\r\nCookie: a=1; sid=abc123 ; sid=zz\r\nX-N: 12\r\n"
            + "X-Q: a \"q\"/b\\c é\r\nConnection: close\r\n\r\n",
        "GET //v2//x.png;j=9?query=%41+b HTTP/1.1\r\nHost: example.org\r\nX-In: _a__b_c_\r\nX-N: 9\r\n"
            + "Connection: close\r\n\r\n",
        "POST /API/x HTTP/1.0\r\nHost: sub.example.com\r\nX-In: F1\r\nContent-Length: 0\r\n\r\n",
        "GET http://example.com/abs?b= HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n",
        // UTF-8: e-acute, euro sign, then (request 5) an emoji above U+FFFF and a surrogate, then an overlong slash
        "GET http://10.1.2.3:8081/abs HTTP/1.1\r\nHost: 10.1.2.3:8081\r\nX-U: h\u00c3\u00a9 \u00e2\u0082\u00ac\"/\r\n"
            + "Connection: close\r\n\r\n",
        "GET HTTPS://192.168.0.1/x HTTP/1.1\r\nHost: 192.168.0.1\r\nX-U: a\u00f0\u009f\u0098\u0080b\u00ed\u00a0\u0080c\r\n"
            + "Connection: close\r\n\r\n",
        "GET http://10.0.0.256:99/x HTTP/1.1\r\nHost: 10.0.0.256:99\r\nX-U: \u00c0\u00afz\u00e9\r\n"
            + "Connection: close\r\n\r\n",
    };

    @TempDir
    Path dir;
    private RecordingBackend server;
    private RunningDaemon baton;
    private HaproxyProcess haproxy;

    @AfterEach
    void stop() throws IOException {
        if (baton != null) {
            baton.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Rules per frontend: baton adds at most 16 headers to a request (HeaderEdits.DEFAULT_MAX_ADDED). */
    private static final int PER_FRONTEND = 12;

    private static int frontends() {
        return (RULES.size() + PER_FRONTEND - 1) / PER_FRONTEND;
    }

    /** One frontend per slice of the rules, on {@code port + i}; the ACLs declared in each. */
    private static String config(final int port, final int serverPort) {
        final StringBuilder fronts = new StringBuilder();
        for (int f = 0; f < frontends(); f++) {
            fronts.append("frontend fe").append(f == 0 ? "" : f).append('\n')
                .append("    bind 127.0.0.1:").append(port + f).append('\n');
            for (final String r : RULES) {
                if (r.startsWith("    acl ")) {
                    fronts.append(r).append('\n');
                }
            }
            final List<String> rules = RULES.stream().filter(r -> !r.startsWith("    acl ")).toList();
            for (int i = f * PER_FRONTEND; i < Math.min(rules.size(), (f + 1) * PER_FRONTEND); i++) {
                fronts.append(rules.get(i)).append('\n');
            }
            fronts.append("    default_backend be\n");
        }
        return String.join("\n",
            "global",
            "    nbthread 1",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 5s",
            "    timeout server 5s",
            "    option http-server-close",
            fronts.toString(),
            "backend be",
            "    server s 127.0.0.1:" + serverPort,
            "");
    }

    /** The map and pattern files the rules name, in the test's directory. */
    private void writeMaps() throws IOException {
        java.nio.file.Files.writeString(dir.resolve("hosts.map"), "# hosts\nexample.com com-site\n"
            + "example.org org-site\nsub.example.com sub-site\n");
        java.nio.file.Files.writeString(dir.resolve("paths.map"), "/api api\n/api/1 api-one\n//v2 double\n");
        java.nio.file.Files.writeString(dir.resolve("nets.map"), "127.0.0.0/8 loop\n127.0.0.1 exact\n"
            + "10.0.0.0/8 ten\n");
        java.nio.file.Files.writeString(dir.resolve("ints.map"), "12 120\n9 90\n");
        java.nio.file.Files.writeString(dir.resolve("regs.map"), "^/api/[0-9]+$ numbered\n\\.png$ image\n");
        java.nio.file.Files.writeString(dir.resolve("paths.lst"), "# prefixes\n/API\n//v2\n");
    }

    @Test
    void sameHeadersAndSameAclsForTheSameRequests() throws Exception {
        writeMaps();
        server = new RecordingBackend();
        final int hPort = freePorts();
        haproxy = HaproxyProcess.start(dir, config(hPort, server.port()).replace("MAPDIR", dir.toString()), hPort);
        final List<List<String>> fromHaproxy = run(hPort);
        final int bPort = freePorts();
        baton = RunningDaemon.start(config(bPort, server.port()).replace("MAPDIR", dir.toString()));
        final List<List<String>> fromBaton = run(bPort);
        for (int i = 0; i < REQUESTS.length; i++) {
            assertTrue(fromHaproxy.get(i).size() > 20, "HAProxy set headers: " + fromHaproxy.get(i));
            assertEquals(fromHaproxy.get(i), fromBaton.get(i), "request " + i);
        }
    }

    /** A first port such that the frontends' ports after it are free too. */
    private static int freePorts() throws IOException {
        return RunningDaemon.freePorts(frontends());
    }

    /**
     * Sends every request to every frontend and returns, per request, the x- headers the server received (name
     * lower-cased), the frontends' in order.
     */
    private List<List<String>> run(final int port) throws Exception {
        final List<List<String>> out = new ArrayList<>();
        for (final String request : REQUESTS) {
            final List<String> headers = new ArrayList<>();
            for (int f = 0; f < frontends(); f++) {
                headers.addAll(send(port + f, request));
            }
            out.add(headers);
        }
        return out;
    }

    private List<String> send(final int port, final String request) throws Exception {
        {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                readAll(s.getInputStream());
            }
            final String head = server.heads.poll(10, TimeUnit.SECONDS);
            assertNotNull(head, "the server got the request");
            final List<String> headers = new ArrayList<>();
            for (final String line : head.split("\r\n")) {
                final int colon = line.indexOf(':');
                if (colon > 0 && line.toLowerCase(Locale.ROOT).startsWith("x-")) {
                    headers.add(line.substring(0, colon).toLowerCase(Locale.ROOT) + ":" + line.substring(colon + 1)
                        .strip());
                }
            }
            return headers;
        }
    }

    /** Reads one response: its head, then as many body bytes as its Content-Length says. */
    private static void readAll(final InputStream in) throws IOException {
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            final String text = head.toString(StandardCharsets.ISO_8859_1);
            if (text.endsWith("\r\n\r\n")) {
                final java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                    .matcher(text);
                final int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
                in.readNBytes(length);
                return;
            }
            if (head.size() > 1 << 16) {
                throw new IOException("no end of head");
            }
        }
    }
}
