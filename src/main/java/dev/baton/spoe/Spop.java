package dev.baton.spoe;

/**
 * The constants of SPOP 2.0, the protocol between an SPOE engine and its agents (learnt from HAProxy 2.6's
 * {@code doc/SPOE.txt}): frame types, frame flags, typed-data types, action types, variable scopes and the status
 * codes of DISCONNECT frames, and the error codes {@code option set-on-error} reports to the stream. Stateless.
 */
public final class Spop {
    /** The version baton speaks, announced in HAPROXY-HELLO. */
    public static final String VERSION = "2.0";

    // frame types
    public static final int UNSET = 0;
    public static final int HAPROXY_HELLO = 1;
    public static final int HAPROXY_DISCONNECT = 2;
    public static final int NOTIFY = 3;
    public static final int AGENT_HELLO = 101;
    public static final int AGENT_DISCONNECT = 102;
    public static final int ACK = 103;

    // frame flags
    public static final int FLAG_FIN = 1;
    public static final int FLAG_ABORT = 2;

    // typed data
    public static final int T_NULL = 0;
    public static final int T_BOOL = 1;
    public static final int T_INT32 = 2;
    public static final int T_UINT32 = 3;
    public static final int T_INT64 = 4;
    public static final int T_UINT64 = 5;
    public static final int T_IPV4 = 6;
    public static final int T_IPV6 = 7;
    public static final int T_STR = 8;
    public static final int T_BIN = 9;
    /** The boolean's value is the first flag bit, above the four type bits. */
    public static final int BOOL_TRUE = 0x10;

    // actions in ACK frames
    public static final int ACTION_SET_VAR = 1;
    public static final int ACTION_UNSET_VAR = 2;

    // variable scopes of actions
    public static final int SCOPE_PROC = 0;
    public static final int SCOPE_SESS = 1;
    public static final int SCOPE_TXN = 2;
    public static final int SCOPE_REQ = 3;
    public static final int SCOPE_RES = 4;

    // status codes of DISCONNECT frames
    public static final int STATUS_NONE = 0;
    public static final int STATUS_IO = 1;
    public static final int STATUS_TIMEOUT = 2;
    public static final int STATUS_TOO_BIG = 3;
    public static final int STATUS_INVALID = 4;
    public static final int STATUS_NO_VSN = 5;
    public static final int STATUS_NO_FRAME_SIZE = 6;
    public static final int STATUS_NO_CAP = 7;
    public static final int STATUS_BAD_VSN = 8;
    public static final int STATUS_BAD_FRAME_SIZE = 9;
    public static final int STATUS_FRAG_NOT_SUPPORTED = 10;
    public static final int STATUS_INTERLACED_FRAMES = 11;
    public static final int STATUS_FRAMEID_NOTFOUND = 12;
    public static final int STATUS_RES = 13;
    public static final int STATUS_UNKNOWN = 99;

    // what a stream's set-on-error variable holds (below 256: the engine's own; 256 + N: SPOP status N)
    public static final int ERR_TIMEOUT = 1;
    public static final int ERR_RES = 2;
    public static final int ERR_TOO_BIG = 3;
    public static final int ERR_FRAG_NOT_SUPPORTED = 4;
    public static final int ERR_INTERRUPT = 5;
    public static final int ERR_UNKNOWN = 255;
    public static final int ERR_SPOP = 256;

    private Spop() {
    }

    /** The text HAProxy sends with status {@code code} in a HAPROXY-DISCONNECT frame. */
    public static String reason(final int code) {
        switch (code) {
            case STATUS_NONE:
                return "normal";
            case STATUS_IO:
                return "I/O error";
            case STATUS_TIMEOUT:
                return "a timeout occurred";
            case STATUS_TOO_BIG:
                return "frame is too big";
            case STATUS_INVALID:
                return "invalid frame received";
            case STATUS_NO_VSN:
                return "version value not found";
            case STATUS_NO_FRAME_SIZE:
                return "max-frame-size value not found";
            case STATUS_NO_CAP:
                return "capabilities value not found";
            case STATUS_BAD_VSN:
                return "unsupported version";
            case STATUS_BAD_FRAME_SIZE:
                return "max-frame-size too big or too small";
            case STATUS_FRAG_NOT_SUPPORTED:
                return "fragmentation not supported";
            case STATUS_INTERLACED_FRAMES:
                return "invalid interlaced frames";
            case STATUS_FRAMEID_NOTFOUND:
                return "frame-id not found";
            case STATUS_RES:
                return "resource allocation error";
            default:
                return "an unknown error occurred";
        }
    }
}
