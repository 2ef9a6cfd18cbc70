package dev.baton.config;

import java.util.Map;

/**
 * Once every section is read: each server's {@code resolvers NAME} names a declared section (HAProxy's "unable to
 * find required resolvers"), and a section without a name server is worth a warning (its servers keep their
 * start-up address, as HAProxy's do). Stateless.
 */
final class ResolversValidator {
    private ResolversValidator() {
    }

    static void validate(final Map<String, ResolversConfig> sections, final Iterable<ProxyConfig> proxies,
                         final Diagnostics diag) {
        for (final ProxyConfig p : proxies) {
            if (!p.kind().isBackend()) {
                continue;
            }
            for (final ServerConfig s : p.servers()) {
                final String wanted = s.dns().resolvers();
                if (wanted != null && !sections.containsKey(wanted)) {
                    diag.error(s.where(), "backend '" + p.name() + "', server '" + s.name()
                        + "': unable to find required resolvers '" + wanted + "'");
                }
            }
        }
        for (final ResolversConfig r : sections.values()) {
            if (r.nameservers().isEmpty()) {
                diag.warning(r.where(), "resolvers '" + r.name() + "' declares no nameserver: its servers keep the "
                    + "address they started with");
            }
        }
    }
}
