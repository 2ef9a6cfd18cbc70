package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.sample.SampleException;
import dev.baton.sample.match.PatternRef;
import dev.baton.sample.match.PatternRefs;
import dev.baton.stats.cli.CliCommand;
import dev.baton.stats.cli.CliContext;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * HAProxy's map and ACL commands over the configuration's pattern references ({@link PatternRefs}): {@code show},
 * {@code get}, {@code add}, {@code set} (maps), {@code del}, {@code clear}, {@code prepare} and {@code commit}, for
 * {@code map} and {@code acl}, with HAProxy's answers. A change is seen by the next lookup of every reactor (each
 * user of the reference publishes a new snapshot before the command answers). Reactor 0, like every command; the
 * references lock themselves.
 */
final class PatternCommands {
    private static final String MAP = "map";
    private static final String ACL = "acl";

    /** The references of the configuration in force (a reload replaces them). */
    private final Supplier<PatternRefs> current;
    private final String kind;
    /** The references the command being run works on: {@link #current}'s at its start. */
    private PatternRefs refs;

    private PatternCommands(final Supplier<PatternRefs> current, final String kind) {
        this.current = current;
        this.kind = kind;
    }

    /** The map and ACL commands over {@code refs}. */
    static List<CliCommand> all(final Supplier<PatternRefs> refs) {
        final List<CliCommand> out = new ArrayList<>();
        for (final String kind : List.of(ACL, MAP)) {
            final PatternCommands c = new PatternCommands(refs, kind);
            final String id = "<" + kind + ">";
            out.add(new Command(c, "add " + kind + " [@<ver>] " + id + (kind.equals(MAP) ? " <key> <value>" : " <pattern>"),
                "add an entry to a " + kind + (kind.equals(MAP) ? " (or key/value lines as payload)" : ""),
                c::add, "add", kind));
            out.add(new Command(c, "clear " + kind + " [@<ver>] " + id, "remove every entry of a " + kind, c::clear,
                "clear", kind));
            out.add(new Command(c, "commit " + kind + " @<ver> " + id, "make a prepared version of a " + kind + " current",
                c::commit, "commit", kind));
            out.add(new Command(c, "del " + kind + " " + id + " [<key>|#<ref>]", "delete the entries of a key from a "
                + kind, c::delete, "del", kind));
            out.add(new Command(c, "get " + kind + " " + id + " <value>", "show which entries of a " + kind + " match a "
                + "value", c::get, "get", kind));
            out.add(new Command(c, "prepare " + kind + " " + id, "start a new version of a " + kind + " to replace it at "
                + "once", c::prepare, "prepare", kind));
            if (kind.equals(MAP)) {
                out.add(new Command(c, "set map <map> [<key>|#<ref>] <value>", "change the value of a map entry",
                    c::set, "set", kind));
            }
            out.add(new Command(c, "show " + kind + " [[@<ver>] " + id + "]", "list the " + kind + "s, or the entries "
                + "of one", c::show, "show", kind));
        }
        return out;
    }

    /** One command: its words after the keywords, its payload (also the last word) or null, the answer. */
    private interface Action {
        void run(List<String> args, String payload, StringBuilder out);
    }

    private static final class Command extends BaseCommand {
        private final Action action;

        private final PatternCommands owner;

        Command(final PatternCommands owner, final String usage, final String description, final Action action,
                final String... keywords) {
            super(usage, description, AccessLevel.ADMIN, keywords);
            this.owner = owner;
            this.action = action;
        }

        @Override
        public void run(final CliContext context, final List<String> args, final StringBuilder out) {
            owner.refs = owner.current.get();
            action.run(args, context.payload(), out);
        }
    }

    private String unknown() {
        return kind.equals(MAP) ? "Unknown map identifier. Please use #<id> or <file>.\n"
            : "Unknown ACL identifier. Please use #<id> or <file>.\n";
    }

    private String missing() {
        return kind.equals(MAP) ? "Missing map identifier.\n" : "Missing ACL identifier.\n";
    }

    /** A leading {@code @VER} argument: its version, or null when absent (then {@code args} is unchanged). */
    private static Integer version(final List<String> args) {
        if (args.isEmpty() || !args.get(0).startsWith("@")) {
            return null;
        }
        try {
            return Integer.parseUnsignedInt(args.remove(0).substring(1));
        } catch (final NumberFormatException e) {
            return 0;
        }
    }

    private void show(final List<String> given, final String payload, final StringBuilder out) {
        final List<String> args = new ArrayList<>(given);
        if (args.isEmpty()) {
            out.append("# id (file) description\n");
            for (final PatternRef r : refs.usedAs(kind)) {
                out.append(r.listLine()).append('\n');
            }
            return;
        }
        final Integer version = version(args);
        final PatternRef ref = args.isEmpty() ? null : refs.find(args.get(0), kind);
        if (ref == null) {
            out.append(unknown());
            return;
        }
        for (final PatternRef.Entry e : ref.entries(version != null ? version : ref.currentVersion())) {
            out.append(e.refText()).append(' ').append(e.key());
            if (e.value() != null && kind.equals(MAP)) {
                out.append(' ').append(e.value());
            }
            out.append('\n');
        }
    }

