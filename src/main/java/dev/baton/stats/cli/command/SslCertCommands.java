package dev.baton.stats.cli.command;

import dev.baton.stats.cli.CliCommand;
import dev.baton.tls.CertStore;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * HAProxy's certificate commands: {@code show ssl cert [NAME]}, {@code set ssl cert NAME <<} with the PEM as
 * payload, {@code commit ssl cert NAME}, {@code abort ssl cert NAME}. As in HAProxy, one transaction at a time: a
 * {@code set} prepares a new certificate for a file the binds serve, {@code commit} serves it to new connections
 * (existing ones keep theirs), {@code abort} drops it. Reactor 0 only, like every command; the transaction is this
 * object's state.
 */
final class SslCertCommands {
    /** The certificates of the configuration in force (a reload brings new ones). */
    private final Supplier<CertStore> current;
    /** The store the command being run works on ({@link #current}'s at its start). */
    private CertStore store;
    /** The store the transaction was read for: a reload in between drops the transaction, as HAProxy's does. */
    private CertStore transactionStore;
    private String transactionName;
    private CertStore.Pending transaction;

    private SslCertCommands(final Supplier<CertStore> current) {
        this.current = current;
    }

    /** The certificate commands over the certificates of the configuration in force. */
    static List<CliCommand> all(final Supplier<CertStore> current) {
        final SslCertCommands s = new SslCertCommands(current);
        return List.of(
            new ActionCommand("show ssl cert [<certfile>]", "display the SSL certificates used in memory, or the details of "
                + "a file", (a, o) -> s.run(s::show, a, o), "show", "ssl", "cert"),
            new ActionCommand("set ssl cert <certfile> <payload>", "replace a certificate file", (a, o) -> s.run(s::set, a, o),
                "set", "ssl", "cert"),
            new ActionCommand("commit ssl cert <certfile>", "commit a certificate file", (a, o) -> s.run(s::commit, a, o),
                "commit", "ssl", "cert"),
            new ActionCommand("abort ssl cert <certfile>", "abort a transaction for a certificate file", (a, o) -> s.run(s::abort, a, o),
                "abort", "ssl", "cert"),
            new ActionCommand("new ssl cert <certfile>", "create an empty certificate file, to fill with set and "
                + "commit and then add to a crt-list", (a, o) -> s.run(s::create, a, o), "new", "ssl", "cert"),
            new ActionCommand("del ssl cert <certfile>", "delete a certificate file no bind uses", (a, o) -> s.run(s::delete, a, o), "del",
                "ssl", "cert"));
    }

    /** Runs {@code action} on the store in force; a transaction read for an earlier store is forgotten. */
    private void run(final java.util.function.BiConsumer<List<String>, StringBuilder> action, final List<String> args,
                     final StringBuilder out) {
        store = current.get();
        if (transaction != null && transactionStore != store) {
            transaction = null;
            transactionName = null;
        }
        action.accept(args, out);
    }

    private void show(final List<String> args, final StringBuilder out) {
        if (args.isEmpty()) {
            if (transaction != null) {
                out.append("# transaction\n*").append(transactionName).append('\n');
            }
            out.append("# filename\n");
            for (final String name : store.names()) {
                out.append(name).append('\n');
            }
            return;
        }
        String name = args.get(0);
        if (name.startsWith("*")) {
            name = name.substring(1);
            if (transaction == null || !name.equals(transactionName)) {
                out.append("Can't display the certificate: no transaction for '").append(name).append("'!\n");
                return;
            }
            out.append(store.show(name, transaction));
            return;
        }
        final String shown = store.show(name);
        out.append(shown != null ? shown : "Can't display the certificate: Not found or the certificate is a bundle!\n");
    }

    private void set(final List<String> args, final StringBuilder out) {
        if (args.size() < 2 || args.get(1).isEmpty()) {
            out.append("'set ssl cert' expects a filename and a certificate as a payload\n");
            return;
        }
        final String name = args.get(0);
        if (transaction != null && !name.equals(transactionName)) {
            out.append("The ongoing transaction is about '").append(transactionName)
                .append("' but you are trying to set '").append(name).append("'\n");
            return;
        }
        if (!store.knows(name)) {
            out.append("Can't replace a certificate which is not referenced by the configuration!\n");
            return;
        }
        try {
            final CertStore.Pending p = store.read(name, args.get(args.size() - 1));
            out.append(transaction == null ? "Transaction created" : "Transaction updated").append(" for certificate ")
                .append(name).append("!\n");
            transaction = p;
            transactionName = name;
            transactionStore = store;
        } catch (final IOException e) {
            out.append("Can't update ").append(name).append("!\n").append(e.getMessage()).append('\n');
        }
    }

    /**
     * Whether {@code args} name the ongoing transaction, for {@code commit}/{@code abort}; else the refusal in HAProxy's
     * words is appended ({@code doing}: "set" or "abort a transaction for", as HAProxy words each; a commit's refusal
     * ends with "Can't commit NAME!").
     */
    private boolean namesTransaction(final String verb, final String doing, final List<String> args,
                                     final StringBuilder out) {
        if (args.isEmpty()) {
            out.append("'").append(verb).append(" ssl cert' expects a filename\n");
            return false;
        }
        final String failed = verb.equals("commit") ? "Can't commit " + args.get(0) + "!\n" : "";
        if (transaction == null) {
            out.append(failed.isEmpty() ? "No ongoing transaction!\n" : "No ongoing transaction! !\n" + failed);
            return false;
        }
        if (!args.get(0).equals(transactionName)) {
            out.append("The ongoing transaction is about '").append(transactionName)
                .append("' but you are trying to ").append(doing).append(" '").append(args.get(0)).append("'\n")
                .append(failed);
            return false;
        }
        return true;
    }

    private void commit(final List<String> args, final StringBuilder out) {
        if (!namesTransaction("commit", "set", args, out)) {
            return;
        }
        try {
            store.commit(transactionName, transaction);
            out.append("Committing ").append(transactionName).append("\nSuccess!\n");
        } catch (final IOException e) {
            out.append("Committing ").append(transactionName).append("\nFailed!\n").append(e.getMessage())
                .append('\n');
        }
        transaction = null;
        transactionName = null;
    }

    private void create(final List<String> args, final StringBuilder out) {
        if (args.isEmpty()) {
            out.append("'new ssl cert' expects a filename\n");
        } else if (!store.create(args.get(0))) {
            out.append("Certificate '").append(args.get(0)).append("' already exists!\n");
        } else {
            out.append("New empty certificate store '").append(args.get(0)).append("'!\n");
        }
    }

    private void delete(final List<String> args, final StringBuilder out) {
        if (args.isEmpty()) {
            out.append("'del ssl cert' expects a certificate name\n");
            return;
        }
        final String name = args.get(0);
        if (!store.knows(name)) {
            out.append("Can't remove the certificate: certificate '").append(name).append("' doesn't exist!\n\n");
        } else if (name.equals(transactionName)) {
            out.append("Can't remove the certificate: ongoing transaction for the certificate '").append(name)
                .append("'\n");
        } else if (store.used(name)) {
            out.append("Can't remove the certificate: certificate '").append(name).append("' in use, can't be ")
                .append("deleted!\n\n");
        } else {
            store.delete(name);
            out.append("Certificate '").append(name).append("' deleted!\n");
        }
    }

    private void abort(final List<String> args, final StringBuilder out) {
        if (!namesTransaction("abort", "abort a transaction for", args, out)) {
            return;
        }
        out.append("Transaction aborted for certificate '").append(transactionName).append("'!\n");
        transaction = null;
        transactionName = null;
    }
}
