package dev.baton.stats.cli.command;

import dev.baton.stats.cli.CliCommand;
import dev.baton.stats.cli.CommandRegistry;
import dev.baton.tls.CertStore;

import java.util.ArrayList;
import java.util.List;

/** The runtime API's commands, in the order {@code help} lists them. */
public final class Commands {
    private Commands() {
    }

    public static CommandRegistry registry() {
        return registry(null);
    }

    /** With the certificate commands over {@code certificates} (null: a baton without TLS binds lists none). */
    public static CommandRegistry registry(final CertStore certificates) {
        final List<CliCommand> all = new ArrayList<>(List.of(
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
            new ReloadCommand(),
            DebugDevStallCommand.loop(),
            DebugDevStallCommand.delay()));
        if (certificates != null) {
            all.addAll(SslCertCommands.all(certificates));
        }
        return new CommandRegistry(all);
    }
}
