package dev.baton.config;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The global keywords that change the environment the rest of the configuration is read with, as HAProxy's:
 * {@code setenv NAME VALUE} (set or replace), {@code presetenv NAME VALUE} (set only if unset), {@code unsetenv
 * NAME...} and {@code resetenv [NAME...]} (remove all but the names given). A change applies from the next line
 * on, to {@code $VAR} expansion and to {@code defined(VAR)}. baton starts no program, so the map read by the
 * configuration is the whole effect (it is not copied into the JVM's own environment, which Java cannot change).
 * Config-reading thread.
 */
final class EnvironmentKeywords {
    static final Set<String> KEYWORDS = Set.of("setenv", "presetenv", "unsetenv", "resetenv");

    private EnvironmentKeywords() {
    }

    /** Applies {@code d} (one of {@link #KEYWORDS}) to {@code env}. */
    static void apply(final Directive d, final Map<String, String> env) {
        final String kw = d.keyword();
        switch (kw) {
            case "setenv":
            case "presetenv": {
                final String name = d.require(1, kw, "a variable name and a value");
                final String value = d.require(2, kw, "a variable name and a value");
                d.noMoreThan(3, kw);
                if (kw.equals("setenv") || !env.containsKey(name)) {
                    env.put(name, value);
                }
                break;
            }
            case "unsetenv":
                d.require(1, kw, "at least one variable name");
                for (int i = 1; i < d.size(); i++) {
                    env.remove(d.word(i));
                }
                break;
            default: {
                final Set<String> keep = new HashSet<>();
                for (int i = 1; i < d.size(); i++) {
                    keep.add(d.word(i));
                }
                env.keySet().retainAll(keep);
                break;
            }
        }
    }
}
