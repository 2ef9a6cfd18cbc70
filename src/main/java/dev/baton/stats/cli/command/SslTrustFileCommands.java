package dev.baton.stats.cli.command;

import dev.baton.stats.cli.CliCommand;
import dev.baton.tls.TrustFiles;

import java.util.List;
import java.util.function.Supplier;

/**
 * HAProxy's CA and CRL file commands over the files of one kind: {@code new}, {@code set} (PEM payload),
 * {@code commit}, {@code abort}, {@code del} and {@code show ssl ca-file} (or {@code crl-file}). Reactor 0 only,
 * like every command; the transaction is the {@link TrustFiles}' state.
 */
final class SslTrustFileCommands {
    private SslTrustFileCommands() {
    }

    /**
     * The six commands over the files of kind {@code w} ({@code ca-file} or {@code crl-file}) of the configuration in
     * force ({@code files}: a reload brings new ones, and drops a transaction, as HAProxy's new process does).
     */
    static List<CliCommand> all(final Supplier<TrustFiles> files, final String w) {
        return List.of(
            new ActionCommand("new ssl " + w + " <file>", "create an empty " + w + ", to fill with set and commit",
                (args, out) -> files.get().create(args, out), "new", "ssl", w),
            new ActionCommand("set ssl " + w + " <file> <payload>", "replace the content of a " + w, (args, out) -> files.get().set(args, out), "set",
                "ssl", w),
            new ActionCommand("commit ssl " + w + " <file>", "verify new handshakes against the new content of a " + w,
                (args, out) -> files.get().commit(args, out), "commit", "ssl", w),
            new ActionCommand("abort ssl " + w + " <file>", "drop the transaction of a " + w, (args, out) -> files.get().abort(args, out), "abort",
                "ssl", w),
            new ActionCommand("del ssl " + w + " <file>", "delete a " + w + " no bind uses", (args, out) -> files.get().delete(args, out), "del", "ssl",
                w),
            new ActionCommand("show ssl " + w + " [<file>[:<index>]]", "list the " + w + "s, or show one, or one of its "
                + "entries", (args, out) -> files.get().show(args, out), "show", "ssl", w));
    }
}
