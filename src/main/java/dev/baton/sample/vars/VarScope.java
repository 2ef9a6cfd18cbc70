package dev.baton.sample.vars;

/**
 * Where a variable lives and how long, HAProxy's variable scopes: {@link #PROC} for the whole process,
 * {@link #SESS} for the client connection, {@link #TXN} for one request and its response, {@link #REQ} while the
 * request is processed and {@link #RES} while the response is. A name is written {@code scope.name}.
 */
public enum VarScope {
    PROC("proc"), SESS("sess"), TXN("txn"), REQ("req"), RES("res");

    private final String prefix;

    VarScope(final String prefix) {
        this.prefix = prefix;
    }

    /** The scope's prefix, without its dot. */
    public String prefix() {
        return prefix;
    }
}
