package dev.baton.config;

/**
 * The settings a {@code server} line starts from: baton's defaults, changed by the {@code default-server}
 * lines seen so far in the section (and in the {@code defaults} section the proxy inherits). Immutable.
 */
record ServerDefaults(int weight, int maxconn, boolean backup, boolean disabled, PoolOptions pool,
                      CheckOptions check, ServerReactions reactions, AgentCheckOptions agent, int minconn,
                      int maxqueue, SendProxy sendProxy, ServerTls tls) {
    static final ServerDefaults DEFAULT = new ServerDefaults(1, 0, false, false, PoolOptions.DEFAULT,
        CheckOptions.DEFAULT, ServerReactions.DEFAULT, AgentCheckOptions.DEFAULT, 0, 0, SendProxy.NONE, ServerTls.NONE);

    ServerDefaults withWeight(final int v) {
        return new ServerDefaults(v, maxconn, backup, disabled, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls);
    }

    ServerDefaults withMaxconn(final int v) {
        return new ServerDefaults(weight, v, backup, disabled, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls);
    }

    ServerDefaults withBackup(final boolean v) {
        return new ServerDefaults(weight, maxconn, v, disabled, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls);
    }

    ServerDefaults withDisabled(final boolean v) {
        return new ServerDefaults(weight, maxconn, backup, v, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls);
    }

    ServerDefaults withPool(final PoolOptions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, v, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls);
    }

    ServerDefaults withCheck(final CheckOptions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, v, reactions, agent, minconn, maxqueue,
            sendProxy, tls);
    }

    ServerDefaults withReactions(final ServerReactions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, v, agent, minconn, maxqueue,
            sendProxy, tls);
    }

    ServerDefaults withAgent(final AgentCheckOptions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, v, minconn, maxqueue,
            sendProxy, tls);
    }

    ServerDefaults withMinconn(final int v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, agent, v, maxqueue,
            sendProxy, tls);
    }

    ServerDefaults withMaxqueue(final int v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, agent, minconn, v,
            sendProxy, tls);
    }

    ServerDefaults withSendProxy(final SendProxy v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, agent, minconn, maxqueue,
            v, tls);
    }

    ServerDefaults withTls(final ServerTls v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, v);
    }
}
