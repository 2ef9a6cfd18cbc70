package dev.baton.sample.vars;

import dev.baton.sample.Args;
import dev.baton.sample.Converter;
import dev.baton.sample.SampleException;
import dev.baton.sample.SampleRegistry;
import dev.baton.sample.SampleType;
import dev.baton.sample.Uses;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The sample keywords of variables, as HAProxy 2.6 has them: the fetch {@code var(NAME[,DEFAULT])} (the stored
 * value with its type; without one, DEFAULT as a string, else no sample), usable everywhere; the converters
 * {@code set-var(NAME[,COND...])} (stores its input and passes it on; fails, so the expression has no sample, when a
 * condition refuses the set) and {@code unset-var(NAME)}. Names resolve to slots at load ({@link VarNames}).
 */
public final class VarSamples {
    /** HAProxy's set-var conditions, in its order; their bits are {@code VarStore.IF_*} in the same order. */
    public static final List<String> CONDITIONS = List.of("ifexists", "ifnotexists", "ifempty", "ifnotempty", "ifset",
        "ifnotset", "ifgt", "iflt");

    private VarSamples() {
    }

    public static void register(final SampleRegistry r) {
        r.fetch("var", SampleType.ANY, Uses.INTERNAL, 1, 2, VarSamples::fetch);
        r.converter("set-var", SampleType.ANY, SampleType.ANY, 1, 5, a -> {
            final VarName v = VarNames.resolve(a.required(0, "string"));
            int conditions = 0;
            for (int i = 1; i < a.size(); i++) {
                conditions |= condition(a.str(i));
            }
            final int flags = conditions;
            return (ctx, smp) -> {
                final VarStore s = Vars.store(ctx, v.scope());
                return s != null && s.set(v.slot(), smp, flags);
            };
        });
        r.converter("unset-var", SampleType.ANY, SampleType.ANY, 1, 1, a -> {
            final VarName v = VarNames.resolve(a.required(0, "string"));
            return (Converter) (ctx, smp) -> {
                final VarStore s = Vars.store(ctx, v.scope());
                if (s == null) {
                    return false;
                }
                s.unset(v.slot());
                return true;
            };
        });
    }

    private static dev.baton.sample.Fetch fetch(final Args a) {
        final VarName v = VarNames.resolve(a.required(0, "string"));
        if (a.size() < 2) {
            return (ctx, out) -> {
                final VarStore s = Vars.store(ctx, v.scope());
                return s != null && s.get(v.slot(), out, ctx.scratch());
            };
        }
        final ByteBuffer fallback = ByteBuffer.wrap(a.str(1).getBytes(StandardCharsets.UTF_8));
        final int length = fallback.limit();
        return (ctx, out) -> {
            final VarStore s = Vars.store(ctx, v.scope());
            if (s == null) {
                return false; // the scope is not available here: no sample, default or not (HAProxy's var_to_smp)
            }
            return s.get(v.slot(), out, ctx.scratch()) || out.setString(fallback, 0, length) != null;
        };
    }

    /** The {@code VarStore.IF_*} bit of condition {@code word}; an unknown one is refused with HAProxy's words. */
    public static int condition(final String word) {
        final int i = CONDITIONS.indexOf(word);
        if (i < 0) {
            throw new SampleException("unknown condition \"" + word + "\"");
        }
        return 1 << i;
    }
}
