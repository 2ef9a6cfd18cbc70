package dev.baton.listener;

import dev.baton.backend.Backend;
import dev.baton.config.BackendSwitch;
import dev.baton.sample.SampleContext;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A frontend's switching rules, HAProxy's {@code process_switching_rules}: the first {@code use_backend} whose
 * condition holds picks the backend; a dynamic name ({@code %[...]}) is rendered then, and one that names no backend
 * of the frontend's mode stops the rules; whatever none picked goes to {@code default_backend}. Runs on the thread of
 * the stream {@code ctx} describes; a dynamic name costs one short string per match, nothing else allocates.
 */
public final class BackendChoice {
    private BackendChoice() {
    }

    /** The backend for the stream {@code ctx} of {@code frontend} (null when nothing routes it). */
    public static Backend of(final Frontend frontend, final SampleContext ctx) {
        final List<BackendSwitch> rules = frontend.config().http().useBackends();
        for (int i = 0; i < rules.size(); i++) {
            final BackendSwitch rule = rules.get(i);
            if (!rule.condition().test(ctx)) {
                continue;
            }
            if (!rule.dynamic()) {
                return frontend.switchTarget(i);
            }
            final Backend named = named(frontend, rule, ctx);
            return named != null ? named : frontend.defaultBackend();
        }
        return frontend.defaultBackend();
    }

    /** The backend the dynamic name of {@code rule} renders to, or null (none, or not of the frontend's mode). */
    private static Backend named(final Frontend frontend, final BackendSwitch rule, final SampleContext ctx) {
        final ByteBuffer b = ctx.scratch().next();
        final int n = rule.dynamicName().render(ctx, b);
        if (n <= 0) {
            return null;
        }
        final byte[] name = new byte[n];
        b.get(0, name);
        final Backend backend = frontend.backendNamed(new String(name, StandardCharsets.ISO_8859_1));
        return backend != null && backend.config().mode() == frontend.config().mode() ? backend : null;
    }
}