    private void get(final List<String> args, final String payload, final StringBuilder out) {
        if (args.size() < 2 || args.get(1).isEmpty()) {
            out.append(kind.equals(MAP) ? "Missing map identifier and/or key.\n"
                : "Missing ACL identifier and/or key.\n");
            return;
        }
        final PatternRef ref = refs.find(args.get(0));
        if (ref == null) {
            out.append(unknown());
            return;
        }
        for (final String line : ref.lookup(kind, args.get(1))) {
            out.append(line).append('\n');
        }
    }

    /**
     * {@code add map [@VER] MAP KEY VALUE}, {@code add map [@VER] MAP} with {@code KEY VALUE} lines as payload (the
     * rest of a line is the value), {@code add acl [@VER] ACL PATTERN}: checked in HAProxy's order (words, reference,
     * version, an ACL whose file has values), then added in order; the first entry a user cannot compile stops there.
     */
    private void add(final List<String> given, final String payload, final StringBuilder out) {
        final List<String> args = new ArrayList<>(given);
        if (payload != null) {
            args.remove(args.size() - 1);
        }
        final Integer version = version(args);
        final boolean map = kind.equals(MAP);
        if (map && (payload == null ? args.size() < 3 || args.get(1).isEmpty() || args.get(2).isEmpty()
            : args.isEmpty())) {
            out.append("'add map' expects three parameters (map identifier, key and value) or one parameter (map "
                + "identifier) and a payload\n");
            return;
        }
        if (!map && (args.size() < 2 || args.get(1).isEmpty())) {
            out.append("'add acl' expects two parameters: ACL identifier and pattern.\n");
            return;
        }
        final PatternRef ref = refs.find(args.get(0));
        if (ref == null) {
            out.append(unknown());
            return;
        }
        final int ver = version != null ? version : ref.currentVersion();
        if (version != null && ref.inFuture(ver)) {
            out.append("Version number in the future, please use 'prepare ").append(kind).append("' before.\n");
            return;
        }
        if (!map && ref.twoColumns()) {
            out.append("This ACL is shared with a map containing samples. You must use the command 'add map' to add "
                + "values.\n");
            return;
        }
        try {
            if (payload == null) {
                ref.add(ver, args.get(1), map ? args.get(2) : null);
                return;
            }
            if (payload.isEmpty() && map) {
                out.append("Missing value for key '\n'.\n"); // HAProxy reads an empty payload as one empty line
                return;
            }
            for (final String line : payload.split("\n")) {
                int end = 0;
                while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t') {
                    end++;
                }
                if (end == line.length() && map) {
                    out.append("Missing value for key '").append(line).append("'.\n");
                    return;
                }
                ref.add(ver, line.substring(0, end), map ? line.substring(end).strip() : null);
            }
        } catch (final SampleException e) {
            out.append(e.getMessage()).append(".\n");
        }
    }

    private void set(final List<String> args, final String payload, final StringBuilder out) {
        if (args.size() < 3 || args.get(2).isEmpty()) {
            out.append("'set map' expects three parameters: map identifier, key and value.\n");
            return;
        }
        final PatternRef ref = refs.find(args.get(0));
        if (ref == null) {
            out.append(unknown());
            return;
        }
        try {
            if (ref.set(args.get(1), args.get(2)) == 0) {
                out.append("entry not found.\n");
            }
        } catch (final SampleException e) {
            out.append(e.getMessage()).append(".\n");
        }
    }

    private void delete(final List<String> args, final String payload, final StringBuilder out) {
        if (args.size() < 2 || args.get(1).isEmpty()) {
            out.append("This command expects two parameters: ").append(kind.equals(MAP) ? "map" : "ACL")
                .append(" identifier and key.\n");
            return;
        }
        final PatternRef ref = refs.find(args.get(0), kind);
        if (ref == null) {
            out.append("Unknown map identifier. Please use #<id> or <file>.\n"); // HAProxy's words for both
            return;
        }
        if (ref.delete(args.get(1)) == 0) {
            out.append("Key not found.\n");
        }
    }

    /** The reference {@code args} start with (used as this kind), or null after appending why there is none. */
    private PatternRef named(final List<String> args, final StringBuilder out) {
        if (args.isEmpty()) {
            out.append(missing());
            return null;
        }
        final PatternRef ref = refs.find(args.get(0), kind);
        if (ref == null) {
            out.append(unknown());
        }
        return ref;
    }

    private void clear(final List<String> given, final String payload, final StringBuilder out) {
        final List<String> args = new ArrayList<>(given);
        final Integer version = version(args);
        final PatternRef ref = named(args, out);
        if (ref != null) {
            ref.clear(version != null ? version : ref.currentVersion());
        }
    }

    private void prepare(final List<String> args, final String payload, final StringBuilder out) {
        final PatternRef ref = args.isEmpty() ? null : refs.find(args.get(0), kind);
        if (ref == null) {
            out.append(unknown());
            return;
        }
        out.append("New version created: ").append(Integer.toUnsignedString(ref.prepare())).append('\n');
    }

    private void commit(final List<String> given, final String payload, final StringBuilder out) {
        final List<String> args = new ArrayList<>(given);
        final Integer version = version(args);
        if (version == null) {
            out.append("Missing version number.\n");
            return;
        }
        final PatternRef ref = named(args, out);
        if (ref != null && !ref.commit(version)) {
            out.append("Version number out of range.\n");
        }
    }
}
