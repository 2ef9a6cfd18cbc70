package dev.baton.health;

import dev.baton.support.BlockingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code http-check expect hdr|fhdr} and the expect options ({@code ok-status}, {@code error-status},
 * {@code on-success}, {@code on-error}, {@code comment}, {@code min-recv}) through the daemon and through HAProxy 2.6
 * on the same configuration and the same scripted HTTP servers: for every backend, the first completed check each
 * one shows in {@code show stat} must agree on {@code check_status}, {@code check_code} and {@code last_chk}.
 * Skipped where HAProxy is not installed (CI installs it).
 */
class HttpExpectSameAsHaproxyTest extends CheckRunFixture {
    private static final String HEADERS = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
        + "Cache-Control: no-cache, no-store\r\nX-Role: primary\r\nX-List: \"a,b\", c\r\n"
        + "Date: Sun, 06 Dec 2026 09:00:00 GMT\r\n"
        + "Content-Length: 5\r\n\r\nhello";

    @TempDir
    Path dir;

    private int server(final String response) throws IOException {
        return server(responder(response)).port();
    }

    @Test
    void headerExpectationsAndOptionsAreJudgedAsHaproxyJudgesThem() throws Exception {
        assumeTrue(Files.isExecutable(SideBySide.HAPROXY), "HAProxy is not installed; CI installs it (.ci/run)");
        final int ok = server(HEADERS);
        final int sick = server("HTTP/1.1 503 Service Unavailable\r\nX-Role: standby\r\nContent-Length: 0\r\n\r\n");
        final int bare = server("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n");
        final int junk = server("SSH-2.0-OpenSSH\r\n\r\n");
        final BlockingServer silent = server(speaker("", ""));
        final Map<String, String> backends = new TreeMap<>();
        backends.put("hdr_present", "http-check expect hdr name x-role|" + ok);
        backends.put("hdr_absent", "http-check expect hdr name x-missing|" + ok);
        backends.put("hdr_absent_comment", "http-check expect comment \"role header\" hdr name x-missing|" + ok);
        backends.put("hdr_not_present", "http-check expect ! hdr name x-missing|" + ok);
        backends.put("hdr_unwanted", "http-check expect ! hdr name X-Role|" + ok);
        backends.put("hdr_value", "http-check expect hdr name x-role value primary|" + ok);
        backends.put("hdr_not_value", "http-check expect ! hdr name x-role value standby|" + ok);
        backends.put("hdr_tout", "http-check expect tout-status L6TOUT hdr name x-role|" + silent.port());
        backends.put("hdr_value_mismatch", "http-check expect hdr name x-role value standby|" + ok);
        backends.put("hdr_value_5xx", "http-check expect hdr name x-role value primary|" + sick);
        backends.put("hdr_split", "http-check expect hdr name cache-control value no-store|" + ok);
        backends.put("hdr_quoted", "http-check expect hdr name x-list value '\"a,b\"'|" + ok);
        backends.put("hdr_quoted_no", "http-check expect hdr name x-list value 'b\"'|" + ok);
        backends.put("fhdr_split_no", "http-check expect fhdr name cache-control value no-store|" + ok);
        backends.put("fhdr_full", "http-check expect fhdr name cache-control value -m beg \"no-cache, no\"|" + ok);
        backends.put("fhdr_date", "http-check expect fhdr name date value -m end GMT|" + ok);
        backends.put("hdr_date_split", "http-check expect hdr name date value -m end GMT|" + ok);
        backends.put("hdr_name_beg", "http-check expect hdr name -m beg content- value -m sub utf|" + ok);
        backends.put("hdr_name_reg", "http-check expect hdr name -m reg ^X-R value -m reg ^pri|" + ok);
        backends.put("hdr_value_case", "http-check expect hdr name x-role value PRIMARY|" + ok);
        backends.put("hdr_lf_literal", "http-check expect hdr name-lf x-role value-lf primary|" + ok);
        backends.put("hdr_no_reason", "http-check expect hdr name x-role|" + bare);
        backends.put("hdr_junk", "http-check expect on-error nope error-status L7STS hdr name x-role|" + junk);
        backends.put("hdr_error_status", "http-check expect error-status L7RSP on-error \"no role\""
            + " comment c1 hdr name x-missing|" + ok);
        backends.put("status_options", "http-check expect ok-status L7OKC on-success fine status 200|" + ok);
        backends.put("status_comment", "http-check expect comment down status 200|" + sick);
        backends.put("string_min_recv", "http-check expect min-recv 2 string nothere|" + ok);
        backends.put("string_empty_body", "http-check expect string x|" + bare);
        backends.put("string_error_status", "http-check expect error-status L7STS string nothere|" + ok);
        backends.replaceAll((name, spec) -> "option httpchk GET /health\n" + spec);
        SideBySide.compare(dir, "http", backends);
    }
}
