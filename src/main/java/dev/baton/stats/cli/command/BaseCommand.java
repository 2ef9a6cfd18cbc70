package dev.baton.stats.cli.command;

import dev.baton.config.AccessLevel;
import dev.baton.stats.cli.CliCommand;

import java.util.List;

/** The fixed parts of a command (its words, help text and level), so that a subclass is only its {@code run}. */
abstract class BaseCommand implements CliCommand {
    private final List<String> keywords;
    private final String usage;
    private final String description;
    private final AccessLevel level;

    BaseCommand(final String usage, final String description, final AccessLevel level, final String... keywords) {
        this.keywords = List.of(keywords);
        this.usage = usage;
        this.description = description;
        this.level = level;
    }

    @Override
    public final List<String> keywords() {
        return keywords;
    }

    @Override
    public final String usage() {
        return usage;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final AccessLevel level() {
        return level;
    }

    /** Appends one line; for error lines and short answers. */
    static void line(final StringBuilder out, final String text) {
        out.append(text).append('\n');
    }

    /** Refuses words after the expected ones; true when {@code args} has at most {@code max} words. */
    final boolean noMoreThan(final List<String> args, final int max, final StringBuilder out) {
        if (args.size() <= max) {
            return true;
        }
        line(out, "'" + String.join(" ", keywords) + "' does not take '" + args.get(max) + "'. Usage: " + usage);
        return false;
    }
}
