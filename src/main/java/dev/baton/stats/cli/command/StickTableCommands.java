package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliCommand;
import dev.baton.stats.cli.CliContext;
import dev.baton.stick.StickDataType;
import dev.baton.stick.StickEntry;
import dev.baton.stick.StickKey;
import dev.baton.stick.StickTable;
import dev.baton.stick.StickTables;

import java.util.List;

/**
 * {@code show table [NAME [data.TYPE OP VALUE]... | [key KEY]]}, {@code clear table NAME [data.TYPE OP VALUE]... |
 * [key KEY]} and {@code set table NAME key KEY [data.TYPE VALUE]...}, in HAProxy 2.6's words and format (the entry
 * address HAProxy prints is an entry number here). Keys are written as the table stores them: an IPv4 or IPv6
 * address, an unsigned 32-bit integer, a string; binary tables are refused as HAProxy refuses them. Entries are
 * shown only to the operator level and above. Runs on the runtime API's thread; tables are thread-safe.
 */
final class StickTableCommands {
    private static final int MAX_FILTERS = 4;

    private StickTableCommands() {
    }

    static List<CliCommand> all() {
        return List.of(
            new Command("show table [<table> [data.<type> <op> <value>]* | [key <key>]]",
                "report table usage stats or dump this table's contents", AccessLevel.USER, Action.SHOW, "show", "table"),
            new Command("clear table <table> [data.<type> <op> <value>]* | [key <key>]",
                "remove an entry from a table", AccessLevel.OPERATOR, Action.CLEAR, "clear", "table"),
            new Command("set table <table> key <key> [data.<type> <value>]*",
                "update or create a table entry's data", AccessLevel.OPERATOR, Action.SET, "set", "table"));
    }

    private enum Action { SHOW, CLEAR, SET }

    private static final class Command extends BaseCommand {
        private final Action action;

        Command(final String usage, final String description, final AccessLevel level, final Action action,
                final String... keywords) {
            super(usage, description, level, keywords);
            this.action = action;
        }

        @Override
        public void run(final CliContext context, final List<String> args, final StringBuilder out) {
            final StickTables tables = context.source().stickTables();
            if (args.isEmpty()) {
                if (action != Action.SHOW) {
                    out.append("Required arguments: <table> \"data.<store_data_type>\" <operator> <value> or <table> "
                        + "key <key>\n");
                    return;
                }
                final List<StickTable> all = new java.util.ArrayList<>(tables.all());
                java.util.Collections.reverse(all); // HAProxy lists the last declared table first
                for (final StickTable t : all) {
                    head(t, out);
                }
                return;
            }
            final StickTable t = tables.get(args.get(0));
            if (t == null) {
                out.append("No such table\n");
                return;
            }
            if (args.size() >= 2 && args.get(1).equals("key")) {
                byKey(context, t, args, out);
                return;
            }
            if (action == Action.SET) {
                out.append("Required arguments: <table> key <key> [data.<store_data_type> <value>]*\n");
                return;
            }
            if (args.size() >= 2 && !args.get(1).startsWith("data.")) {
                out.append("Optional argument only supports \"data.<store_data_type>\" <operator> <value> and key "
                    + "<key>\n");
                return;
            }
            final Filter[] filters = filters(t, args, out);
            if (filters == null) {
                return;
            }
            if (action == Action.SHOW) {
                head(t, out);
                if (!context.level().allows(AccessLevel.OPERATOR)) {
                    out.append("# contents not dumped due to insufficient privileges\n");
                    return;
                }
            }
            for (final StickEntry e : t.snapshot()) {
                if (matches(t, e, filters)) {
                    if (action == Action.SHOW) {
                        entry(t, e, out);
                    } else {
                        t.removeEntry(e);
                    }
                }
            }
        }

        private void byKey(final CliContext context, final StickTable t, final List<String> args,
                           final StringBuilder out) {
            if (args.size() < 3) {
                out.append("Key value expected\n");
                return;
            }
            final StickKey key = StickTableKeys.parse(t, args.get(2), action, out);
            if (key == null) {
                return;
            }
            switch (action) {
                case SHOW: {
                    final StickEntry e = t.lookup(key);
                    if (e == null) {
                        return; // HAProxy says nothing, not even the head
                    }
                    head(t, out);
                    if (!context.level().allows(AccessLevel.OPERATOR)) {
                        out.append("# contents not dumped due to insufficient privileges\n");
                        return;
                    }
                    entry(t, e, out);
                    return;
                }
                case CLEAR: {
                    final StickEntry e = t.lookup(key);
                    if (e != null && !t.removeEntry(e)) {
                        out.append("Entry currently in use, cannot remove\n");
                    }
                    return;
                }
                default:
                    set(t, key, args, out);
            }
        }

