package dev.baton.stats.cli;

import dev.baton.config.AccessLevel;

import java.util.ArrayList;
import java.util.List;

/**
 * The runtime API's commands, found by their leading words, and the help and refusal texts built from them.
 * Immutable once built; reactor 0 uses it.
 */
public final class CommandRegistry {
    /** Width of the usage column in {@code help}. */
    private static final int USAGE_WIDTH = 40;
    static final String PERMISSION_DENIED = "Permission denied";
    static final String EXPERT_ONLY = "This command is restricted to expert mode only.";

    private final List<CliCommand> commands;

    public CommandRegistry(final List<CliCommand> commands) {
        this.commands = List.copyOf(commands);
    }

    public List<CliCommand> commands() {
        return commands;
    }

    /** The command whose keywords start {@code words}, the longest match winning; null if none does. */
    public CliCommand find(final List<String> words) {
        CliCommand best = null;
        for (final CliCommand c : commands) {
            final List<String> kw = c.keywords();
            if (kw.size() <= words.size() && words.subList(0, kw.size()).equals(kw)
                && (best == null || kw.size() > best.keywords().size())) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Runs {@code words} at {@code context}'s level, appending the answer: the command's, "Permission denied"
     * when the level is too low, or the unknown-command text.
     */
    public void execute(final CliContext context, final List<String> words, final StringBuilder out) {
        final CliCommand command = find(words);
        final boolean expert = context.session().expertMode();
        if (command == null) {
            unknown(words, context.level(), expert, out);
        } else if (command.expertOnly() && !expert) {
            out.append(EXPERT_ONLY).append('\n');
        } else if (!context.level().allows(command.level())) {
            out.append(PERMISSION_DENIED).append('\n');
        } else {
            command.run(context, words.subList(command.keywords().size(), words.size()), out);
        }
    }

    /** {@code help}: one line per command the level may run, only those starting with {@code first} if not "". */
    public void help(final AccessLevel level, final boolean expert, final String first, final StringBuilder out) {
        out.append("The following commands are valid at this level:\n");
        usages(level, expert, first, out);
    }

    /**
     * An unknown command: HAProxy's first line, then the commands sharing its first word when there are some,
     * else a pointer to {@code help}.
     */
    void unknown(final List<String> words, final AccessLevel level, final boolean expert, final StringBuilder out) {
        final String first = words.get(0);
        final StringBuilder matches = new StringBuilder();
        usages(level, expert, first, matches);
        out.append("Unknown command: '").append(String.join(" ", words)).append('\'');
        if (matches.length() > 0) {
            out.append(", but maybe one of the following ones is a better match:\n").append(matches);
        } else {
            out.append(". Enter 'help' to list the commands valid at this level.\n");
        }
    }

    /** The usage lines of the commands {@code level} may run whose first word is {@code first} ("" for all). */
    private void usages(final AccessLevel level, final boolean expert, final String first, final StringBuilder out) {
        for (final CliCommand c : commands) {
            if (level.allows(c.level()) && (expert || !c.expertOnly())
                && (first.isEmpty() || c.keywords().get(0).equals(first))) {
                out.append("  ").append(c.usage());
                for (int i = c.usage().length(); i < USAGE_WIDTH; i++) {
                    out.append(' ');
                }
                out.append(": ").append(c.description()).append('\n');
            }
        }
    }
}
