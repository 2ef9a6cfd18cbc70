package dev.baton.sample;

/**
 * The stream timers HAProxy (2.8 on) offers as fetches, each the value of one log-format timer: what a log line or a
 * rule reads through {@link SampleContext#timerMs}. The fetch names and their timers are HAProxy's; baton offers
 * them with the 2.6 configuration language because the log's timers already exist.
 */
public enum StreamTimer {
    /** {@code %Ta}: active time of the request, from its first byte to the end of the response. */
    TXN_TOTAL("txn.timer.total", Uses.REQ | Uses.RES | Uses.END),
    /** {@code %Tu}: the stream's time without the idle time. */
    TXN_USER("txn.timer.user", Uses.REQ | Uses.RES | Uses.END),
    /** {@code %Tc}: time to connect to the server. */
    BC_CONNECT("bc.timer.connect", Uses.L4 | Uses.END),
    /** {@code %Th}: time of the client connection's handshakes. */
    FC_HANDSHAKE("fc.timer.handshake", Uses.L4 | Uses.END),
    /** {@code %Tt}: the stream's total time, from the accept. */
    FC_TOTAL("fc.timer.total", Uses.L4 | Uses.END),
    /** {@code %Ti}: idle time before the request's first byte. */
    REQ_IDLE("req.timer.idle", Uses.REQ | Uses.RES | Uses.END),
    /** {@code %Tq}: time to get the request from the accept or the previous response (idle and handshake included). */
    REQ_TQ("req.timer.tq", Uses.REQ | Uses.RES | Uses.END),
    /** {@code %TR}: time to get the request head from its first byte. */
    REQ_HDR("req.timer.hdr", Uses.REQ | Uses.RES | Uses.END),
    /** {@code %Tw}: time waiting in queues for a connection slot. */
    REQ_QUEUE("req.timer.queue", Uses.L4 | Uses.END),
    /** {@code %Tr}: time from the server connection to its complete response head. */
    RES_HDR("res.timer.hdr", Uses.RES | Uses.END),
    /** {@code %Td}: time to transfer the response body. */
    RES_DATA("res.timer.data", Uses.RES | Uses.END);

    private final String fetch;
    private final int uses;

    StreamTimer(final String fetch, final int uses) {
        this.fetch = fetch;
        this.uses = uses;
    }

    /** The fetch's name. */
    public String fetch() {
        return fetch;
    }

    /** Where it may be used ({@link Uses} bits). */
    public int uses() {
        return uses;
    }
}
