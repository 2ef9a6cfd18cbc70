package dev.baton.config;

import dev.baton.http.rules.AclTerm;
import dev.baton.http.rules.ServerRules;
import dev.baton.http.rules.ValueTemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code use-server NAME|FORMAT if|unless COND}, {@code force-persist if|unless COND} and {@code ignore-persist
 * if|unless COND} in a backend or listen section (mode http), kept as drafts until the proxy's ACLs are all known,
 * then compiled into {@link ServerRules}. Configuration thread.
 */
final class ServerRulesParser {
    /** A use-server rule as written. */
    record UseServerDraft(String name, ConditionDraft condition, SourceLocation where) {
    }

    /** A persistence rule as written. */
    record PersistDraft(boolean force, ConditionDraft condition, SourceLocation where) {
    }

    private ServerRulesParser() {
    }

    static void useServer(final Directive d, final ProxyDraft p) {
        if (p.section == Section.DEFAULTS) {
            throw new LineError("'use-server' not allowed in 'defaults' section.");
        }
        final String name = d.require(1, "use-server", "a server name");
        if (!ConditionParser.starts(d, 2)) {
            throw new LineError("'use-server' requires either 'if' or 'unless' followed by a condition.");
        }
        p.http.useServers.add(new UseServerDraft(name, ConditionParser.parse(d, 2, p.http), d.where()));
    }

    static void persist(final Directive d, final ProxyDraft p) {
        final String kw = d.keyword();
        if (p.section == Section.DEFAULTS) {
            throw new LineError("'" + kw + "' not allowed in 'defaults' section.");
        }
        if (!ConditionParser.starts(d, 1)) {
            throw new LineError("'" + kw + "' requires either 'if' or 'unless' followed by a condition.");
        }
        p.http.persistRules.add(new PersistDraft(kw.equals("force-persist"), ConditionParser.parse(d, 1, p.http),
            d.where()));
    }

    /**
     * The compiled rules of a backend whose server names are {@code servers}: a plain name must be one of them (else
     * HAProxy's error), a name with {@code %[} is a log-format resolved per request.
     */
    static ServerRules compile(final List<UseServerDraft> useServers, final List<PersistDraft> persist,
                               final java.util.Map<String, List<AclTerm>> acls, final List<String> servers,
                               final Mode mode, final String proxy, final Diagnostics diag) {
        if (useServers.isEmpty() && persist.isEmpty()) {
            return ServerRules.NONE;
        }
        if (mode != Mode.HTTP) {
            final SourceLocation where = !useServers.isEmpty() ? useServers.get(0).where() : persist.get(0).where();
            diag.error(where, "'use-server', 'force-persist' and 'ignore-persist' are not implemented in mode tcp "
                + "yet (" + proxy + "); route with 'use_backend' to a backend of that one server instead");
            return ServerRules.NONE;
        }
        final List<ServerRules.UseServer> uses = new ArrayList<>();
        for (final UseServerDraft u : useServers) {
            final var condition = u.condition().compile(acls, AclTerm.Side.REQUEST, "'use-server' rules", diag);
            if (u.name().contains("%[")) {
                try {
                    final ValueTemplate dynamic = ValueTemplateParser.parse(u.name(), AclTerm.Side.REQUEST,
                        "use-server", false);
                    uses.add(new ServerRules.UseServer(null, dynamic, condition));
                } catch (final LineError e) {
                    diag.error(u.where(), "use-server rule failed to parse log-format '" + u.name() + "' : "
                        + e.getMessage() + ".");
                }
            } else if (!servers.contains(u.name())) {
                diag.error(u.where(), proxy + " : unable to find server '" + u.name() + "' referenced in a "
                    + "'use-server' rule.");
            } else {
                uses.add(new ServerRules.UseServer(u.name(), null, condition));
            }
        }
        final List<ServerRules.PersistRule> rules = new ArrayList<>();
        for (final PersistDraft r : persist) {
            rules.add(new ServerRules.PersistRule(r.force(),
                r.condition().compile(acls, AclTerm.Side.REQUEST, "'" + (r.force() ? "force" : "ignore")
                    + "-persist' rules", diag)));
        }
        return new ServerRules(uses, rules);
    }
}
