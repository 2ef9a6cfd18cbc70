package dev.baton.log;

import java.net.InetSocketAddress;

/**
 * The fields tcplog and httplog lines share: who, through which proxies to which server, the connect time,
 * bytes, termination state and the connection counts with retries. The {@code mode tcp} stream and the HTTP
 * session fill the client and frontend parts; the server leg the rest ({@code dev.baton.stream.ServerLeg}).
 */
public abstract class StreamLogFields {
    public InetSocketAddress client;
    /** For a client of a Unix socket (client null): its listener's id, logged as {@code unix:ID}; else 0. */
    public int unixListenerId;
    public String frontend;
    public String backend;
    public String server;
    /** Tc in ms; -1 when no connection was established. */
    public long connectMs;
    /** Bytes sent to the client. */
    public long bytesRead;
    public char terminationCause;
    public char terminationState;
    public int actconn;
    public int feconn;
    public int beconn;
    public int srvconn;
    public int retries;
    public boolean redispatched;
    /** Tw in ms: time spent waiting in queues before a server slot was held; -1 when it never got that far. */
    public long waitMs;
    /** How many entries the server's queue served while this stream waited in it (HAProxy's srv_queue). */
    public long srvQueue;
    /** How many entries the backend's queue served while this stream waited in it (HAProxy's backend_queue). */
    public long backendQueue;

    /** The client as HAProxy's {@code %ci:%cp} shows it: {@code ip:port}, or {@code unix:ID} for a Unix client. */
    public String clientText() {
        return client == null && unixListenerId != 0 ? "unix:" + unixListenerId : TrafficLog.address(client);
    }

    /** Forgets every shared field. */
    protected void clearShared() {
        client = null;
        unixListenerId = 0;
        frontend = null;
        backend = null;
        server = null;
        connectMs = 0;
        bytesRead = 0;
        terminationCause = 0;
        terminationState = 0;
        actconn = 0;
        feconn = 0;
        beconn = 0;
        srvconn = 0;
        retries = 0;
        redispatched = false;
        waitMs = 0;
        srvQueue = 0;
        backendQueue = 0;
    }
}
