package dev.baton.log;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log-format engine, variable group by variable group, on fields filled by hand. */
class LogFormatTest {
    /** 2009-02-06 12:12:51.443 UTC. */
    private static final long EPOCH_MS = 1_233_922_371_443L;

    private static InetSocketAddress at(final String ip, final int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static HttpLogLine request(final String requestLine) throws UnknownHostException {
        final HttpLogLine l = new HttpLogLine();
        l.client = at("10.0.0.1", 34567);
        l.frontendAddress = at("192.168.1.2", 80);
        l.serverAddress = at("10.1.1.1", 8080);
        l.backendSource = at("10.1.0.9", 41000);
        l.frontend = "fe";
        l.backend = "be";
        l.server = "s1";
        l.acceptEpochMs = EPOCH_MS;
        l.idleMs = 5;
        l.handshakeMs = 0;
        l.requestMs = 2;
        l.waitMs = 0;
        l.connectMs = 1;
        l.responseMs = 10;
        l.totalMs = 30;
        l.status = 200;
        l.bytesRead = 512;
        l.bytesUploaded = 77;
        l.terminationCause = '-';
        l.terminationState = '-';
        l.actconn = 3;
        l.feconn = 2;
        l.beconn = 1;
        l.srvconn = 1;
        l.retries = 0;
        final byte[] line = requestLine.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(line, 0, l.requestLine, 0, line.length);
        l.requestLineLength = line.length;
        return l;
    }

    private static String render(final String format, final StreamLogFields f) {
        final StringBuilder sb = new StringBuilder();
        LogFormatParser.parse(format, true, LogFormatParser.LOG_LINE).render(f, sb);
        return sb.toString();
    }

    @Test
    void httplogIsHaproxysString() throws Exception {
        final HttpLogLine l = request("GET /a?b=1 HTTP/1.1");
        final String date = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH)
            .format(LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(EPOCH_MS + 5), ZoneId.systemDefault()));
        assertEquals("10.0.0.1:34567 [" + date + "] fe be/s1 2/0/1/10/25 200 512 - - ---- 3/2/1/1/0 0/0 "
            + "\"GET /a?b=1 HTTP/1.1\"", l.render());
    }

    @Test
    void addressesAndPorts() throws Exception {
        final HttpLogLine l = request("GET / HTTP/1.1");
        assertEquals("10.0.0.1 34567 192.168.1.2 80 10.1.0.9 41000 10.1.1.1 8080",
            render("%ci %cp %fi %fp %bi %bp %si %sp", l));
        assertEquals("0A000001 8707 \"10.0.0.1\"", render("%{+X}ci %{+X}cp %{+Q}ci", l));
        l.client = at("::1", 80);
        l.serverAddress = null;
        assertEquals("::1 - 00000000000000000000000000000001", render("%ci %si %{+X}ci", l));
        l.client = at("2001:db8:0:0:1:0:0:1", 80);
        assertEquals("2001:db8::1:0:0:1", render("%ci", l));
    }

    @Test
    void timers() throws Exception {
        final HttpLogLine l = request("GET / HTTP/1.1");
        // Tt 30 = Ti 5 + Ta 25; Tq = Th + Ti + TR = 7; Td = Tt - (Tq + Tw + Tc + Tr) = 12; Tu = Tt - Ti
        assertEquals("0 5 2 7 0 1 10 25 30 25 12", render("%Th %Ti %TR %Tq %Tw %Tc %Tr %Ta %Tt %Tu %Td", l));
        l.logAsap = true;
        assertEquals("+25 +30 +25 +512 77", render("%Ta %Tt %Tu %B %U", l));
        l.responseMs = -1;
        assertEquals("-1 -1", render("%Tr %Td", l));
    }

    @Test
    void datesAndCounters() throws Exception {
        final HttpLogLine l = request("GET / HTTP/1.1");
        assertEquals("06/Feb/2009:12:12:51 +0000 06/Feb/2009:12:12:51 +0000 1233922371 498C2943 443 1BB",
            render("%T %trg %Ts %{+X}Ts %ms %{+X}ms", l));
        final ZoneOffset offset = ZoneId.systemDefault().getRules().getOffset(java.time.Instant.ofEpochMilli(EPOCH_MS));
        final String local = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ENGLISH)
            .format(LocalDateTime.ofEpochSecond(EPOCH_MS / 1000, 0, offset));
        final String tz = String.format(Locale.ROOT, "%s%02d%02d", offset.getTotalSeconds() < 0 ? "-" : "+",
            Math.abs(offset.getTotalSeconds()) / 3600, Math.abs(offset.getTotalSeconds()) / 60 % 60);
        assertEquals(local + " " + tz, render("%Tl", l));
        l.requestCounter = 42;
        l.logCounter = 7;
        assertEquals("42 002A 7 0007 " + ProcessHandle.current().pid(), render("%rt %{+X}rt %lc %{+X}lc %pid", l));
    }

    @Test
    void stateAndConnections() throws Exception {
        final HttpLogLine l = request("GET / HTTP/1.1");
        l.terminationCause = 's';
        l.terminationState = 'H';
        l.retries = 2;
        l.redispatched = true;
        l.srvQueue = 4;
        l.backendQueue = 9;
        assertEquals("sH sH-- 3/2/1/1/+2 4/9 fe fe be s1 - -", render("%ts %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq %f %ft %b %s"
            + " %sslc %sslv", l));
        assertEquals("\"fe\" \"be\" \"s1\"", render("%{+Q}ft %{+Q}b %{+Q}s", l));
    }

    @Test
    void requestLineParts() throws Exception {
        final HttpLogLine l = request("GET http://h:1/p/q?x=\"1\"#f HTTP/1.0");
        assertEquals("GET|http://h:1/p/q?x=#221#22#23f|http://h:1/p/q|/p/q|?x=#221#22#23f|HTTP/1.0",
            render("%HM|%HU|%HP|%HPO|%HQ|%HV", l));
        assertEquals("\"GET http://h:1/p/q?x=#221#22#23f HTTP/1.0\"", render("%{+Q}r", l));
        assertEquals("GET /\\]x", render("%{+E}r", request("GET /]x")).substring(0, 8));
        final HttpLogLine old = request("GET /");
        assertEquals("/ HTTP/0.9", render("%HU %HV", old));
        final HttpLogLine none = request("");
        assertEquals("<BADREQ> <BADREQ> <BADREQ> \"<BADREQ>\"", render("%HM %HU %HV %{+Q}r", none));
    }

    @Test
    void capturesInBlocksAndLists() throws Exception {
        final HttpLogLine l = request("GET / HTTP/1.1");
        l.captures = new LogCaptures(new int[] {4, 10}, new int[] {8}, 5);
        final ByteBuffer v = ByteBuffer.wrap("example.com|x{y}".getBytes(StandardCharsets.ISO_8859_1));
        l.captures.setRequest(0, v, 0, 11); // cut to 4
        l.captures.setResponse(0, v, 11, 5);
        assertEquals("{exam|} {#7Cx#7By#7D} exam - #7Cx#7By#7D \"exam\" \"\"", render("%hr %hs %hrl %hsl %{+Q}hrl", l));
        l.captures = null;
        assertEquals("0/0 \"GET / HTTP/1.1\"", render("%sq/%bq %hr %hs %{+Q}r", l),
            "no captures: %hr and %hs write nothing and leave one space");
    }

    @Test
    void cookiesUniqueIdAndText() throws Exception {
        final HttpLogLine l = request("GET / HTTP/1.1");
        assertEquals("- - - \"\"", render("%CC %CS %ID %{+Q}ID", l));
        l.captures = new LogCaptures(new int[0], new int[0], 8);
        final byte[] id = "ab\"c]".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(id, 0, l.captures.uniqueId, 0, id.length);
        l.captures.uniqueIdLength = id.length;
        assertEquals("ab\"c] ab\\\"c\\]", render("%ID %{+E}ID", l));
        assertEquals("a%b 100% x", render("a%%b 100%% x", l));
        assertEquals("\"fe\" 10.0.0.1 \"be\"", render("%{+Q}o %f %{-Q}ci %b", l), "%o applies its flags to what follows");
    }

    @Test
    void samples() throws Exception {
        final HttpLogLine l = request("GET /x HTTP/1.1");
        assertEquals("10.0.0.1 34567 192.168.1.2 80 fe be s1 200 GET /x HTTP/1.1 FE",
            render("%[src] %[src_port] %[dst] %[dst_port] %[fe_name] %[be_name] %[srv_name] %[status] "
                + "%[capture.req.method] %[capture.req.uri] %[capture.req.ver] %[fe_name,upper]", l));
        assertEquals("GET", render("%[method]", l));
        assertEquals("- \"\"", render("%[capture.req.hdr(0)] %{+Q}[unique-id]", l));
    }

    @Test
    void spacesMergeAndMandatoryOffForUniqueIds() throws Exception {
        final HttpLogLine l = request("GET / HTTP/1.1");
        assertEquals("a b ", render("a   b ", l));
        final StringBuilder sb = new StringBuilder();
        LogFormatParser.parse("%ci:%ID:%[unique-id]", true, LogFormatParser.UNIQUE_ID).render(l, sb);
        assertEquals("10.0.0.1::", sb.toString(), "no '-' for an empty value in a unique id");
    }

    @Test
    void refusesWhatHaproxyRefuses() {
        assertEquals("no such format variable 'zz'. If you wanted to emit the '%' character verbatim, you need to use "
            + "'%%'", error("%zz", true));
        assertEquals("format variable 'HM' is reserved for HTTP mode", error("%HM", false));
        assertEquals("format variable 'r' is reserved for HTTP mode", error("%{+Q}r", false));
        assertTrue(error("100% sure", true).startsWith("unexpected variable name near ' ' at position 4"));
        assertEquals("parse argument modifier without variable name near '%{+Q}'", error("%{+Q} x", true));
        assertEquals("truncated line after '%'", error("abc%", true));
        assertEquals("missing ']' after 'src'", error("%[src", true));
        assertTrue(error("%[req.hdr(host)]", true).startsWith("sample fetch <req.hdr(host)> may not be reliably used "
            + "here because it needs 'HTTP request headers' which is not available here; capture the header"));
        assertTrue(error("%[res.hdr(server)]", true).contains("needs 'HTTP response headers'"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LogFormatParser.parse("%[req.hdr(x-id)]", true,
            LogFormatParser.UNIQUE_ID)).getMessage().contains("baton does not evaluate request-head fetches such as "
            + "'req.hdr' in a unique-id-format yet"), "HAProxy evaluates a unique id with the request head");
        assertTrue(error("%[nope(txn.x)]", true).startsWith("failed to parse sample expression <nope(txn.x)> : "
            + "unknown fetch method 'nope'"));
        assertTrue(error("%[src,nope]", true).contains("unknown converter 'nope'"));
    }

    private static String error(final String format, final boolean http) {
        return assertThrows(IllegalArgumentException.class,
            () -> LogFormatParser.parse(format, http, LogFormatParser.LOG_LINE)).getMessage();
    }

    @Test
    void renderingAllocatesNothingButTheLine() throws Exception {
        final java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        final HttpLogLine l = request("GET /x?y HTTP/1.1");
        l.captures = new LogCaptures(new int[] {8}, new int[] {8}, 8);
        final LogFormat f = LogFormatParser.parse(BuiltinLogFormats.HTTPLOG_TEXT + " %fi:%fp %si %U %Td %T %Tl %rt"
            + " %[src] %HPO %HQ %ID %{+X}ci", true, LogFormatParser.LOG_LINE);
        final StringBuilder sb = new StringBuilder(1024);
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sb.setLength(0);
            f.render(l, sb);
            sum += sb.length();
        }
        final long tid = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 20_000; i++) {
            sb.setLength(0);
            f.render(l, sb);
            sum += sb.length();
        }
        final long allocated = threads.getThreadAllocatedBytes(tid) - before;
        assertTrue(sum > 0);
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated in 20000 renderings");
    }
}
