package dev.baton.config;

import java.util.EnumSet;
import java.util.Set;

/**
 * The proxy keywords of server-state loading, as HAProxy 2.6's {@code cfgparse-listen.c} reads them:
 * {@code load-server-state-from-file global|local|none} and {@code server-state-file-name [NAME|use-backend-name]}
 * (no argument or {@code use-backend-name}: the backend's name). Both are inherited from {@code defaults} and have
 * no effect on a frontend. Stateless.
 */
final class ServerStateKeywords {
    private static final Set<Section> ALL = EnumSet.of(Section.DEFAULTS, Section.FRONTEND, Section.BACKEND,
        Section.LISTEN);

    private ServerStateKeywords() {
    }

    static void register(final ProxyIdentityParser.Registry r) {
        r.add("load-server-state-from-file", ALL, ServerStateKeywords::load);
        r.add("server-state-file-name", ALL, ServerStateKeywords::fileName);
    }

    private static void load(final Directive d, final ProxyDraft p) {
        final String kw = "load-server-state-from-file";
        final String value = d.has(1) ? d.word(1) : "";
        final ServerStateSource.Mode mode;
        switch (value) {
            case "global":
                mode = ServerStateSource.Mode.GLOBAL;
                break;
            case "local":
                mode = ServerStateSource.Mode.LOCAL;
                break;
            case "none":
                mode = ServerStateSource.Mode.NONE;
                break;
            default:
                throw new LineError("'" + kw + "' expects 'global', 'local' or 'none'. Got '" + Messages.echo(value)
                    + "'");
        }
        d.noMoreThan(2, kw);
        p.serverState = new ServerStateSource(mode, p.serverState.fileName());
    }

    private static void fileName(final Directive d, final ProxyDraft p) {
        final String kw = "server-state-file-name";
        d.noMoreThan(2, kw);
        final String value = d.has(1) ? d.word(1) : "";
        // HAProxy stores the proxy's own name for use-backend-name; in defaults that name would be the defaults
        // section's, so baton keeps "the backend's name" (null) and resolves it per backend
        final String name = value.isEmpty() || value.equals("use-backend-name")
            ? (p.section == Section.DEFAULTS ? null : p.name) : value;
        p.serverState = new ServerStateSource(p.serverState.mode(), name);
    }
}
