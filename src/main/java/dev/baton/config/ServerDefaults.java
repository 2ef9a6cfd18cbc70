package dev.baton.config;

/**
 * The settings a {@code server} line starts from: baton's defaults, changed by the {@code default-server}
 * lines seen so far in the section (and in the {@code defaults} section the proxy inherits). Immutable.
 */
record ServerDefaults(int weight, int maxconn, boolean backup, boolean disabled, PoolOptions pool,
                      CheckOptions check, ServerReactions reactions, AgentCheckOptions agent, int minconn,
                      int maxqueue, SendProxy sendProxy, ServerTls tls, ServerDns dns) {
    static final ServerDefaults DEFAULT = new ServerDefaults(1, 0, false, false, PoolOptions.DEFAULT,
        CheckOptions.DEFAULT, ServerReactions.DEFAULT, AgentCheckOptions.DEFAULT, 0, 0, SendProxy.NONE, ServerTls.NONE,
        ServerDns.NONE);

    ServerDefaults withWeight(final int v) {
        return new ServerDefaults(v, maxconn, backup, disabled, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls, dns);
    }

    ServerDefaults withMaxconn(final int v) {
        return new ServerDefaults(weight, v, backup, disabled, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls, dns);
    }

    ServerDefaults withBackup(final boolean v) {
        return new ServerDefaults(weight, maxconn, v, disabled, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls, dns);
    }

    ServerDefaults withDisabled(final boolean v) {
        return new ServerDefaults(weight, maxconn, backup, v, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls, dns);
    }

    ServerDefaults withPool(final PoolOptions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, v, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls, dns);
    }

    ServerDefaults withCheck(final CheckOptions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, v, reactions, agent, minconn, maxqueue,
            sendProxy, tls, dns);
    }

    ServerDefaults withReactions(final ServerReactions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, v, agent, minconn, maxqueue,
            sendProxy, tls, dns);
    }

    ServerDefaults withAgent(final AgentCheckOptions v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, v, minconn, maxqueue,
            sendProxy, tls, dns);
    }

    ServerDefaults withMinconn(final int v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, agent, v, maxqueue,
            sendProxy, tls, dns);
    }

    ServerDefaults withMaxqueue(final int v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, agent, minconn, v,
            sendProxy, tls, dns);
    }

    ServerDefaults withSendProxy(final SendProxy v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, agent, minconn, maxqueue,
            v, tls, dns);
    }

    ServerDefaults withTls(final ServerTls v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, v, dns);
    }

    ServerDefaults withDns(final ServerDns v) {
        return new ServerDefaults(weight, maxconn, backup, disabled, pool, check, reactions, agent, minconn, maxqueue,
            sendProxy, tls, v);
    }
}
