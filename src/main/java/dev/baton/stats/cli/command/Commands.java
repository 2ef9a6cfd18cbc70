package dev.baton.stats.cli.command;

import dev.baton.stats.cli.CommandRegistry;

import java.util.List;

/** The runtime API's commands, in the order {@code help} lists them. */
public final class Commands {
    private Commands() {
    }

    public static CommandRegistry registry() {
        return new CommandRegistry(List.of(
            new HelpCommand(),
            new PromptCommand(),
            new QuitCommand(),
            new ShowInfoCommand(),
            new ShowStatCommand(),
            new ShowServersStateCommand(),
            new ShowServersConnCommand(),
            new ShowActivityCommand(),
            new GetWeightCommand(),
            new SetServerCommand(),
            new EnableServerCommand(),
            new DisableServerCommand(),
            new EnableHealthCommand(),
            new DisableHealthCommand(),
            new EnableAgentCommand(),
            new DisableAgentCommand(),
            new SetMaxconnFrontendCommand(),
            new SetMaxconnServerCommand(),
            new ExpertModeCommand(),
            DebugDevStallCommand.loop(),
            DebugDevStallCommand.delay()));
    }
}
