package dev.baton.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code http-errors NAME} sections, each a set of {@code errorfile STATUS FILE} lines, and how a proxy's
 * {@code errorfile}, {@code errorloc*} and {@code errorfiles} lines resolve against them (HAProxy 2.6's
 * {@code proxy_check_errors}): in the order written, each line sets its statuses; {@code errorfiles NAME} takes
 * every reply the section declares, or only the statuses listed (a listed status the section lacks is a warning);
 * an unknown section is an error. Single-threaded, one per load.
 */
final class HttpErrorsSections {
    private record Declared(SourceLocation where, Map<Integer, ErrorFile> replies) {
    }

    private final Map<String, Declared> sections = new HashMap<>();
    /** The section whose lines are being read, or null. */
    private Declared current;

    /** {@code http-errors NAME}: a new section (a name used twice is an error, as in HAProxy). */
    void open(final Directive d) {
        current = null;
        final String name = d.nameArg(1, "http-errors");
        d.noMoreThan(2, "http-errors");
        final Declared first = sections.get(name);
        if (first != null) {
            throw new LineError("http-errors section '" + Messages.echo(name) + "' already exists (declared at "
                + first.where() + ")");
        }
        current = new Declared(d.where(), new TreeMap<>());
        sections.put(name, current);
    }

    /** A line of the open section: only {@code errorfile STATUS FILE}. */
    void line(final Directive d) {
        if (!d.keyword().equals("errorfile")) {
            throw new LineError("unknown keyword '" + Messages.echo(d.keyword()) + "' in 'http-errors' section");
        }
        final ErrorFile file = ErrorFileParser.load(d, "errorfile");
        if (current != null && file != null) {
            current.replies().put(file.status(), file);
        }
    }

    /** The replies section {@code name} declares, by status; null when there is no such section. */
    Map<Integer, ErrorFile> replies(final String name) {
        final Declared section = sections.get(name);
        return section == null ? null : section.replies();
    }

    /** Leaves the section being read: the next lines belong to another section. */
    void close() {
        current = null;
    }

    /**
     * The replies of {@code sources} (ErrorFile and {@link ErrorLocParser.ErrorsRef} in the order written) by
     * status; {@code proxy} names the proxy in messages.
     */
    Map<Integer, ErrorFile> resolve(final List<Object> sources, final String proxy, final Diagnostics diag) {
        final Map<Integer, ErrorFile> out = new LinkedHashMap<>();
        for (final Object source : sources) {
            if (source instanceof ErrorFile) {
                final ErrorFile f = (ErrorFile) source;
                out.put(f.status(), f);
                continue;
            }
            if (source instanceof HttpErrorParser.Reset reset) {
                out.remove(reset.status());
                continue;
            }
            final ErrorLocParser.ErrorsRef ref = (ErrorLocParser.ErrorsRef) source;
            final Declared section = sections.get(ref.section());
            if (section == null) {
                diag.error(ref.where(), "proxy '" + proxy + "': unknown http-errors section '"
                    + Messages.echo(ref.section()) + "'");
                continue;
            }
            if (ref.statuses().isEmpty()) {
                out.putAll(section.replies());
                continue;
            }
            for (final int status : ref.statuses()) {
                final ErrorFile f = section.replies().get(status);
                if (f != null) {
                    out.put(status, f);
                } else {
                    diag.warning(ref.where(), "proxy '" + proxy + "': status '" + status + "' not declared in"
                        + " http-errors section '" + ref.section() + "'");
                }
            }
        }
        return new TreeMap<>(out);
    }
}
