package dev.baton.stats.cli.command;

import dev.baton.stats.cli.CliCommand;
import dev.baton.tls.TrustFiles;

import java.util.List;

/**
 * HAProxy's CA and CRL file commands over the files of one kind: {@code new}, {@code set} (PEM payload),
 * {@code commit}, {@code abort}, {@code del} and {@code show ssl ca-file} (or {@code crl-file}). Reactor 0 only,
 * like every command; the transaction is the {@link TrustFiles}' state.
 */
final class SslTrustFileCommands {
    private SslTrustFileCommands() {
    }

    /** The six commands over {@code files}. */
    static List<CliCommand> all(final TrustFiles files) {
        final String w = files.word();
        return List.of(
            new ActionCommand("new ssl " + w + " <file>", "create an empty " + w + ", to fill with set and commit",
                files::create, "new", "ssl", w),
            new ActionCommand("set ssl " + w + " <file> <payload>", "replace the content of a " + w, files::set, "set",
                "ssl", w),
            new ActionCommand("commit ssl " + w + " <file>", "verify new handshakes against the new content of a " + w,
                files::commit, "commit", "ssl", w),
            new ActionCommand("abort ssl " + w + " <file>", "drop the transaction of a " + w, files::abort, "abort",
                "ssl", w),
            new ActionCommand("del ssl " + w + " <file>", "delete a " + w + " no bind uses", files::delete, "del", "ssl",
                w),
            new ActionCommand("show ssl " + w + " [<file>[:<index>]]", "list the " + w + "s, or show one, or one of its "
                + "entries", files::show, "show", "ssl", w));
    }
}