        private static void set(final StickTable t, final StickKey key, final List<String> args,
                                final StringBuilder out) {
            final StickDataType[] types = new StickDataType[args.size()];
            final long[] values = new long[args.size()];
            int n = 0;
            for (int i = 3; i < args.size(); i += 2) {
                if (!args.get(i).startsWith("data.") || i + 1 >= args.size()) {
                    out.append("\"data.<type>\" followed by a value expected\n");
                    return;
                }
                final StickDataType type = StickDataType.of(args.get(i).substring(5));
                if (type == null && !StickDataType.unsupported(args.get(i).substring(5))) {
                    out.append("Unknown data type\n");
                    return;
                }
                if (type == null || !t.stores(type)) {
                    out.append("Data type not stored in this table\n");
                    return;
                }
                final Long v = number(args.get(i + 1));
                if (v == null) {
                    out.append("Require a valid integer value to store\n");
                    return;
                }
                types[n] = type;
                values[n++] = v;
            }
            final StickEntry e = t.getOrCreate(key);
            if (e == null) {
                out.append("Unable to allocate a new entry\n");
                return;
            }
            for (int i = 0; i < n; i++) {
                t.set(e, types[i], values[i]);
            }
        }
    }

    /** One {@code data.TYPE OP VALUE} condition. */
    private record Filter(StickDataType type, String op, long value) {
    }

    private static Filter[] filters(final StickTable t, final List<String> args, final StringBuilder out) {
        final int count = (args.size() - 1) / 3;
        if ((args.size() - 1) % 3 != 0 || count > MAX_FILTERS) {
            final int extra = 1 + Math.min(count, MAX_FILTERS) * 3;
            out.append("Detected extra data in filter, ").append(extra + 2).append("th word of input, after '")
                .append(args.get(extra - 1)).append("'\n");
            return null;
        }
        final Filter[] filters = new Filter[count];
        for (int i = 0; i < count; i++) {
            final String word = args.get(1 + 3 * i);
            final StickDataType type = word.startsWith("data.") ? StickDataType.of(word.substring(5)) : null;
            final String prefix = "Filter entry #" + (i + 1) + ": ";
            if (type == null && !(word.startsWith("data.") && StickDataType.unsupported(word.substring(5)))) {
                out.append(prefix).append("Unknown data type\n");
                return null;
            }
            if (type == null || !t.stores(type)) {
                out.append(prefix).append("Data type not stored in this table\n");
                return null;
            }
            final String op = args.get(2 + 3 * i);
            if (!List.of("eq", "ne", "le", "ge", "lt", "gt").contains(op)) {
                out.append(prefix).append("Require and operator among \"eq\", \"ne\", \"le\", \"ge\", \"lt\", \"gt\"\n");
                return null;
            }
            final Long v = number(args.get(3 + 3 * i));
            if (v == null) {
                out.append(prefix).append("Require a valid integer value to compare against\n");
                return null;
            }
            filters[i] = new Filter(type, op, v);
        }
        return filters;
    }

    private static boolean matches(final StickTable t, final StickEntry e, final Filter[] filters) {
        for (final Filter f : filters) {
            final long v = t.read(e, f.type());
            final boolean ok;
            switch (f.op()) {
                case "eq":
                    ok = v == f.value();
                    break;
                case "ne":
                    ok = v != f.value();
                    break;
                case "le":
                    ok = v <= f.value();
                    break;
                case "ge":
                    ok = v >= f.value();
                    break;
                case "lt":
                    ok = v < f.value();
                    break;
                default:
                    ok = v > f.value();
                    break;
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Long number(final String s) {
        try {
            return Long.parseLong(s);
        } catch (final NumberFormatException e) {
            return null;
        }
    }

    private static void head(final StickTable t, final StringBuilder out) {
        out.append("# table: ").append(t.name()).append(", type: ").append(t.config().keyType().keyword())
            .append(", size:").append(t.config().size()).append(", used:").append(t.used()).append('\n');
    }

    private static void entry(final StickTable t, final StickEntry e, final StringBuilder out) {
        out.append("0x").append(Long.toHexString(e.serial())).append(": key=");
        StickTableKeys.format(t, e.key(), out);
        out.append(" use=").append(e.refs()).append(" exp=").append(t.remainingMs(e));
        for (final StickDataType type : StickDataType.values()) {
            if (!t.stores(type)) {
                continue;
            }
            out.append(' ').append(type.keyword());
            if (type.rate()) {
                out.append('(').append(t.config().periodMs(type)).append(')');
            }
            out.append('=');
            if (type == StickDataType.SERVER_KEY) {
                final String key = t.serverKey(e);
                out.append(key == null ? "-" : key); // HAProxy's dictionary entry, "-" when none
            } else {
                out.append(t.read(e, type));
            }
        }
        out.append('\n');
    }
}
