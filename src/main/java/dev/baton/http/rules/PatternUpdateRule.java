package dev.baton.http.rules;

import dev.baton.sample.SampleContext;
import dev.baton.sample.match.PatternRef;
import dev.baton.sample.match.PatternRefs;
import dev.baton.sample.match.PatternUpdates;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * {@code http-request|http-response set-map(FILE) KEY VALUE}, {@code del-map(FILE) KEY}, {@code add-acl(FILE) KEY},
 * {@code del-acl(FILE) KEY}: the entry KEY (a log-format value, rendered when the rule runs) of the map or pattern
 * file FILE the configuration loaded is set, added or removed, as the runtime API's {@code set map}, {@code add acl},
 * {@code del map} would; FILE not loaded by the configuration: nothing happens, as in HAProxy. The change is handed
 * to {@link PatternUpdates} (off the reactor) and shows in lookups shortly after. Allocates the key and value
 * strings when it fires. Immutable but for the reference found at the first use; shared by reactors.
 */
public final class PatternUpdateRule implements HttpRule {
    private final Kind kind;
    private final String file;
    private final PatternRefs refs;
    private final ValueTemplate key;
    private final ValueTemplate value;
    private final Condition condition;

    public PatternUpdateRule(final Kind kind, final String file, final PatternRefs refs, final ValueTemplate key,
                             final ValueTemplate value, final Condition condition) {
        if (kind != Kind.SET_MAP && kind != Kind.DEL_MAP && kind != Kind.ADD_ACL && kind != Kind.DEL_ACL) {
            throw new IllegalArgumentException(kind.name());
        }
        this.kind = kind;
        this.file = file;
        this.refs = refs;
        this.key = key;
        this.value = value;
        this.condition = condition;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public Condition condition() {
        return condition;
    }

    /** The file named in parentheses. */
    public String file() {
        return file;
    }

    /** Renders key (and value) for {@code ctx} in {@code scratch} and queues the change. Reactor thread. */
    public void apply(final SampleContext ctx, final ByteBuffer scratch) {
        final PatternRef ref = refs.named(file);
        if (ref == null) {
            return;
        }
        final String k = render(key, ctx, scratch);
        if (k == null) {
            return;
        }
        final int change = kind == Kind.SET_MAP ? PatternRef.UPSERT : kind == Kind.ADD_ACL ? PatternRef.ADD_IF_ABSENT
            : PatternRef.DELETE;
        final String v = kind == Kind.SET_MAP ? render(value, ctx, scratch) : null;
        if (kind == Kind.SET_MAP && v == null) {
            return;
        }
        PatternUpdates.submit(ref, new PatternRef.TrafficChange(change, k, v));
    }

    private static String render(final ValueTemplate t, final SampleContext ctx, final ByteBuffer scratch) {
        scratch.clear();
        final int n = t.render(ctx, scratch);
        return n < 0 ? null : new String(scratch.array(), 0, n, StandardCharsets.ISO_8859_1);
    }
}
