package dev.baton.config;

import dev.baton.stick.StickTableConfig;

import java.util.List;

/**
 * One {@code peers NAME} section (HAProxy 2.6 manual 3.5): the local peer (this process: where it listens, the
 * name it announces), the remote peers it connects to, and the tables declared in the section ({@code table NAME},
 * called {@code NAME/table}). {@code disabled}: the section shares nothing. A section without a local peer is
 * dropped at load with HAProxy's warning and never reaches this record. Immutable.
 */
public record PeersConfig(String name, boolean disabled, Peer local, List<Peer> remotes,
                          List<StickTableConfig> tables) {
    public PeersConfig {
        remotes = List.copyOf(remotes);
        tables = List.copyOf(tables);
    }

    /** One {@code peer}/{@code server} line: a name and the address it listens on (host as written). */
    public record Peer(String name, String host, int port) {
        /** {@code host:port}, IPv6 hosts in brackets. */
        public String address() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** The remote peer called {@code name}, or null. */
    public Peer remote(final String name) {
        for (final Peer p : remotes) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }
}
