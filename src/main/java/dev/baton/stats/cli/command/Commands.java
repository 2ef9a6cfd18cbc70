package dev.baton.stats.cli.command;

import dev.baton.sample.match.PatternRefs;
import dev.baton.stats.cli.CliCommand;
import dev.baton.stats.cli.CommandRegistry;
import dev.baton.tls.CertStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The runtime API's commands, in the order {@code help} lists them. */
public final class Commands {
    private Commands() {
    }

    public static CommandRegistry registry() {
        return registry(null);
    }

    /** With the certificate commands over {@code certificates} (null: a baton without TLS binds lists none). */
    public static CommandRegistry registry(final CertStore certificates) {
        final PatternRefs none = new PatternRefs();
        return registry(certificates, () -> none);
    }

    /**
     * With the map and ACL commands over the pattern references of the configuration in force ({@code patterns}
     * gives them at each command: a reload brings new ones, read from the files again, as HAProxy's new process does).
     */
    public static CommandRegistry registry(final CertStore certificates, final Supplier<PatternRefs> patterns) {
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
        all.addAll(PatternCommands.all(patterns));
        if (certificates != null) {
            all.addAll(SslCertCommands.all(certificates));
            all.addAll(SslCrtListCommands.all(certificates.crtLists()));
            all.addAll(SslTrustFileCommands.all(certificates.caFiles()));
            all.addAll(SslTrustFileCommands.all(certificates.crlFiles()));
        }
        return new CommandRegistry(all);
    }
}
