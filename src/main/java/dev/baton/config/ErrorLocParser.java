package dev.baton.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code errorloc|errorloc302|errorloc303 STATUS URL} and {@code errorfiles NAME [STATUS...]}, as HAProxy 2.6's
 * {@code http_htx.c} reads them. An errorloc replaces baton's reply for STATUS with a redirect (302, or 303 for
 * {@code errorloc303}) to URL, an empty-bodied response with {@code Cache-Control: no-cache}; errorfiles takes the
 * replies of the {@code http-errors} section NAME (every one it declares, or only the listed statuses), resolved
 * once every file was read ({@link HttpErrorsSections}). Each line replaces what an earlier line (or the defaults)
 * set for the same status, in order. Stateless.
 */
final class ErrorLocParser {
    static final String EXPECTED_LOC = "a status and a URL such as 503 https://status.example.com/";

    /** {@code errorfiles NAME [STATUS...]} as written: resolved when the proxy is built. */
    record ErrorsRef(String section, List<Integer> statuses, SourceLocation where) {
        ErrorsRef {
            statuses = List.copyOf(statuses);
        }
    }

    private ErrorLocParser() {
    }

    static void errorloc(final Directive d, final ProxyDraft p) {
        final String kw = d.keyword();
        p.http.httpOnly(kw, d);
        final String code = d.require(1, kw, EXPECTED_LOC);
        final String url = d.require(2, kw, EXPECTED_LOC);
        d.noMoreThan(3, kw);
        final int status = ErrorFileParser.status(code, kw);
        if (status < 0) {
            d.warning("'" + kw + " " + code + "' is ignored: baton never answers " + code + " by itself");
            return;
        }
        final boolean see = kw.equals("errorloc303");
        final String head = (see ? "HTTP/1.1 303 See Other" : "HTTP/1.1 302 Found") + "\r\n"
            + "Cache-Control: no-cache\r\n"
            + "Content-length: 0\r\n"
            + "Location: " + url + "\r\n\r\n";
        p.http.errorSources.add(new ErrorFile(status, kw + " " + url, head.getBytes(StandardCharsets.ISO_8859_1),
            d.where()));
    }

    static void errorfiles(final Directive d, final ProxyDraft p) {
        p.http.httpOnly("errorfiles", d);
        final String name = d.require(1, "errorfiles", "the name of an http-errors section");
        final List<Integer> statuses = new ArrayList<>();
        for (int i = 2; i < d.size(); i++) {
            final int status = ErrorFileParser.status(d.word(i), "errorfiles");
            if (status > 0) {
                statuses.add(status);
            }
        }
        p.http.errorSources.add(new ErrorsRef(name, statuses, d.where()));
    }
}
