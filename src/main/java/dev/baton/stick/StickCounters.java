package dev.baton.stick;

/**
 * The stick counters one client connection tracks (HAProxy's {@code stkctr}): three slots ({@code sc0..sc2}) held
 * for the whole connection ({@code tcp-request connection|session track-scN}) and three for the stream under way
 * ({@code tcp-request content}, {@code http-request track-scN}: in HTTP, one request). A slot holds one entry of
 * one table; while held, the entry's {@code conn_cur} counts it and it is not purged. The counters move as HAProxy
 * moves them: tracking counts a connection ({@code conn_cnt}, {@code conn_rate}, {@code conn_cur}), an HTTP
 * request counts in {@code http_req_*} of the entries tracked when it starts and of the one it tracks, a 4xx or a
 * denied request in {@code http_err_*}, transferred bytes in {@code bytes_*}. A fetch {@code scN_*} reads the
 * stream's slot, else the connection's. One per client connection; its reactor thread only; allocation-free.
 */
public final class StickCounters {
    public static final int SLOTS = 3;

    private final StickTables tables;
    private final StickTable[] sessTable = new StickTable[SLOTS];
    private final StickEntry[] sessEntry = new StickEntry[SLOTS];
    private final StickTable[] streamTable = new StickTable[SLOTS];
    private final StickEntry[] streamEntry = new StickEntry[SLOTS];

    public StickCounters(final StickTables tables) {
        this.tables = tables;
    }

    /** The generation's tables, for {@code src_*}, {@code table_*} and named tables. */
    public StickTables tables() {
        return tables;
    }

    /** The entry slot {@code slot} tracks now (the stream's, else the connection's), or null. */
    public StickEntry entry(final int slot) {
        return streamEntry[slot] != null ? streamEntry[slot] : sessEntry[slot];
    }

    /** The table of {@link #entry(int)}, or null. */
    public StickTable table(final int slot) {
        return streamEntry[slot] != null ? streamTable[slot] : sessTable[slot];
    }

    /**
     * Tracks the entry of {@code key} in {@code table} in slot {@code slot}: for the connection when
     * {@code connection}, else for the stream; nothing when the slot is taken already (first rule wins) or the table
     * is full. With {@code httpRequest} the request under way counts in the entry at once, as HAProxy's
     * {@code http-request track-sc} does (the request was counted before the entry was tracked).
     */
    public void track(final int slot, final StickTable table, final StickKey key, final boolean connection,
                      final boolean httpRequest) {
        if (entry(slot) != null) {
            return;
        }
        final StickEntry e = table.acquire(key);
        if (e == null) {
            return;
        }
        if (connection) {
            sessTable[slot] = table;
            sessEntry[slot] = e;
        } else {
            streamTable[slot] = table;
            streamEntry[slot] = e;
        }
        table.add(e, StickDataType.CONN_CUR, null, 1);
        table.add(e, StickDataType.CONN_CNT, StickDataType.CONN_RATE, 1);
        if (httpRequest) {
            table.add(e, StickDataType.HTTP_REQ_CNT, StickDataType.HTTP_REQ_RATE, 1);
        }
    }

    /** The connection's session begins (its {@code tcp-request connection} rules passed): {@code sess_*}. */
    public void sessionStarted() {
        for (int i = 0; i < SLOTS; i++) {
            if (sessEntry[i] != null) {
                sessTable[i].add(sessEntry[i], StickDataType.SESS_CNT, StickDataType.SESS_RATE, 1);
            }
        }
    }

    /** An HTTP request starts: it counts in the entries tracked now. */
    public void httpRequest() {
        each(StickDataType.HTTP_REQ_CNT, StickDataType.HTTP_REQ_RATE, 1);
    }

    /** The request was denied or its response is a 4xx: it counts as an error. */
    public void httpError() {
        each(StickDataType.HTTP_ERR_CNT, StickDataType.HTTP_ERR_RATE, 1);
    }

    /** {@code in} bytes came from the client and {@code out} went to it. */
    public void bytes(final long in, final long out) {
        if (in > 0) {
            each(StickDataType.BYTES_IN_CNT, StickDataType.BYTES_IN_RATE, in);
        }
        if (out > 0) {
            each(StickDataType.BYTES_OUT_CNT, StickDataType.BYTES_OUT_RATE, out);
        }
    }

    private void each(final StickDataType counter, final StickDataType rate, final long n) {
        for (int i = 0; i < SLOTS; i++) {
            final StickEntry e = entry(i);
            if (e != null) {
                table(i).add(e, counter, rate, n);
            }
        }
    }

    /** The stream ended: its slots let their entries go ({@code conn_cur} down). */
    public void endStream() {
        for (int i = 0; i < SLOTS; i++) {
            if (streamEntry[i] != null) {
                streamTable[i].connectionEnded(streamEntry[i]);
                streamTable[i].release(streamEntry[i]);
                streamEntry[i] = null;
                streamTable[i] = null;
            }
        }
    }

    /** The connection ended: every slot lets its entry go. Idempotent. */
    public void endSession() {
        endStream();
        for (int i = 0; i < SLOTS; i++) {
            if (sessEntry[i] != null) {
                sessTable[i].connectionEnded(sessEntry[i]);
                sessTable[i].release(sessEntry[i]);
                sessEntry[i] = null;
                sessTable[i] = null;
            }
        }
    }
}
