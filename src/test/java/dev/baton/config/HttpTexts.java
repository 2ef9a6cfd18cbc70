package dev.baton.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Configurations for {@code mode http} tests: an http frontend {@code f} on lines 1-6 sending to an http
 * backend {@code b} on lines 7-11; the lines given follow from line 12 on, usually in a section of their own.
 */
final class HttpTexts {
    static final List<String> HEAD = List.of(
        "frontend f",                   // 1
        "    mode http",                // 2
        "    bind :80",                 // 3
        "    timeout client 1s",        // 4
        "    default_backend b",        // 5
        "    # more frontend lines",    // 6
        "backend b",                    // 7
        "    mode http",                // 8
        "    timeout connect 1s",       // 9
        "    timeout server 1s",        // 10
        "    server s 127.0.0.1:1");    // 11

    private HttpTexts() {
    }

    static String[] with(final String... lines) {
        return ConfigTexts.concat(HEAD, lines);
    }

    /** Frontend {@code f} of {@link #HEAD} (lines 1-5) with {@code lines} from line 6, then backend {@code b}. */
    static String[] inFrontend(final String... lines) {
        final List<String> all = new ArrayList<>(HEAD.subList(0, 5));
        all.addAll(List.of(lines));
        all.addAll(HEAD.subList(6, HEAD.size()));
        return all.toArray(new String[0]);
    }

    static BatonConfig parse(final String... lines) throws ConfigException {
        return ConfigTexts.parse(with(lines));
    }

    static List<String> errors(final String... lines) {
        return ConfigTexts.errors(with(lines));
    }

    static List<String> warnings(final String... lines) throws ConfigException {
        return ConfigTexts.warnings(with(lines));
    }

    /** The http settings of proxy {@code name} in a frontend or listen sense (frontend first). */
    static HttpOptions http(final BatonConfig config, final String name) {
        for (final ProxyConfig p : config.proxies()) {
            if (p.name().equals(name)) {
                return p.http();
            }
        }
        throw new AssertionError("no proxy " + name);
    }
}
