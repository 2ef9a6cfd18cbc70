package dev.baton.stats.cli;

import dev.baton.config.AccessLevel;

import java.util.List;

/**
 * One runtime API command, named by its leading words ({@code show stat}, {@code set server}). Runs on
 * reactor 0 and must not block: it reads the snapshot or the shared state, changes volatile or atomic
 * fields, or asks reactors through commands, and returns at once.
 */
public interface CliCommand {
    /** The words that name the command, such as {@code ["show", "servers", "state"]}. */
    List<String> keywords();

    /** The syntax shown by {@code help}, such as {@code show servers state [<backend>]}. */
    String usage();

    /** What {@code help} says the command does, in a few words. */
    String description();

    /** The lowest socket level allowed to run it. */
    AccessLevel level();

    /**
     * HAProxy's expert commands: refused ("restricted to expert mode only") and left out of {@code help} until the
     * connection says {@code expert-mode on}.
     */
    default boolean expertOnly() {
        return false;
    }

    /**
     * Runs the command with the words that follow its keywords, appending its answer to {@code out}: lines
     * each ending with a newline, none of them empty (an empty line ends an answer). A bad argument is one
     * line saying what is wrong; the connection stays open.
     */
    void run(CliContext context, List<String> args, StringBuilder out);
}
