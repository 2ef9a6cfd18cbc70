package dev.baton.config;

/**
 * The settings a {@code server} line starts from: baton's defaults, changed by the {@code default-server}
 * lines seen so far in the section (and in the {@code defaults} section the proxy inherits). Immutable.
 */
record ServerDefaults(int weight, int maxconn, boolean backup, boolean disabled, PoolOptions pool,
                      CheckOptions check, ServerReactions reactions) {
    static final ServerDefaults DEFAULT = new ServerDefaults(1, 0, false, false, PoolOptions.DEFAULT,
        CheckOptions.DEFAULT, ServerReactions.DEFAULT);

    ServerDefaults withWeight(final int v) {
        return new ServerDefaults(v, maxconn, backup, disabled, pool, check, reactions);
    }

    ServerDefaults withMaxconn(final int v) {
        return new ServerDefaults(weight, v, backup, disabled, pool, check, reactions);
    }

    ServerDefaults withBackup(final boolean v) {
        return new ServerDefaults(weight, maxconn, v, disabled, pool, check, reactions);
    }

    ServerDefaults withDisabled(final boolean v) {
        return new ServerDefaults(weight, maxconn, backup, v, pool, check, reactions);
    }

    ServerDefaults withPool(final PoolOptions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, v, check, reactions);
    }

    ServerDefaults withCheck(final CheckOptions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, v, reactions);
    }

    ServerDefaults withReactions(final ServerReactions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, v);
    }
}
