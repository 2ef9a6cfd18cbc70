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
        return registry(() -> certificates, () -> none);
    }

    /**
     * With the map and ACL commands over the pattern references of the configuration in force ({@code patterns}
     * gives them at each command: a reload brings new ones, read from the files again, as HAProxy's new process does),
     * and the certificate commands over its certificates ({@code certificates}, null without TLS binds): listed when
     * the first configuration has TLS binds; a later configuration without any keeps answering from the last store.
     */
    public static CommandRegistry registry(final Supplier<CertStore> certificates,
                                           final Supplier<PatternRefs> patterns) {
        final List<CliCommand> all = new ArrayList<>(List.of(
            new HelpCommand(),
            new PromptCommand(),
            new QuitCommand(),
            new ShowInfoCommand(),
            new ShowStatCommand(),
            new ShowServersStateCommand(),
            new ShowServersConnCommand(),
            new ShowActivityCommand(),
            new ShowCacheCommand(),
            new ShowPeersCommand(),
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
            new AddServerCommand(),
            new DelServerCommand(),
            new ShowBackendCommand(),
            DebugDevStallCommand.loop(),
            DebugDevStallCommand.delay()));
        all.addAll(PatternCommands.all(patterns));
        all.addAll(StickTableCommands.all());
        all.addAll(DynamicCookieCommands.all());
        final CertStore first = certificates.get();
        if (first != null) {
            final CertStore[] last = {first};
            final Supplier<CertStore> live = () -> {
                final CertStore now = certificates.get();
                if (now != null) {
                    last[0] = now;
                }
                return last[0];
            };
            all.addAll(SslCertCommands.all(live));
            all.addAll(SslCrtListCommands.all(() -> live.get().crtLists()));
            all.addAll(SslTrustFileCommands.all(() -> live.get().caFiles(), first.caFiles().word()));
            all.addAll(SslTrustFileCommands.all(() -> live.get().crlFiles(), first.crlFiles().word()));
        }
        return new CommandRegistry(all);
    }
}
