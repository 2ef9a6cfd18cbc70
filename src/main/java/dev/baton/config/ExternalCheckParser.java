package dev.baton.config;

import java.util.List;

/**
 * {@code external-check command CMD} and {@code external-check path PATH} in {@code defaults}, {@code backend} and
 * {@code listen} sections (HAProxy's words and errors), and the checks HAProxy makes once every section is read:
 * {@code option external-check} needs a command and the global {@code external-check}; without the global
 * {@code insecure-fork-wanted} it is a warning (the checks then fail as HAProxy's do); a command without the option
 * is ignored with a warning. Stateless.
 */
final class ExternalCheckParser {
    private ExternalCheckParser() {
    }

    static void line(final Directive d, final ProxyDraft p) {
        final String sub = d.has(1) ? d.word(1) : "";
        if (!sub.equals("command") && !sub.equals("path")) {
            throw new LineError("'external-check' only supports 'command' and 'path'. but got '" + sub + "'");
        }
        if (!d.has(2)) {
            throw new LineError("missing argument after '" + sub + "'");
        }
        d.noMoreThan(3, "external-check " + sub);
        final ExternalCheck e = p.checks.external;
        p.checks.external = sub.equals("command") ? new ExternalCheck(d.word(2), e.path())
            : new ExternalCheck(e.command(), d.word(2));
    }

    /** HAProxy's post-parse checks of every backend's external check. */
    static void validate(final List<ProxyConfig> proxies, final ProcessOptions process, final Diagnostics diag) {
        for (final ProxyConfig p : proxies) {
            final CheckRuleset checks = p.checks();
            if (checks == null) {
                continue;
            }
            if (checks.kind() != CheckRuleset.Kind.EXTERNAL) {
                continue;
            }
            final String proxy = "Proxy '" + p.name() + "' : ";
            if (checks.external().command() == null) {
                diag.error(p.where(), proxy + "'option external-check' unable to find required 'external-check "
                    + "command'");
            }
            if (!process.externalCheck()) {
                diag.error(p.where(), proxy + "'option external-check' unable to find required "
                    + "'global.external-check'");
            }
            if (!process.insecureForkWanted()) {
                diag.warning(p.where(), proxy + "'insecure-fork-wanted' not enabled in the global section, 'option "
                    + "external-check' will likely fail");
            }
        }
    }
}
