package dev.baton.dns;

import java.net.InetAddress;

/**
 * What a DNS SRV answer does to one server it feeds (HAProxy 2.6's resolv_check_response and
 * resolv_srvrq_cleanup_srv), applied on the servers' thread. {@code filled}: the server serves a record of the
 * answer: {@code additional} is the target's address from the additional section (null: none, the server keeps its
 * address until its own A/AAAA resolution of the target answers), {@code fqdn} the target when the server just took
 * the record (null when it already held it), {@code port} the record's port and {@code weight} the record's weight
 * scaled to 0-256 (-1: {@code resolve-opts ignore-weight}). Not filled: the record the server held is gone (or the
 * SRV name failed past its hold time): it loses its name, address and port and goes to maintenance.
 */
public record SrvChange(boolean filled, InetAddress additional, String fqdn, int port, int weight) {
    /** The change of a server whose record is gone. */
    public static final SrvChange REMOVED = new SrvChange(false, null, null, 0, -1);
}
