package dev.baton.config;

import dev.baton.http.text.HeaderName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code errorfile STATUS FILE}: reads FILE at load (blocking: the loader runs before any reactor) and checks
 * that it is a complete HTTP/1.x response, as HAProxy does: a status line with a status from 200 to 599,
 * header lines, an empty line, and a body that matches {@code Content-Length} when given (none for 204 and
 * 304; no chunked encoding). An empty file is allowed: the connection is then closed without a response. A
 * status HAProxy knows but baton never answers by itself is ignored with a warning. Stateless.
 */
final class ErrorFileParser {
    static final String EXPECTED_ARGS = "a status and a file such as 503 /etc/baton/errors/503.http";
    /** Statuses HAProxy accepts in {@code errorfile} that baton never sends by itself. */
    private static final Set<Integer> HAPROXY_ONLY = Set.of(414, 421, 422, 431);

    private ErrorFileParser() {
    }

    static void errorfile(final Directive d, final ProxyDraft p) {
        p.http.httpOnly("errorfile", d);
        final ErrorFile file = load(d, "errorfile");
        if (file != null) {
            p.http.errorSources.add(file);
        }
    }

    /**
     * {@code KW STATUS FILE} (a proxy's {@code errorfile} or a line of an {@code http-errors} section): the file read
     * and checked, or null when baton never answers that status (ignored with a warning).
     */
    static ErrorFile load(final Directive d, final String kw) {
        final String code = d.require(1, kw, EXPECTED_ARGS);
        final String path = d.file(2, kw, EXPECTED_ARGS);
        d.noMoreThan(3, kw);
        final int status = status(code, kw);
        if (status < 0) {
            d.warning("'" + kw + " " + code + "' is ignored: baton never answers " + code + " by itself");
            return null;
        }
        final String what = "errorfile " + status;
        final byte[] response = read(path, what);
        final String problem = problem(response);
        if (problem != null) {
            throw new LineError(what + ": '" + Messages.echo(path) + "' is not a valid HTTP response: " + problem);
        }
        return new ErrorFile(status, path, response, d.where());
    }

    /**
     * The status {@code code} names when baton answers it by itself, -1 for one HAProxy knows but baton never sends;
     * else refused.
     */
    static int status(final String code, final String kw) {
        int status = 0;
        try {
            status = Numbers.parseInt(code, 0, 999);
        } catch (final BadValueException e) {
            // refused below
        }
        if (HAPROXY_ONLY.contains(status)) {
            return -1;
        }
        if (!ErrorFile.isKnown(status)) {
            throw new LineError(Messages.badValue(kw, ErrorFile.EXPECTED_STATUS, code));
        }
        return status;
    }

    /**
     * The whole HTTP response in {@code path} for an http reply's {@code errorfile} argument, read and checked as an
     * {@code errorfile} line's; {@code what} names it in messages.
     */
    static byte[] response(final String path, final String what) {
        final byte[] response = read(path, what);
        final String problem = problem(response);
        if (problem != null) {
            throw new LineError(what + ": '" + Messages.echo(path) + "' is not a valid HTTP response: " + problem);
        }
        return response;
    }

    private static byte[] read(final String path, final String what) {
        try {
            final Path file = Path.of(path);
            if (Files.size(file) > GlobalSectionParser.MAX_BUFSIZE) {
                throw new LineError(what + ": '" + Messages.echo(path) + "' is larger than the largest tune.bufsize ("
                    + GlobalSectionParser.MAX_BUFSIZE + " bytes)");
            }
            return Files.readAllBytes(file);
        } catch (final IOException | InvalidPathException e) {
            final String reason = e instanceof IOException ? ConfigLoader.reason((IOException) e) : e.getMessage();
            throw new LineError(what + ": cannot read '" + Messages.echo(path) + "': " + reason);
        }
    }

    /**
     * Refuses, once every file was read, an errorfile larger than {@code bufsize}: the response must fit in
     * one buffer. Each errorfile line is reported once, however many proxies inherit it.
     */
    static void checkSizes(final List<ProxyConfig> proxies, final int bufsize, final Diagnostics diag) {
        final Set<ErrorFile> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (final ProxyConfig p : proxies) {
            for (final ErrorFile e : p.http().errorFiles()) {
                if (e.response().length > bufsize && seen.add(e)) {
                    diag.error(e.where(), "errorfile " + e.status() + ": '" + Messages.echo(e.path()) + "' ("
                        + e.response().length + " bytes) is larger than tune.bufsize (" + bufsize + " bytes)");
                }
            }
        }
    }

    /** What makes {@code r} unusable as a raw HTTP response, or null when it is fine. */
    static String problem(final byte[] r) {
        if (r.length == 0) {
            return null;
        }
        int at = 0;
        int eol = lineEnd(r, at);
        if (eol < 0) {
            return "the headers do not end with an empty line";
        }
        final String statusLine = line(r, at, eol);
        if (!statusLine.matches("HTTP/[0-9]\\.[0-9] [0-9]{3}( .*)?")) {
            return "invalid status line '" + Messages.echo(statusLine) + "'";
        }
        final int status = Integer.parseInt(statusLine.substring(9, 12));
        if (status < 200 || status > 599) {
            return "invalid status code " + status + " for an error response";
        }
        long contentLength = -1;
        while (true) {
            at = eol + 1;
            eol = lineEnd(r, at);
            if (eol < 0) {
                return "the headers do not end with an empty line";
            }
            final String header = line(r, at, eol);
            if (header.isEmpty()) {
                break;
            }
            final int colon = header.indexOf(':');
            if (colon <= 0 || !HeaderName.isToken(header.substring(0, colon))) {
                return "invalid header line '" + Messages.echo(header) + "'";
            }
            final String name = header.substring(0, colon).toLowerCase(Locale.ROOT);
            final String value = header.substring(colon + 1).trim();
            if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                return "chunk-encoded payload not supported";
            }
            if (name.equals("content-length")) {
                if (value.isEmpty() || value.length() > 9 || Numbers.leadingDigits(value) != value.length()
                    || contentLength >= 0 && contentLength != Long.parseLong(value)) {
                    return "invalid content-length '" + Messages.echo(value) + "'";
                }
                contentLength = Long.parseLong(value);
            }
        }
        final int body = r.length - (eol + 1);
        if ((status == 204 || status == 304) && body > 0) {
            return "a " + status + " response has no payload";
        }
        if (contentLength >= 0 && contentLength != body) {
            return "payload size does not match the announced content-length (" + body + " != " + contentLength + ")";
        }
        return null;
    }

    /** The offset of the LF ending the line that starts at {@code from}, or -1. */
    private static int lineEnd(final byte[] r, final int from) {
        for (int i = from; i < r.length; i++) {
            if (r[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The line from {@code from} to the LF at {@code eol}, without its CR. */
    private static String line(final byte[] r, final int from, final int eol) {
        final int end = eol > from && r[eol - 1] == '\r' ? eol - 1 : eol;
        return new String(r, from, end - from, StandardCharsets.ISO_8859_1);
    }
}
