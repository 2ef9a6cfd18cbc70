package dev.baton.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SPOE checks that need every proxy: each engine's agent names a backend that exists and runs {@code mode tcp}
 * (HAProxy's {@code spoe_check}). While {@link UnsupportedKeywords#SPOE_READY} is false, every {@code filter spoe}
 * line is refused after it was read and checked, so that a configuration using SPOE fails {@code baton -c} with its
 * own errors first. Reports to the {@link Diagnostics}; pure otherwise.
 */
final class SpoeValidator {
    /** The events baton sends messages at, and how messages name them. */
    private static final java.util.Set<SpoeEvent> RUN = java.util.EnumSet.of(SpoeEvent.ON_CLIENT_SESSION,
        SpoeEvent.ON_FRONTEND_TCP_REQUEST, SpoeEvent.ON_FRONTEND_HTTP_REQUEST, SpoeEvent.ON_HTTP_RESPONSE);
    private static final String EVENTS_RUN = "'on-client-session', 'on-frontend-tcp-request',"
        + " 'on-frontend-http-request' and 'on-http-response' only";
    private SpoeValidator() {
    }

    static void validate(final List<ParsedProxy> proxies, final Diagnostics diag) {
        final Map<String, ProxyConfig> backends = new HashMap<>();
        for (final ParsedProxy parsed : proxies) {
            final ProxyConfig p = parsed.config();
            if (p.kind().isBackend()) {
                backends.putIfAbsent(p.name(), p);
            }
        }
        for (final ParsedProxy parsed : proxies) {
            final ProxyConfig p = parsed.config();
            for (final SpoeEngine e : p.extras().spoe()) {
                final SpoeAgent a = e.agent();
                final ProxyConfig target = backends.get(a.backend());
                if (target == null) {
                    diag.error(e.where(), "Proxy " + p.name() + " : unknown backend '" + a.backend() + "' used by SPOE"
                        + " agent '" + a.name() + "' declared at " + a.where() + ".");
                } else if (target.mode() != Mode.TCP) {
                    diag.error(e.where(), "Proxy " + p.name() + " : backend '" + target.name() + "' used by SPOE agent '"
                        + a.name() + "' declared at " + a.where() + " does not support HTTP mode.");
                }
                if (!UnsupportedKeywords.SPOE_READY) {
                    diag.error(e.where(), Messages.notImplemented("filter spoe"));
                } else {
                    notYet(p, e, diag);
                }
            }
        }
    }

    /** What baton does not run yet of an engine, each an error naming what does run. */
    private static void notYet(final ProxyConfig p, final SpoeEngine e, final Diagnostics diag) {
        if (!p.kind().isFrontend()) {
            diag.error(e.where(), "'filter spoe' in a backend section is not implemented yet: baton runs SPOE engines"
                + " declared in a frontend or listen section; move the line there");
            return;
        }
        if (p.mode() != Mode.HTTP) {
            diag.error(e.where(), "'filter spoe' in a mode tcp proxy is not implemented yet: baton runs SPOE engines"
                + " in mode http, at " + EVENTS_RUN);
            return;
        }
        for (final SpoeEvent event : e.events().keySet()) {
            if (!RUN.contains(event)) {
                diag.error(e.messages(event).get(0).where(), "SPOE event '" + event.keyword() + "' is not implemented"
                    + " yet: baton sends SPOE messages at " + EVENTS_RUN);
            }
        }
        if (!e.agent().logs().isEmpty()) {
            diag.error(e.agent().where(), "'log' in a spoe-agent section is not implemented yet: baton does not write"
                + " SPOE's log lines; remove the line");
        }
    }
}
