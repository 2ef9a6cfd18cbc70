package dev.baton.config;

/**
 * HAProxy 2.6's rule for health checks of a server whose port follows the client's (no port, or {@code +N}/
 * {@code -N}): there is no client when a check runs, so the check needs a port of its own ({@code port}), or a
 * tcp-check ruleset whose connect rules all name one; else the configuration is refused with HAProxy's words.
 * Unix servers need no port. Pure.
 */
final class MappedPortChecks {
    private MappedPortChecks() {
    }

    static void validate(final ProxyConfig p, final Diagnostics diag) {
        if (!p.kind().isBackend()) {
            return;
        }
        for (final ServerConfig s : p.servers()) {
            if (!s.check().enabled() || !s.mapPorts() || s.check().port() != 0) {
                continue;
            }
            final String message = problem(p.checks());
            if (message != null) {
                diag.error(s.where(), "config: " + p.kind().keyword() + " '" + p.name() + "': server '" + s.name()
                    + "' " + message);
            }
        }
    }

    /** What HAProxy says of a server without a service port under {@code checks}; null when its rules suffice. */
    static String problem(final CheckRuleset checks) {
        if (checks == null || checks.kind() != CheckRuleset.Kind.TCP || checks.rules().isEmpty()) {
            return "has neither service port nor check port.";
        }
        final CheckRule first = checks.rules().get(0);
        if (!(first instanceof CheckRule.Connect) || ((CheckRule.Connect) first).port() == 0) {
            return "has neither service port nor check port nor tcp_check rule 'connect' with port information.";
        }
        for (final CheckRule r : checks.rules()) {
            if (r instanceof CheckRule.Connect && ((CheckRule.Connect) r).port() == 0) {
                return "has neither service port nor check port, and a tcp_check rule 'connect' with no port "
                    + "information.";
            }
        }
        return null;
    }
}
