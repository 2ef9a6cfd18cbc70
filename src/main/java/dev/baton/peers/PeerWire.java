package dev.baton.peers;

/**
 * The constants and integer encoding of HAProxy's peers protocol 2.1 (learnt from HAProxy 2.6's {@code peers.c}):
 * a session opens with three text lines and a status line; then each message is a class byte and a type byte,
 * followed, when the type has its high bit set, by a variable-length size and that many bytes. Integers are
 * HAProxy's variable-length encoding: below 240 one byte; otherwise the low four bits with 0xF0 set, then groups of
 * seven bits, each byte but the last with its high bit set ({@link #encodedLength}). Stateless.
 */
final class PeerWire {
    static final String PROTOCOL = "HAProxyS";
    static final int MAJOR = 2;
    static final int MINOR = 1;

    // status codes of the handshake (and of show peers' last_status)
    static final int SC_CONNECT = 100;
    static final int SC_CONNECTED = 110;
    static final int SC_SUCCESS = 200;
    static final int SC_TRY_AGAIN = 300;
    static final int SC_ERR_PROTO = 501;
    static final int SC_ERR_VERSION = 502;
    static final int SC_ERR_HOST = 503;
    static final int SC_ERR_PEER = 504;

    // message classes
    static final int CLASS_CONTROL = 0;
    static final int CLASS_ERROR = 1;
    static final int CLASS_STICKTABLE = 10;
    static final int CLASS_RESERVED = 255;

    // control messages
    static final int CTRL_RESYNC_REQUEST = 0;
    static final int CTRL_RESYNC_FINISHED = 1;
    static final int CTRL_RESYNC_PARTIAL = 2;
    static final int CTRL_RESYNC_CONFIRM = 3;
    static final int CTRL_HEARTBEAT = 4;

    // error messages
    static final int ERR_PROTOCOL = 0;
    static final int ERR_SIZE_LIMIT = 1;

    // stick-table messages (high bit set: they carry data)
    static final int STKT_UPDATE = 0x80;
    static final int STKT_INCUPDATE = 0x81;
    static final int STKT_DEFINE = 0x82;
    static final int STKT_SWITCH = 0x83;
    static final int STKT_ACK = 0x84;
    static final int STKT_UPDATE_TIMED = 0x85;
    static final int STKT_INCUPDATE_TIMED = 0x86;
    static final int DATA_BIT = 0x80;

    // key types on the wire
    static final int KT_SINT = 2;
    static final int KT_IPV4 = 4;
    static final int KT_IPV6 = 5;
    static final int KT_STR = 6;
    static final int KT_BIN = 7;

    /** The largest message body accepted (HAProxy's default buffer size). */
    static final int MAX_MESSAGE = 16384;

    /** HAProxy's timers: a learning that does not finish, reconnecting, a silent session's heartbeat. */
    static final long RESYNC_TIMEOUT_MS = 5000;
    static final long RECONNECT_TIMEOUT_MS = 5000;
    static final long HEARTBEAT_TIMEOUT_MS = 3000;

    private PeerWire() {
    }

    /** Writes {@code v} (unsigned) at {@code out[at]}; returns the position after it. */
    static int encode(final long v, final byte[] out, final int at) {
        int i = at;
        if (Long.compareUnsigned(v, 240) < 0) {
            out[i] = (byte) v;
            return i + 1;
        }
        out[i++] = (byte) (v | 0xF0);
        long rest = (v - 240) >>> 4;
        while (Long.compareUnsigned(rest, 128) >= 0) {
            out[i++] = (byte) (rest | 0x80);
            rest = (rest - 128) >>> 7;
        }
        out[i++] = (byte) rest;
        return i;
    }

    /** The bytes {@link #encode} writes for {@code v}. */
    static int encodedLength(final long v) {
        if (Long.compareUnsigned(v, 240) < 0) {
            return 1;
        }
        int n = 2;
        long rest = (v - 240) >>> 4;
        while (Long.compareUnsigned(rest, 128) >= 0) {
            n++;
            rest = (rest - 128) >>> 7;
        }
        return n;
    }
}
